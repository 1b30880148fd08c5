package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// The query commands must be as trustworthy as lint: what could not be read
// is unknown (never "granted by nobody"), and a path that would still fail
// says why.

// TestAccessUnreadablePermissionSet replaces the permission set granting
// Billing_EC-Svc with a named pipe: access must say the grant is unknown,
// print the notice and exit 3.
func TestAccessUnreadablePermissionSet(t *testing.T) {
	dir := unreadTree(t)
	p := filepath.Join(dir, filepath.FromSlash(urPSFile))
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skipf("named pipes not supported: %v", err)
	}
	code, out, stderr := runCLI(t, "access", "Billing_API", dir)
	if code != exitIncomplete {
		t.Errorf("exit %d, want %d (some files could not be read)", code, exitIncomplete)
	}
	if strings.Contains(out, "granted by no permission set") {
		t.Errorf("access concludes from an unreadable permission set:\n%s", out)
	}
	if !strings.Contains(out, "unreadable ("+urPSFile+")") {
		t.Errorf("access does not name the unreadable permission set:\n%s", out)
	}
	if !strings.Contains(stderr, urPSFile) {
		t.Errorf("stderr lacks the notice about %s:\n%s", urPSFile, stderr)
	}
	for _, cmd := range [][]string{{"inventory", dir}, {"checklist", dir}, {"graph", dir}} {
		if code, _, _ := runCLI(t, cmd...); code != exitIncomplete {
			t.Errorf("nclint %s: exit %d, want %d", cmd[0], code, exitIncomplete)
		}
	}
}

// TestInventoryUnreadableNamedCredential: a named credential that cannot be
// read is not a legacy one.
func TestInventoryUnreadableNamedCredential(t *testing.T) {
	dir := unreadTree(t)
	const nc = urBase + "namedCredentials/Billing_API.namedCredential-meta.xml"
	breakPath(t, dir, nc)
	_, out, _ := runCLI(t, "inventory", dir)
	var row string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "Billing_API,") {
			row = l
		}
	}
	if !strings.HasPrefix(row, "Billing_API,,,unreadable,") {
		t.Errorf("Billing_API row = %q, want type unreadable:\n%s", row, out)
	}
	_, out, _ = runCLI(t, "access", "Billing_API", dir)
	if strings.Contains(out, "legacy") || !strings.Contains(out, "Billing_API is unreadable ("+nc+")") {
		t.Errorf("access on an unreadable named credential:\n%s", out)
	}
}

// TestAccessPathProblemsFromFindings: the sample's paths through a
// CSR-only certificate (NC304), an OAuth external credential without its
// signing certificate (NC506) and an external credential file that is not
// valid metadata (NC901) are marked; a principal's problem stays on its
// own paths.
func TestAccessPathProblemsFromFindings(t *testing.T) {
	for q, want := range map[string]string{
		"Vault_API":       "      ! NC304 certificate-not-signed: Certificate vault_mtls_2027 holds only a certificate signing request",
		"ec:Esign_JWT_EC": "      ! NC506 oauth-external-credential-incomplete: External credential Esign_JWT_EC uses the OAuth JwtBearer flow",
		"ec:Shipping_EC":  "      ! NC901 invalid-metadata: ExternalCredential \"Shipping_EC\" has no <authenticationProtocol>",
	} {
		_, out, _ := runCLI(t, "access", "--now", "2026-06-01", q, sample)
		if !strings.Contains(out, want) {
			t.Errorf("access %s lacks %q:\n%s", q, want, out)
		}
	}
	_, out, _ := runCLI(t, "access", "--now", "2026-06-01", "Partner_Portal", sample)
	if strings.Contains(out, "!") {
		t.Errorf("Partner_Portal's paths have no failing finding, yet:\n%s", out)
	}
}

