package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/sarifcheck"
)

const sample = "../../testdata/sfdx-sample"

// runCLI runs the command in-process and returns exit code, stdout, stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestExitCodes(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want int
	}{
		{"findings at or above warning", []string{"--now", "2026-06-01", sample}, exitFindings},
		{"fail-on none", []string{"--fail-on", "none", sample}, exitOK},
		{"flags after the path", []string{sample, "--fail-on", "none"}, exitOK},
		{"unknown flag", []string{"--bogus", sample}, exitUsage},
		{"bad fail-on", []string{"--fail-on", "high", sample}, exitUsage},
		{"bad format", []string{"--format", "xml", sample}, exitUsage},
		{"bad now", []string{"--now", "tomorrow", sample}, exitUsage},
		{"missing path", []string{filepath.Join(t.TempDir(), "nope")}, exitUsage},
		{"help", []string{"--help"}, exitOK},
		{"explain unknown rule", []string{"explain", "NC000"}, exitUsage},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if code, _, stderr := runCLI(t, c.args...); code != c.want {
				t.Errorf("exit %d, want %d; stderr: %s", code, c.want, stderr)
			}
		})
	}
}

func TestFailOnError(t *testing.T) {
	// The sample has errors, so --fail-on error still fails; a tree with
	// only warnings passes it.
	if code, _, _ := runCLI(t, "--fail-on", "error", sample); code != exitFindings {
		t.Errorf("sample with --fail-on error: exit %d, want 1", code)
	}
	dir := writeTree(t, missingECFiles())
	code, out, _ := runCLI(t, "--fail-on", "error", dir)
	if code != exitOK || !strings.Contains(out, "warning:") {
		t.Errorf("warning-only tree with --fail-on error: exit %d, want 0 and a warning in:\n%s", code, out)
	}
	if code, _, _ := runCLI(t, dir); code != exitFindings {
		t.Errorf("warning-only tree with default --fail-on: exit %d, want 1", code)
	}
}

// missingECFiles is a project whose only finding is an NC102 warning: a
// permission set grants a principal of an external credential that is not
// in the tree.
func missingECFiles() map[string]string {
	return map[string]string{
		"sfdx-project.json": `{"packageDirectories":[{"path":"force-app","default":true}],"sourceApiVersion":"62.0"}`,
		"force-app/main/default/permissionsets/P.permissionset-meta.xml": `<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <externalCredentialPrincipalAccesses>
        <enabled>true</enabled>
        <externalCredentialPrincipal>Missing_EC-User</externalCredentialPrincipal>
    </externalCredentialPrincipalAccesses>
    <label>P</label>
</PermissionSet>
`,
	}
}

// TestMalformedFileDoesNotStopTheRun puts a broken XML file into a copy of
// the sample: it is reported with its position and every other finding is
// still there.
func TestMalformedFileDoesNotStopTheRun(t *testing.T) {
	dir := copyTree(t, sample)
	broken := "force-app/main/default/namedCredentials/Broken.namedCredential-meta.xml"
	mustWrite(t, filepath.Join(dir, broken), `<?xml version="1.0" encoding="UTF-8"?>
<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <label>Broken</label>
    <endpoint>https://example.com</endpont>
</NamedCredential>
`)
	_, before, _ := runCLI(t, "--now", "2026-06-01", sample)
	code, after, _ := runCLI(t, "--now", "2026-06-01", dir)
	if code != exitFindings {
		t.Errorf("exit %d, want 1", code)
	}
	var brokenLine string
	for _, l := range strings.Split(after, "\n") {
		if strings.HasPrefix(l, broken+":") {
			brokenLine = l
		}
	}
	if !strings.HasPrefix(brokenLine, broken+":4:") || !strings.Contains(brokenLine, "[NC901/invalid-metadata]") {
		t.Errorf("no NC901 at line 4 of the broken file; got %q in:\n%s", brokenLine, after)
	}
	// Every finding of the intact sample is still reported.
	for _, l := range strings.Split(before, "\n") {
		if strings.Contains(l, ": error: ") || strings.Contains(l, ": warning: ") {
			if !strings.Contains(after, l) {
				t.Errorf("finding lost after adding a broken file: %s", l)
			}
		}
	}
}

