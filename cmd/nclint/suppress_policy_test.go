package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// suppressedTree is opsTree with Alpha and Beta ungranted (two NC101) and
// Beta preceded by the suppression comment text.
func suppressedTree(t *testing.T, comment string) string {
	ec := strings.Replace(ecWith("    ", false, "Alpha", "#Beta"), "nclint-ignore NC101: granted on the profile", comment, 1)
	return opsTree(t, ec)
}

// TestSuppressionUntil: an XML suppression is in force through its date;
// the day after, the finding comes back and NC003 says why.
func TestSuppressionUntil(t *testing.T) {
	dir := suppressedTree(t, "nclint-ignore NC101 until 2027-03-31: granted on the profile until the migration")
	for _, c := range []struct {
		now        string
		beta, nc03 bool
	}{{"2027-03-31", false, false}, {"2027-03-31T23:59:00Z", false, false}, {"2027-04-01", true, true}} {
		_, out, _ := runCLI(t, "--now", c.now, dir)
		if strings.Contains(out, `"Beta"`) != c.beta || strings.Contains(out, "NC003/expired-suppression") != c.nc03 {
			t.Errorf("--now %s: Beta reported %v, NC003 %v; want %v, %v:\n%s", c.now, !c.beta, !c.nc03, c.beta, c.nc03, out)
		}
	}
	_, out, _ := runCLI(t, "--now", "2027-04-01", dir)
	if !strings.Contains(out, "expired on 2027-03-31") || strings.Contains(out, "NC001") {
		t.Errorf("expired comment: want NC003 naming the date and no NC001:\n%s", out)
	}

	bad := suppressedTree(t, "nclint-ignore NC101 until 31/03/2027: reason")
	_, out, _ = runCLI(t, "--now", "2026-06-01", bad)
	if !strings.Contains(out, "NC002/malformed-suppression") || !strings.Contains(out, `"31/03/2027" is not a date`) {
		t.Errorf("malformed date: want NC002:\n%s", out)
	}
}

// TestNoInlineSuppressions: the comment is ignored and reported (NC004).
func TestNoInlineSuppressions(t *testing.T) {
	dir := suppressedTree(t, "nclint-ignore NC101: granted on the profile")
	_, out, _ := runCLI(t, dir)
	if strings.Contains(out, `"Beta"`) {
		t.Fatalf("without the flag Beta must be suppressed:\n%s", out)
	}
	_, out, _ = runCLI(t, "--no-inline-suppressions", dir)
	if !strings.Contains(out, `"Beta"`) || !strings.Contains(out, "NC004/forbidden-suppression") || !strings.Contains(out, "--no-inline-suppressions") {
		t.Errorf("--no-inline-suppressions: want Beta reported and NC004:\n%s", out)
	}
}

// TestSuppressionsForbid: a forbidden rule is not silenced inline; the
// comment's other rules still are.
func TestSuppressionsForbid(t *testing.T) {
	dir := suppressedTree(t, "nclint-ignore NC101, NC104: granted on the profile")
	mustWrite(t, filepath.Join(dir, ".nclint.yml"), "suppressions:\n  forbid: [principal-not-granted]\n")
	_, out, _ := runCLI(t, dir)
	if !strings.Contains(out, `"Beta"`) || !strings.Contains(out, "NC101 cannot be suppressed inline") {
		t.Errorf("forbid NC101: want Beta reported and NC004:\n%s", out)
	}
	mustWrite(t, filepath.Join(dir, ".nclint.yml"), "suppressions:\n  forbid: [NC999]\n")
	if code, _, stderr := runCLI(t, dir); code != exitUsage || !strings.Contains(stderr, ".nclint.yml:2:") {
		t.Errorf("unknown rule in forbid: exit %d, stderr %q", code, stderr)
	}
}

