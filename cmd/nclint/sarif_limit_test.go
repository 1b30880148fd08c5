package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/report"
)

// TestSARIFResultLimitOnStderr: a run with more findings than GitHub
// accepts in one SARIF run says so on standard error; the text report
// keeps them all.
func TestSARIFResultLimitOnStderr(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 25,000 findings")
	}
	n := report.SARIFResultLimit + 3
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PermissionSet xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n")
	for i := range n {
		fmt.Fprintf(&b, "    <externalCredentialPrincipalAccesses>\n        <enabled>true</enabled>\n        <externalCredentialPrincipal>Missing_EC%d-User</externalCredentialPrincipal>\n    </externalCredentialPrincipalAccesses>\n", i)
	}
	b.WriteString("    <label>P</label>\n</PermissionSet>\n")
	dir := writeTree(t, map[string]string{
		"sfdx-project.json": `{"packageDirectories":[{"path":"force-app","default":true}],"sourceApiVersion":"62.0"}`,
		"force-app/main/default/permissionsets/P.permissionset-meta.xml": b.String(),
	})
	out := filepath.Join(t.TempDir(), "n.sarif")
	code, stdout, stderr := runCLI(t, "--output", "sarif="+out, "--output", "json=-", dir)
	if code != exitFindings || !strings.Contains(stderr, "3 results were left out of the SARIF") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if got := strings.Count(stdout, `"ruleId": "NC102"`); got != n {
		t.Errorf("JSON report has %d NC102 findings, want all %d", got, n)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(string(data), `"ruleId": "NC102"`); got != report.SARIFResultLimit {
		t.Errorf("SARIF has %d results, want %d", got, report.SARIFResultLimit)
	}
}