func TestSARIFOfSampleIsValidAndDeterministic(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.sarif"), filepath.Join(dir, "b.sarif")
	for _, out := range []string{a, b} {
		if code, _, stderr := runCLI(t, "--format", "sarif", "--output", out, "--now", "2026-06-01", sample); code != exitFindings {
			t.Fatalf("exit %d; stderr %s", code, stderr)
		}
	}
	da, err := os.ReadFile(a)
	if err != nil {
		t.Fatal(err)
	}
	db, err := os.ReadFile(b)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(da, db) {
		t.Error("two runs over the same tree gave different SARIF bytes")
	}
	if err := sarifcheck.Validate(da); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(da, &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	// Every result points at the line the text report gives for it. In a
	// git checkout, SARIF URIs are relative to the repository root
	// (testdata/sfdx-sample/...), text paths to the project root.
	_, text, _ := runCLI(t, "--now", "2026-06-01", sample)
	abs, err := filepath.Abs(sample)
	if err != nil {
		t.Fatal(err)
	}
	uriPrefix := ""
	if rr := repositoryRoot(abs); rr != "" {
		rel, err := filepath.Rel(rr, abs)
		if err != nil {
			t.Fatal(err)
		}
		uriPrefix = filepath.ToSlash(rel) + "/"
	}
	for _, r := range log.Runs[0].Results {
		l := r.Locations[0].PhysicalLocation
		if !strings.HasPrefix(l.ArtifactLocation.URI, uriPrefix) {
			t.Errorf("SARIF uri %s does not start with %s", l.ArtifactLocation.URI, uriPrefix)
		}
		prefix := strings.TrimPrefix(l.ArtifactLocation.URI, uriPrefix) + ":" + itoa(l.Region.StartLine) + ":"
		if !strings.Contains(text, "\n"+prefix) && !strings.HasPrefix(text, prefix) {
			t.Errorf("SARIF result %s at %s has no matching text finding", r.RuleID, prefix)
		}
	}
	if len(log.Runs[0].Results) == 0 {
		t.Error("no results for the sample project")
	}
}

func TestTextIsDeterministicAcrossWorkers(t *testing.T) {
	_, one, _ := runCLI(t, "--workers", "1", "--now", "2026-06-01", sample)
	_, many, _ := runCLI(t, "--workers", "8", "--now", "2026-06-01", sample)
	if one != many {
		t.Errorf("output differs between 1 and 8 workers:\n%s\n---\n%s", one, many)
	}
	if !strings.Contains(one, "files scanned") {
		t.Errorf("no summary line in:\n%s", one)
	}
}

func TestRulesExplainVersion(t *testing.T) {
	code, out, _ := runCLI(t, "rules")
	if code != exitOK || !strings.Contains(out, "NC901") || !strings.Contains(out, "invalid-metadata") {
		t.Errorf("rules: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "explain", "invalid-metadata")
	if code != exitOK || !strings.Contains(out, "\nHow to fix\n----------\n") {
		t.Errorf("explain: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "version")
	if code != exitOK || !strings.HasPrefix(out, "nclint ") {
		t.Errorf("version: exit %d %q", code, out)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func mustWrite(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		mustWrite(t, filepath.Join(dir, name), content)
	}
	return dir
}

func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestWarningNoticesDoNotFailTheRun: a package directory missing from the
// tree is worth a warning, not exit code 3 (nothing went unread).
func TestWarningNoticesDoNotFailTheRun(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"sfdx-project.json":                    `{"packageDirectories":[{"path":"force-app","default":true},{"path":"gone"}],"sourceApiVersion":"62.0"}`,
		"force-app/main/default/classes/A.cls": "public class A {}\n",
	})
	code, out, _ := runCLI(t, "--fail-on", "none", dir)
	if code != exitOK {
		t.Errorf("exit %d, want 0", code)
	}
	if !strings.Contains(out, "gone: notice: package directory gone is listed in sfdx-project.json but does not exist") {
		t.Errorf("no notice about the missing package directory in:\n%s", out)
	}
	if !strings.HasSuffix(out, "; 1 notice\n") {
		t.Errorf("the summary does not count the notice:\n%s", out)
	}
}

// TestUnreadableFileExitsThree: a metadata file that cannot be read (here a
// broken symbolic link, which works even when tests run as root) is listed
// and makes the exit code 3 even under --fail-on none.
func TestUnreadableFileExitsThree(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"sfdx-project.json":                    `{"packageDirectories":[{"path":"force-app","default":true}]}`,
		"force-app/main/default/classes/A.cls": "public class A {}\n",
	})
	// A metadata file that is a broken symbolic link cannot be read.
	if err := os.Symlink(filepath.Join(dir, "nowhere.cls"), filepath.Join(dir, "force-app/main/default/classes/B.cls")); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	code, out, _ := runCLI(t, "--fail-on", "none", dir)
	if code != exitIncomplete {
		t.Errorf("exit %d, want %d\n%s", code, exitIncomplete, out)
	}
	if !strings.Contains(out, "B.cls") {
		t.Errorf("the unreadable file is not listed:\n%s", out)
	}
}

// TestUnwritableOutputIsExitTwo: an --output path that cannot be written
// (a missing directory, a directory) is a clear error with exit 2 and
// leaves no file behind, not even a temporary one.
func TestUnwritableOutputIsExitTwo(t *testing.T) {
	dir := t.TempDir()
	for name, out := range map[string]string{
		"missing directory": filepath.Join(dir, "missing", "report.sarif"),
		"a directory":       dir,
	} {
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "--format", "sarif", "--output", out, "--fail-on", "none", sample)
			if code != exitUsage || !strings.Contains(stderr, "write "+out) || stdout != "" {
				t.Errorf("exit %d, stderr %q, stdout %d bytes; want exit 2 naming %s", code, stderr, len(stdout), out)
			}
		})
	}
	if entries, err := os.ReadDir(dir); err != nil || len(entries) != 0 {
		t.Errorf("files left behind in %s: %v %v", dir, entries, err)
	}
}

