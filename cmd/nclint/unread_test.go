package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/nclint/nclint/internal/sarifcheck"
)

// Content nclint cannot read is unknown, not absent. These trees make a
// file or a metadata folder unreadable with a broken symbolic link, which
// fails for root too (root ignores file modes), and check that no rule
// judges from the missing evidence and that each skip is reported.

const (
	urBase   = "force-app/main/default/"
	urECFile = urBase + "externalCredentials/Billing_EC.externalCredential-meta.xml"
	urPSFile = urBase + "permissionsets/Billing_Users.permissionset-meta.xml"
)

// unreadTree is a small project in which Billing_API uses Billing_EC and
// Billing_Users grants its principal; Ledger_EC's principal is granted by
// nobody (a true NC101, skipped only while a permission set whose content
// is wholly unknown could hold its grant).
func unreadTree(t *testing.T) string {
	t.Helper()
	const decl = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
	ec := func(name string) string {
		return decl + `<ExternalCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <authenticationProtocol>Custom</authenticationProtocol>
    <externalCredentialParameters>
        <parameterGroup>Svc</parameterGroup>
        <parameterName>Svc</parameterName>
        <parameterType>NamedPrincipal</parameterType>
        <sequenceNumber>1</sequenceNumber>
    </externalCredentialParameters>
    <label>` + name + `</label>
</ExternalCredential>
`
	}
	nc := func(name, ec string) string {
		return decl + `<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <calloutStatus>Enabled</calloutStatus>
    <label>` + name + `</label>
    <namedCredentialParameters>
        <parameterName>Url</parameterName>
        <parameterType>Url</parameterType>
        <parameterValue>https://api.example.com</parameterValue>
    </namedCredentialParameters>
    <namedCredentialParameters>
        <externalCredential>` + ec + `</externalCredential>
        <parameterName>ExternalCredential</parameterName>
        <parameterType>Authentication</parameterType>
    </namedCredentialParameters>
    <namedCredentialType>SecuredEndpoint</namedCredentialType>
</NamedCredential>
`
	}
	return writeTree(t, map[string]string{
		"sfdx-project.json": `{"packageDirectories":[{"path":"force-app","default":true}],"sourceApiVersion":"62.0"}`,
		urECFile:            ec("Billing EC"),
		urBase + "externalCredentials/Ledger_EC.externalCredential-meta.xml": ec("Ledger EC"),
		urBase + "namedCredentials/Billing_API.namedCredential-meta.xml":     nc("Billing API", "Billing_EC"),
		urBase + "namedCredentials/Ledger_API.namedCredential-meta.xml":      nc("Ledger API", "Ledger_EC"),
		urPSFile: decl + `<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <externalCredentialPrincipalAccesses>
        <enabled>true</enabled>
        <externalCredentialPrincipal>Billing_EC-Svc</externalCredentialPrincipal>
    </externalCredentialPrincipalAccesses>
    <label>Billing Users</label>
    <objectPermissions>
        <allowRead>true</allowRead>
        <object>UserExternalCredential</object>
    </objectPermissions>
</PermissionSet>
`,
	})
}

// breakPath replaces the file or directory rel with a broken symbolic link.
func breakPath(t *testing.T, dir, rel string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.RemoveAll(p); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "nowhere"), p); err != nil {
		t.Skipf("symbolic links not supported: %v", err)
	}
}

type unreadReport struct {
	Findings []struct {
		RuleID  string `json:"ruleId"`
		Message string `json:"message"`
	} `json:"findings"`
	Notifications []struct {
		File    string `json:"file"`
		Rule    string `json:"rule"`
		Message string `json:"message"`
	} `json:"notifications"`
}