// TestAccessExpiredCertificate: with --now after ship_mtls's notAfter, the
// paths to Ship_API carry NC302, the inventory says it expired and the
// checklist asks to renew it.
func TestAccessExpiredCertificate(t *testing.T) {
	_, out, _ := runCLI(t, "access", "--now", "2032-01-01", "Ship_API", accessFixture)
	if !strings.Contains(out, "! NC302 certificate-expired: Certificate ship_mtls expired on 2031-06-30") {
		t.Errorf("access Ship_API after expiry:\n%s", out)
	}
	_, out, _ = runCLI(t, "access", "--now", "2026-06-01", "Ship_API", accessFixture)
	if strings.Contains(out, "NC302") {
		t.Errorf("access Ship_API before expiry reports NC302:\n%s", out)
	}
	_, out, _ = runCLI(t, "inventory", "--now", "2032-01-01", accessFixture)
	if !strings.Contains(out, "ship_mtls (expired on 2031-06-30)") {
		t.Errorf("inventory after expiry:\n%s", out)
	}
	_, out, _ = runCLI(t, "inventory", "--now", "2031-06-20", accessFixture)
	if !strings.Contains(out, "ship_mtls (expires on 2031-06-30, in 10 days)") {
		t.Errorf("inventory before expiry:\n%s", out)
	}
	_, out, _ = runCLI(t, "checklist", "--now", "2032-01-01", accessFixture)
	if !strings.Contains(out, "- [ ] `ship_mtls`: Certificate expired on 2031-06-30. Renew it") {
		t.Errorf("checklist after expiry:\n%s", out)
	}
	if code, _, stderr := runCLI(t, "inventory", "--now", "yesterday", accessFixture); code != exitUsage || !strings.Contains(stderr, "--now") {
		t.Errorf("inventory --now yesterday: exit %d, stderr %s", code, stderr)
	}
}

// TestAccessGrantsBelowAPI59: with sourceApiVersion 58.0 the grant cannot
// deploy; the path carries NC101's finding.
func TestAccessGrantsBelowAPI59(t *testing.T) {
	dir := unreadTree(t)
	mustWrite(t, filepath.Join(dir, "sfdx-project.json"), `{"packageDirectories":[{"path":"force-app","default":true}],"sourceApiVersion":"58.0"}`)
	_, out, _ := runCLI(t, "access", "Billing_API", dir)
	if !strings.Contains(out, "! NC101 principal-not-granted: Principal \"Svc\" of external credential Billing_EC is granted in permission set Billing_Users, but externalCredentialPrincipalAccesses exists only from API 59.0") {
		t.Errorf("access Billing_API at API 58:\n%s", out)
	}
}

// TestAccessDirectHostCaller: PayoutReportClient calls api.payflux.com with
// a literal URL; the host's answer lists it, redacted.
func TestAccessDirectHostCaller(t *testing.T) {
	_, out, _ := runCLI(t, "access", "host:api.payflux.com", sample)
	want := "Apex PayoutReportClient → https://api.payflux.com/v1/payouts?status=…&date… (force-app/main/default/classes/PayoutReportClient.cls:8): calls the host directly, bypassing the named credential nc:Payments_API"
	if !strings.Contains(out, want) {
		t.Errorf("access host:api.payflux.com lacks\n%s\nin\n%s", want, out)
	}
}

// TestAccessUnknownNames: a name referenced but not in the tree, and an
// unknown KIND: prefix.
func TestAccessUnknownNames(t *testing.T) {
	code, _, stderr := runCLI(t, "access", "Inventory_API", sample)
	if code != exitUsage || !strings.Contains(stderr, "Inventory_API is referenced by Apex InventoryClient but is not in the tree") {
		t.Errorf("access Inventory_API: exit %d, stderr:\n%s", code, stderr)
	}
	code, _, stderr = runCLI(t, "access", "foo:Billing_EC", sample)
	if code != exitUsage || !strings.Contains(stderr, "unknown kind foo; kinds are nc, ec, principal, ps, psg, class, host") {
		t.Errorf("access foo:Billing_EC: exit %d, stderr:\n%s", code, stderr)
	}
}