// TestConfiguration checks that .nclint.yml at the project root is read
// (a rule turned off, a level changed, a component declared in the org),
// that --config points elsewhere, and that a mistake in it is exit 2 with
// the file, line and column.
func TestConfiguration(t *testing.T) {
	dir := writeTree(t, missingECFiles())
	if _, out, _ := runCLI(t, dir); !strings.Contains(out, "NC102/grant-unknown-principal") {
		t.Fatalf("without configuration, want NC102 in:\n%s", out)
	}

	mustWrite(t, filepath.Join(dir, ".nclint.yml"), "rules:\n  grant-unknown-principal: note\n")
	code, out, _ := runCLI(t, dir)
	if code != exitOK || !strings.Contains(out, "note: Permission set P grants") {
		t.Errorf("NC102 set to note: exit %d, want 0 and a note in:\n%s", code, out)
	}

	mustWrite(t, filepath.Join(dir, ".nclint.yml"), "org:\n  external_credentials: [Missing_EC]\n")
	if code, out, _ := runCLI(t, dir); code != exitOK || strings.Contains(out, "NC102") {
		t.Errorf("Missing_EC declared in the org: exit %d, want 0 and no NC102 in:\n%s", code, out)
	}

	other := filepath.Join(t.TempDir(), "strict.yml")
	mustWrite(t, other, "rules:\n  NC102: error\n")
	if code, out, _ := runCLI(t, "--config", other, dir); code != exitFindings || !strings.Contains(out, "error: Permission set P grants") {
		t.Errorf("--config with NC102 error: exit %d, want 1 and an error in:\n%s", code, out)
	}

	mustWrite(t, filepath.Join(dir, ".nclint.yml"), "rules:\n  NC102: off\norg:\n  certificate: [x]\n")
	code, _, stderr := runCLI(t, dir)
	want := filepath.Join(dir, ".nclint.yml") + `:4:3: unknown key "certificate" in org`
	if code != exitUsage || !strings.Contains(stderr, want) {
		t.Errorf("bad configuration: exit %d, stderr %q, want exit 2 and %q", code, stderr, want)
	}
}

// TestREADMESampleOutput keeps the README's sample output block identical
// to what the command prints for the sample project.
func TestREADMESampleOutput(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const start, end = "<!-- sample-output:start -->\n```text\n", "```\n<!-- sample-output:end -->"
	s := string(readme)
	i, j := strings.Index(s, start), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("README.md has no %q ... %q block", start, end)
	}
	got := s[i+len(start) : j]
	_, want, _ := runCLI(t, "--now", "2026-06-01", sample)
	if got != want {
		t.Errorf("README sample output is out of date; replace the block with:\n%s", want)
	}
}