// TestConfigIgnore: ignore entries silence findings by rule and component
// glob, need a reason, expire, and are reported when they match nothing.
func TestConfigIgnore(t *testing.T) {
	dir := opsTree(t, ecWith("    ", false, "Alpha", "Beta"))
	cfg := filepath.Join(dir, ".nclint.yml")
	mustWrite(t, cfg, `ignore:
  - rule: NC101
    component: "ExternalCredential:Ops_EC|principal:B*"
    reason: granted on the Integration profile, managed in the org
    until: 2027-03-31
`)
	code, out, _ := runCLI(t, "--now", "2026-06-01", "--show-suppressed", dir)
	if !strings.Contains(out, `"Alpha"`) || !strings.Contains(out, "(suppressed by config") || code != exitFindings {
		t.Errorf("ignore Beta: exit %d, want Alpha reported and Beta suppressed by config:\n%s", code, out)
	}
	_, out, _ = runCLI(t, "--now", "2026-06-01", dir)
	if strings.Contains(out, `"Beta"`) {
		t.Errorf("Beta not silenced:\n%s", out)
	}
	_, out, _ = runCLI(t, "--now", "2027-04-01", dir)
	if !strings.Contains(out, `"Beta"`) || !strings.Contains(out, ".nclint.yml:2:5: note: The ignore entry for NC101") || !strings.Contains(out, "NC003") {
		t.Errorf("expired entry: want Beta back and NC003 at the entry:\n%s", out)
	}

	// A component prefix up to a "|" matches; a glob for nothing is NC001.
	mustWrite(t, cfg, "ignore:\n  - rule: principal-not-granted\n    component: ExternalCredential:Ops_EC\n    reason: managed package\n  - rule: NC101\n    component: \"NamedCredential:Nope*\"\n    reason: r\n")
	_, out, _ = runCLI(t, dir)
	if strings.Contains(out, `"Alpha"`) || strings.Contains(out, `"Beta"`) || !strings.Contains(out, "NC001/unused-suppression") {
		t.Errorf("prefix entry must silence both, the other be NC001:\n%s", out)
	}

	for _, bad := range []string{
		"ignore:\n  - rule: NC101\n    component: \"*\"\n",                             // no reason
		"ignore:\n  - rule: NC101\n    reason: r\n",                                    // no component
		"ignore:\n  - rule: NC9999\n    component: x\n    reason: r\n",                 // unknown rule
		"ignore:\n  - rule: NC101\n    component: x\n    reason: r\n    until: soon\n", // bad date
	} {
		mustWrite(t, cfg, bad)
		if code, _, stderr := runCLI(t, dir); code != exitUsage || !strings.Contains(stderr, ".nclint.yml:") {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 with a position", bad, code, stderr)
		}
	}
}

// TestBaselineUntil: a baseline entry with until silences its finding
// through that date; afterwards the finding is reported again.
func TestBaselineUntil(t *testing.T) {
	dir := opsTree(t, ecWith("    ", false, "Alpha"))
	bl := filepath.Join(dir, ".nclint-baseline.json")
	if code, _, stderr := runCLI(t, "baseline", "write", dir); code != exitOK {
		t.Fatalf("baseline write: %d %s", code, stderr)
	}
	data, err := os.ReadFile(bl)
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, bl, strings.Replace(string(data), `"count": 1`, `"count": 1, "until": "2027-03-31"`, 1))
	if code, out, _ := runCLI(t, "--now", "2027-03-31", "--baseline", bl, dir); code != exitOK || strings.Contains(out, "NC101") {
		t.Errorf("before expiry: exit %d:\n%s", code, out)
	}
	code, out, _ := runCLI(t, "--now", "2027-04-01", "--baseline", bl, dir)
	if code != exitFindings || !strings.Contains(out, "NC101") || !strings.Contains(out, "expired on 2027-03-31") {
		t.Errorf("after expiry: exit %d, want NC101 back and a notice:\n%s", code, out)
	}
	mustWrite(t, bl, strings.Replace(string(data), `"count": 1`, `"count": 1, "until": "March"`, 1))
	if code, _, stderr := runCLI(t, "--baseline", bl, dir); code != exitUsage || !strings.Contains(stderr, `until "March" is not a date`) {
		t.Errorf("bad until: exit %d, stderr %q", code, stderr)
	}
}

// TestConfigBothNamesIsAnError: .nclint.yml and .nclint.yaml together.
func TestConfigBothNamesIsAnError(t *testing.T) {
	dir := opsTree(t, ecWith("    ", false, "Alpha"))
	mustWrite(t, filepath.Join(dir, ".nclint.yml"), "rules:\n  NC101: off\n")
	mustWrite(t, filepath.Join(dir, ".nclint.yaml"), "rules:\n  NC101: error\n")
	code, _, stderr := runCLI(t, dir)
	if code != exitUsage || !strings.Contains(stderr, "both .nclint.yml and .nclint.yaml exist") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// TestConfigNumberAsString: a quoted number is a type error.
func TestConfigNumberAsString(t *testing.T) {
	dir := opsTree(t, ecWith("    ", false, "Alpha"))
	mustWrite(t, filepath.Join(dir, ".nclint.yml"), "certificates:\n  expiry_warning_days: \"45\"\n")
	code, _, stderr := runCLI(t, dir)
	if code != exitUsage || !strings.Contains(stderr, `.nclint.yml:2:24: certificates.expiry_warning_days must be a number, got the string "45"`) {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