func TestUnreadableContentIsNotJudged(t *testing.T) {
	for _, tc := range []struct {
		name   string
		broken string
		// forbidden are findings (rule and message part) the missing
		// evidence used to cause.
		forbidden [][2]string
		// skips are the notices wanted: rule and message part.
		skips [][2]string
		fifo  bool // a named pipe instead of a broken symbolic link
	}{
		{"permission set cannot be opened", urPSFile,
			[][2]string{{"NC101", "Billing_EC"}},
			[][2]string{{"NC101", "external credential Billing_EC"}, {"NC101", "external credential Ledger_EC"}}, false},
		{"external credential cannot be opened", urECFile,
			[][2]string{{"NC501", "Billing_EC"}, {"NC102", "Billing_EC"}},
			[][2]string{{"NC102", "Billing_EC-Svc"}}, false},
		{"externalCredentials folder cannot be listed", urBase + "externalCredentials",
			[][2]string{{"NC501", "Billing_EC"}, {"NC102", "Billing_EC"}},
			[][2]string{{"NC501", "external credential Billing_EC"}, {"NC102", "Billing_EC-Svc"}}, false},
		{"permission set is a named pipe", urPSFile,
			[][2]string{{"NC101", "Billing_EC"}},
			[][2]string{{"NC101", "external credential Billing_EC"}}, true},
		{"permissionsets folder cannot be listed", urBase + "permissionsets",
			[][2]string{{"NC101", "Billing_EC"}},
			[][2]string{{"NC101", "external credential Billing_EC"}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := unreadTree(t)
			if tc.fifo {
				p := filepath.Join(dir, filepath.FromSlash(tc.broken))
				if err := os.Remove(p); err != nil {
					t.Fatal(err)
				}
				if err := syscall.Mkfifo(p, 0o644); err != nil {
					t.Skipf("named pipes not supported: %v", err)
				}
			} else {
				breakPath(t, dir, tc.broken)
			}
			_, out, stderr := runCLI(t, "--format", "json", "--fail-on", "none", "--now", "2026-06-01", dir)
			var rep unreadReport
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatalf("json: %v\n%s\n%s", err, out, stderr)
			}
			for _, f := range rep.Findings {
				for _, bad := range tc.forbidden {
					if f.RuleID == bad[0] && strings.Contains(f.Message, bad[1]) {
						t.Errorf("finding from missing evidence: %s %s", f.RuleID, f.Message)
					}
				}
			}
			var broken bool
			for _, n := range rep.Notifications {
				if n.File == tc.broken && n.Rule == "" {
					broken = true
				}
			}
			if !broken {
				t.Errorf("no notice for the unreadable %s: %+v", tc.broken, rep.Notifications)
			}
			for _, want := range tc.skips {
				found := false
				for _, n := range rep.Notifications {
					if n.Rule == want[0] && n.File == tc.broken && strings.Contains(n.Message, want[1]) &&
						strings.Contains(n.Message, "not evaluated") {
						found = true
					}
				}
				if !found {
					t.Errorf("no %s notice naming %s and %q: %+v", want[0], tc.broken, want[1], rep.Notifications)
				}
			}
		})
	}
}

// TestSkipNoticesInSARIF checks that a skipped rule is a SARIF tool
// execution notification naming the rule (associatedRule) and the file.
func TestSkipNoticesInSARIF(t *testing.T) {
	dir := unreadTree(t)
	breakPath(t, dir, urPSFile)
	_, out, _ := runCLI(t, "--format", "sarif", "--fail-on", "none", "--now", "2026-06-01", dir)
	var log struct {
		Runs []struct {
			Invocations []struct {
				Notifications []struct {
					Message struct {
						Text string `json:"text"`
					} `json:"message"`
					AssociatedRule *struct {
						ID    string `json:"id"`
						Index *int   `json:"index"`
					} `json:"associatedRule"`
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct {
								URI string `json:"uri"`
							} `json:"artifactLocation"`
						} `json:"physicalLocation"`
					} `json:"locations"`
				} `json:"toolExecutionNotifications"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := sarifcheck.Validate([]byte(out)); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, n := range log.Runs[0].Invocations[0].Notifications {
		if n.AssociatedRule != nil && n.AssociatedRule.ID == "NC101" && n.AssociatedRule.Index != nil &&
			len(n.Locations) == 1 && n.Locations[0].PhysicalLocation.ArtifactLocation.URI == urPSFile &&
			strings.Contains(n.Message.Text, "not evaluated for external credential Billing_EC") {
			found = true
		}
	}
	if !found {
		t.Errorf("no NC101 toolExecutionNotification for %s:\n%s", urPSFile, out)
	}
}

// TestExpiredCertificateUsedByBrokenNamedCredential: a named credential
// that does not parse but names the certificate may use it, so NC302 must
// not advise deleting it as unreferenced.
func TestExpiredCertificateUsedByBrokenNamedCredential(t *testing.T) {
	expired := strings.Replace(certMeta("Old_mTLS"), "2030-01-01", "2025-01-01", 1)
	broken := strings.Replace(ncUsingCert("Old_mTLS"), "</calloutStatus>", "</calloutStatu>", 1)
	dir := writeTree(t, map[string]string{
		"sfdx-project.json":                                          `{"packageDirectories":[{"path":"force-app","default":true}],"sourceApiVersion":"62.0"}`,
		urBase + "certs/Old_mTLS.crt-meta.xml":                       expired,
		urBase + "certs/Old_mTLS.crt":                                "",
		urBase + "namedCredentials/Old_API.namedCredential-meta.xml": broken,
	})
	_, out, _ := runCLI(t, "--fail-on", "none", "--now", "2026-06-01", dir)
	if !strings.Contains(out, "[NC302/certificate-expired]") {
		t.Fatalf("no NC302:\n%s", out)
	}
	if strings.Contains(out, "Nothing in the tree references it; delete it") {
		t.Errorf("NC302 advises deleting a certificate an unreadable named credential may use:\n%s", out)
	}
	if !strings.Contains(out, "could not be read, so it may still be in use") {
		t.Errorf("NC302 does not say that an unreadable file may use it:\n%s", out)
	}
}