// ecWith returns an external credential file with the given named
// principals, indented by indent (to simulate reformatting).
func ecWith(indent string, blank bool, principals ...string) string {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ExternalCredential xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n")
	b.WriteString(indent + "<authenticationProtocol>Custom</authenticationProtocol>\n")
	for i, p := range principals {
		if blank {
			b.WriteString("\n")
		}
		if strings.HasPrefix(p, "#") { // "#Name": preceded by a suppression comment
			p = p[1:]
			b.WriteString(indent + "<!-- nclint-ignore NC101: granted on the profile -->\n")
		}
		b.WriteString(indent + "<externalCredentialParameters>\n")
		b.WriteString(indent + indent + "<parameterGroup>" + p + "</parameterGroup>\n")
		b.WriteString(indent + indent + "<parameterName>" + p + "</parameterName>\n")
		b.WriteString(indent + indent + "<parameterType>NamedPrincipal</parameterType>\n")
		b.WriteString(indent + indent + "<sequenceNumber>" + itoa(i+1) + "</sequenceNumber>\n")
		b.WriteString(indent + "</externalCredentialParameters>\n")
	}
	b.WriteString(indent + "<label>Ops</label>\n</ExternalCredential>\n")
	return b.String()
}

func opsTree(t *testing.T, ec string) string {
	return writeTree(t, map[string]string{
		"sfdx-project.json": `{"packageDirectories":[{"path":"force-app","default":true}],"sourceApiVersion":"62.0"}`,
		"force-app/main/default/externalCredentials/Ops_EC.externalCredential-meta.xml": ec,
		"force-app/main/default/namedCredentials/Ops_API.namedCredential-meta.xml": `<?xml version="1.0" encoding="UTF-8"?>
<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <calloutStatus>Enabled</calloutStatus>
    <label>Ops API</label>
    <namedCredentialParameters>
        <parameterName>Url</parameterName>
        <parameterType>Url</parameterType>
        <parameterValue>https://ops.example.com</parameterValue>
    </namedCredentialParameters>
    <namedCredentialParameters>
        <externalCredential>Ops_EC</externalCredential>
        <parameterName>ExternalCredential</parameterName>
        <parameterType>Authentication</parameterType>
    </namedCredentialParameters>
    <namedCredentialType>SecuredEndpoint</namedCredentialType>
</NamedCredential>
`,
	})
}

// TestBaselineSurvivesReformatting records two findings, reformats the file
// (they move to other lines): still silenced. A new principal on the same
// external credential is reported; a removed one shows as stale.
func TestBaselineSurvivesReformatting(t *testing.T) {
	dir := opsTree(t, ecWith("    ", false, "Alpha", "Beta"))
	ecFile := filepath.Join(dir, "force-app/main/default/externalCredentials/Ops_EC.externalCredential-meta.xml")
	if code, out, _ := runCLI(t, dir); code != exitFindings || strings.Count(out, "NC101") != 2 {
		t.Fatalf("before the baseline: exit %d, want 2 NC101:\n%s", code, out)
	}
	code, out, stderr := runCLI(t, "baseline", "write", dir)
	bl := filepath.Join(dir, ".nclint-baseline.json")
	if code != exitOK || !strings.Contains(out, "wrote 2 finding(s) to "+bl+"; lint with --baseline "+bl+" to silence them") {
		t.Fatalf("baseline write: exit %d, %q %q", code, out, stderr)
	}

	mustWrite(t, ecFile, ecWith("\t", true, "Alpha", "Beta")) // tabs and blank lines: every line moves
	if code, out, _ := runCLI(t, "--baseline", bl, dir); code != exitOK || strings.Contains(out, "NC101") {
		t.Errorf("reformatted file with the baseline: exit %d, want 0 and no NC101:\n%s", code, out)
	}
	// The summaries say where the findings went.
	if _, out, _ := runCLI(t, "--baseline", bl, dir); !strings.Contains(out, "file scanned: no findings (2 in the baseline)\n") &&
		!strings.Contains(out, "files scanned: no findings (2 in the baseline)\n") {
		t.Errorf("text summary does not count the baselined findings:\n%s", out)
	}
	if _, out, _ := runCLI(t, "--baseline", bl, "--format", "markdown", dir); !strings.HasPrefix(out, "## nclint: no findings (2 in the baseline)\n") {
		t.Errorf("markdown heading does not count the baselined findings:\n%s", out)
	}
	if _, out, _ := runCLI(t, "--baseline", bl, "--show-suppressed", dir); strings.Count(out, "(suppressed by baseline") != 2 {
		t.Errorf("--show-suppressed must list both baselined findings:\n%s", out)
	}

	mustWrite(t, ecFile, ecWith("\t", true, "Alpha", "Beta", "Gamma"))
	code, out, _ = runCLI(t, "--baseline", bl, dir)
	if code != exitFindings || strings.Count(out, "NC101") != 1 || !strings.Contains(out, `"Gamma"`) {
		t.Errorf("new principal: exit %d, want exactly the Gamma NC101:\n%s", code, out)
	}

	mustWrite(t, ecFile, ecWith("  ", false, "Alpha"))
	code, out, _ = runCLI(t, "--baseline", bl, dir)
	if code != exitOK || !strings.Contains(out, "1 finding(s) recorded in "+bl+" no longer occur") {
		t.Errorf("removed principal: exit %d, want 0 and a stale-baseline note:\n%s", code, out)
	}

	if code, _, stderr := runCLI(t, "--baseline", filepath.Join(dir, "nope.json"), dir); code != exitUsage || !strings.Contains(stderr, "nope.json") {
		t.Errorf("missing baseline: exit %d, stderr %q", code, stderr)
	}
}

