package driver

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/rules"
)

const sample = "../../testdata/sfdx-sample"

var now = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

func run(t testing.TB, paths ...string) *Result {
	t.Helper()
	res, err := Run(paths, Options{Rules: rules.All(), LookupRule: rules.LookupID, Now: now, Workers: 1})
	if err != nil {
		t.Fatalf("Run(%v): %v", paths, err)
	}
	return res
}

func ids(fs []lint.Finding) map[string]int {
	m := map[string]int{}
	for _, f := range fs {
		m[f.RuleID]++
	}
	return m
}

// TestChangedFilesReportsCrossLinkedFindings: a pre-commit run on one
// permission set reports the NC101 whose primary location is the external
// credential (an unchanged file) because the permission set holds the
// disabled grant, and nothing unrelated.
func TestChangedFilesReportsCrossLinkedFindings(t *testing.T) {
	full := run(t, sample)
	ps := filepath.Join(sample, "integrations/main/default/permissionsets/Payments_Integration.permissionset-meta.xml")
	res := run(t, ps)
	if res.Tree.FilesScanned != full.Tree.FilesScanned {
		t.Errorf("changed-files mode scanned %d files, want the whole project (%d)", res.Tree.FilesScanned, full.Tree.FilesScanned)
	}
	var found bool
	for _, f := range res.Findings {
		if f.RuleID == "NC101" && strings.HasSuffix(f.Span.File, "Payments_EC.externalCredential-meta.xml") {
			found = true
		}
		if !touches(f, []string{"integrations/main/default/permissionsets/Payments_Integration.permissionset-meta.xml"}) {
			t.Errorf("finding unrelated to the changed file: %s %s", f.RuleID, f.Span.File)
		}
	}
	if !found {
		t.Errorf("NC101 on Payments_EC (related to the changed permission set) missing; got %v", ids(res.Findings))
	}
	if len(res.Findings) >= len(full.Findings) {
		t.Errorf("changed-files mode kept %d of %d findings", len(res.Findings), len(full.Findings))
	}
}

func TestChangedFilesDirectoryAndRoot(t *testing.T) {
	full := run(t, sample)
	res := run(t, filepath.Join(sample, "integrations"))
	if len(res.Findings) == 0 || len(res.Findings) >= len(full.Findings) {
		t.Fatalf("directory target kept %d of %d findings", len(res.Findings), len(full.Findings))
	}
	for _, f := range res.Findings {
		if !touches(f, []string{"integrations"}) {
			t.Errorf("finding outside integrations/: %s %s", f.RuleID, f.Span.File)
		}
	}
	// The root itself, given together with a file, means the whole project.
	both := run(t, sample, filepath.Join(sample, "integrations/main/default/permissionsets/Payments_Integration.permissionset-meta.xml"))
	if len(both.Findings) != len(full.Findings) || both.Targets != nil {
		t.Errorf("root + file: %d findings (targets %v), want all %d", len(both.Findings), both.Targets, len(full.Findings))
	}
}

func TestChangedFilesIgnoresOtherFiles(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "notes.namedCredential-meta.xml")
	if err := os.WriteFile(outside, []byte("<x/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	res := run(t, filepath.Join(sample, "MISTAKES.md"), filepath.Join(sample, "sfdx-project.json"), outside)
	if len(res.Findings) != 0 || res.Tree.FilesScanned != 0 {
		t.Errorf("non-metadata and out-of-project files: %d findings, %d files scanned; want none", len(res.Findings), res.Tree.FilesScanned)
	}
	// A metadata file among them still selects its project.
	res = run(t, filepath.Join(sample, "MISTAKES.md"), outside,
		filepath.Join(sample, "force-app/main/default/classes/InventoryClient.cls"))
	if got := ids(res.Findings); got["NC501"] != 1 || len(res.Findings) != 1 {
		t.Errorf("InventoryClient.cls alone: %v, want exactly its NC501", got)
	}
}

func TestPathsInDifferentProjects(t *testing.T) {
	_, err := Run([]string{sample, "../../testdata/rules/access"}, Options{Rules: rules.All(), LookupRule: rules.LookupID})
	if err == nil || !strings.Contains(err.Error(), "different projects") {
		t.Errorf("got %v, want a different-projects error", err)
	}
}

// BenchmarkFullRun and BenchmarkChangedFiles compare a whole-project run
// with a pre-commit run on one file of the same project; the changed-files
// run does the same work plus a filter, so it must not be slower.
func BenchmarkFullRun(b *testing.B) {
	for b.Loop() {
		run(b, sample)
	}
}

func BenchmarkChangedFiles(b *testing.B) {
	ps := filepath.Join(sample, "integrations/main/default/permissionsets/Payments_Integration.permissionset-meta.xml")
	for b.Loop() {
		run(b, ps)
	}
}

// TestChangedFilesInMetadataAPITree: without sfdx-project.json, a file or a
// type folder of a Metadata API tree (package.xml at its root) selects the
// whole tree, with findings restricted to the path given.
func TestChangedFilesInMetadataAPITree(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, content string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("src/package.xml", `<?xml version="1.0" encoding="UTF-8"?>
<Package xmlns="http://soap.sforce.com/2006/04/metadata"><version>62.0</version></Package>
`)
	write("src/namedCredentials/Crm_API.namedCredential", `<?xml version="1.0" encoding="UTF-8"?>
<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <label>CRM API</label>
    <namedCredentialParameters>
        <externalCredential>Crm_EC</externalCredential>
        <parameterName>ExternalCredential</parameterName>
        <parameterType>Authentication</parameterType>
    </namedCredentialParameters>
    <namedCredentialType>SecuredEndpoint</namedCredentialType>
</NamedCredential>
`)
	write("src/permissionsets/Ops.permissionset", `<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <externalCredentialPrincipalAccesses>
        <enabled>true</enabled>
        <externalCredentialPrincipal>Gone_EC-User</externalCredentialPrincipal>
    </externalCredentialPrincipalAccesses>
    <label>Ops</label>
</PermissionSet>
`)
	for _, target := range []string{"src/namedCredentials/Crm_API.namedCredential", "src/namedCredentials"} {
		res := run(t, filepath.Join(dir, target))
		if res.Tree.FilesScanned != 2 {
			t.Errorf("%s: scanned %d files, want the whole tree (2)", target, res.Tree.FilesScanned)
		}
		if got := ids(res.Findings); got["NC501"] != 1 || got["NC102"] != 0 {
			t.Errorf("%s: findings %v, want the named credential's NC501 only", target, got)
		}
	}
}