// TestSuppressionSurvivesReformatting: an XML suppression is anchored to
// the element after it, not to a line number.
func TestSuppressionSurvivesReformatting(t *testing.T) {
	for _, layout := range []struct {
		indent string
		blank  bool
	}{{"    ", false}, {"\t", true}, {" ", true}} {
		dir := opsTree(t, ecWith(layout.indent, layout.blank, "Alpha", "#Beta"))
		code, out, _ := runCLI(t, dir)
		if code != exitFindings || strings.Count(out, "NC101") != 1 || !strings.Contains(out, `"Alpha"`) {
			t.Errorf("layout %q: want only Alpha reported (Beta suppressed), exit %d:\n%s", layout.indent, code, out)
		}
	}
}

func TestConfigInit(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"sfdx-project.json":                    `{"packageDirectories":[{"path":"force-app","default":true}]}`,
		"force-app/main/default/classes/.keep": "",
	})
	code, out, _ := runCLI(t, "config", "init", filepath.Join(dir, "force-app"))
	want := filepath.Join(dir, ".nclint.yml")
	if code != exitOK || !strings.Contains(out, want) {
		t.Fatalf("config init: exit %d, %q; want the file at the project root %s", code, out, want)
	}
	if data, err := os.ReadFile(want); err != nil || !strings.Contains(string(data), "# installed_packages:") {
		t.Fatalf("starter not written: %v", err)
	}
	if code, _, stderr := runCLI(t, "config", "init", dir); code != exitUsage || !strings.Contains(stderr, "already exists") {
		t.Errorf("second config init: exit %d, %q; want a refusal", code, stderr)
	}
	if code, _, _ := runCLI(t, "config", "init", "--force", dir); code != exitOK {
		t.Errorf("config init --force: exit %d", code)
	}
	// The written starter is a valid configuration.
	if code, _, stderr := runCLI(t, dir); code != exitOK {
		t.Errorf("lint with the starter configuration: exit %d, %s", code, stderr)
	}
}

// TestUnmatchedNamespaceMappingWarns: a namespaces: path that matches no
// file is a warning in the report, not a silent no-op.
func TestUnmatchedNamespaceMappingWarns(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "cfg.yml")
	mustWrite(t, cfg, "namespaces:\n  - path: Vendor/Acme\n    namespace: acme\n")
	code, out, _ := runCLI(t, "--config", cfg, "--fail-on", "none", "../../testdata/rules/namespaces")
	if code != exitOK || !strings.Contains(out, `namespace mapping "Vendor/Acme" (namespace acme) matches no metadata file`) {
		t.Errorf("exit %d, want 0 and a warning:\n%s", code, out)
	}
}

// TestInstalledPackageTypoWarns: installed_packages naming a credential
// that is not in the tree is a warning, not a silent no-op.
func TestInstalledPackageTypoWarns(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "cfg.yml")
	mustWrite(t, cfg, "installed_packages:\n  docgen: [Docs_APl]\n")
	code, out, _ := runCLI(t, "--config", cfg, "--fail-on", "none", sample)
	if code != exitOK || !strings.Contains(out, `installed_packages.docgen lists named credential "Docs_APl", which is not in the tree`) {
		t.Errorf("exit %d, want 0 and a warning:\n%s", code, out)
	}
}
