package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestVersionAndHelpGoToStdout: --version, -v, --help and -h print on
// standard output and exit 0.
func TestVersionAndHelpGoToStdout(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"-v"}, {"version"}, {sample, "--version"}} {
		code, out, stderr := runCLI(t, args...)
		if code != exitOK || !strings.HasPrefix(out, "nclint ") || stderr != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, stderr)
		}
	}
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {"-help"}} {
		code, out, stderr := runCLI(t, args...)
		if code != exitOK || !strings.Contains(out, "Usage:") || !strings.Contains(out, "Exit codes:") || stderr != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, stderr)
		}
	}
}

// TestUnknownFlagOrCommandIsOneLine: a typo gives one line naming the
// nearest valid flag or command, exit 2, and no usage dump.
func TestUnknownFlagOrCommandIsOneLine(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--formt", "sarif", sample}, "unknown flag --formt; did you mean --format?"},
		{[]string{sample, "--fail-onn", "error"}, "unknown flag --fail-onn; did you mean --fail-on?"},
		{[]string{"-x", sample}, "unknown flag -x; did you mean"},
		{[]string{"rulez"}, `unknown command "rulez"; did you mean "rules"?`},
		{[]string{"explian", "NC101"}, `unknown command "explian"; did you mean "explain"?`},
	} {
		code, out, stderr := runCLI(t, c.args...)
		if code != exitUsage || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and one line with %q", c.args, code, out, stderr, c.want)
		}
	}
}

// TestShortFlags: -f, -o and -c mean --format, --output and --config.
func TestShortFlags(t *testing.T) {
	dir := opsTree(t, ecWith("    ", false, "Alpha"))
	cfg := filepath.Join(t.TempDir(), "c.yml")
	mustWrite(t, cfg, "rules:\n  NC101: off\n")
	out := filepath.Join(t.TempDir(), "r.json")
	code, _, stderr := runCLI(t, "-f", "json", "-o", out, "-c", cfg, dir)
	data, err := os.ReadFile(out)
	if code != exitOK || err != nil || !json.Valid(data) || strings.Contains(string(data), "NC101") {
		t.Errorf("exit %d (stderr %q), report %s (%v); want exit 0 and a JSON report without NC101", code, stderr, data, err)
	}
}

// TestSeveralOutputs: --output FORMAT=FILE is repeatable; text=- goes to
// standard output; a plain name with "=" is a file name.
func TestSeveralOutputs(t *testing.T) {
	dir := t.TempDir()
	sarifFile, jsonFile := filepath.Join(dir, "n.sarif"), filepath.Join(dir, "n.json")
	code, out, stderr := runCLI(t, "--now", "2026-06-01", "--output", "sarif="+sarifFile, "-o", "json="+jsonFile, "--output", "text=-", sample)
	if code != exitFindings || !strings.Contains(out, "files scanned") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	sarifData, err1 := os.ReadFile(sarifFile)
	jsonData, err2 := os.ReadFile(jsonFile)
	if err1 != nil || err2 != nil || !strings.Contains(string(sarifData), `"version": "2.1.0"`) || !json.Valid(jsonData) || strings.Contains(string(jsonData), "2.1.0") {
		t.Errorf("reports: %v %v\n%.200s\n%.200s", err1, err2, sarifData, jsonData)
	}
	// Only FORMAT=FILE outputs: nothing on standard output.
	if _, out, _ := runCLI(t, "--output", "json="+jsonFile, sample); out != "" {
		t.Errorf("stdout %q, want nothing", out)
	}
	// A plain file name containing "=", with --format.
	odd := filepath.Join(dir, "a=b.sarif")
	if code, _, stderr := runCLI(t, "--format", "sarif", "--output", odd, sample); code != exitFindings {
		t.Errorf("exit %d, stderr %q", code, stderr)
	} else if data, err := os.ReadFile(odd); err != nil || !strings.Contains(string(data), `"2.1.0"`) {
		t.Errorf("%s: %v", odd, err)
	}
	for _, bad := range [][]string{
		{"--output", "text=-", "--output", "json=-"},
		{"--output", "a.txt", "--output", "b.txt"},
		{"--output", "sarif="},
	} {
		if code, _, stderr := runCLI(t, append(bad, sample)...); code != exitUsage || !strings.Contains(stderr, "--output") {
			t.Errorf("%v: exit %d, stderr %q; want exit 2", bad, code, stderr)
		}
	}
}

// TestColorFlag: --color always colours even into a pipe, never and auto
// (not a terminal) do not; an unknown value is exit 2.
func TestColorFlag(t *testing.T) {
	_, out, _ := runCLI(t, "--color", "always", sample)
	if !strings.Contains(out, "\x1b[") {
		t.Error("--color always: no colour")
	}
	for _, v := range []string{"never", "auto"} {
		if _, out, _ := runCLI(t, "--color", v, sample); strings.Contains(out, "\x1b[") {
			t.Errorf("--color %s: coloured output into a buffer", v)
		}
	}
	if code, _, _ := runCLI(t, "--color", "sometimes", sample); code != exitUsage {
		t.Errorf("--color sometimes: exit %d, want 2", code)
	}
}

// TestNoMetadataIsExitTwo: a directory with no sfdx-project.json, no
// package.xml and no metadata file is most likely a mistyped path.
func TestNoMetadataIsExitTwo(t *testing.T) {
	dir := writeTree(t, map[string]string{"README.md": "# not a project\n", "src/main.go": "package main\n"})
	code, out, stderr := runCLI(t, dir)
	if code != exitUsage || !strings.Contains(stderr, "no Salesforce metadata found under "+dir) || out != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	// A Metadata API tree with only package.xml, or an SFDX project whose
	// files are all ignored, is metadata: no error.
	mdapi := writeTree(t, map[string]string{"package.xml": `<?xml version="1.0" encoding="UTF-8"?><Package xmlns="http://soap.sforce.com/2006/04/metadata"><version>62.0</version></Package>`})
	if code, _, stderr := runCLI(t, mdapi); code != exitOK {
		t.Errorf("package.xml only: exit %d, stderr %q", code, stderr)
	}
	// Changed-files mode with a file nclint does not read: quietly nothing.
	if code, _, stderr := runCLI(t, filepath.Join(dir, "README.md")); code != exitOK {
		t.Errorf("non-metadata file: exit %d, stderr %q", code, stderr)
	}
}

// TestRulesJSON: nclint rules --format json lists every rule.
func TestRulesJSON(t *testing.T) {
	code, out, stderr := runCLI(t, "rules", "--format", "json")
	var rs []struct {
		ID, Name, Level, Short, HelpURI string
		Tags                            []string
	}
	if code != exitOK || json.Unmarshal([]byte(out), &rs) != nil || len(rs) < 20 {
		t.Fatalf("exit %d, stderr %q, output %.300s", code, stderr, out)
	}
	if r := rs[0]; r.ID != "NC001" || r.Name != "unused-suppression" || r.Level == "" || r.Short == "" || !strings.HasSuffix(r.HelpURI, "/docs/rules/NC001.md") {
		t.Errorf("first rule %+v", r)
	}
	if code, _, _ := runCLI(t, "rules", "-f", "xml"); code != exitUsage {
		t.Errorf("rules -f xml: exit %d, want 2", code)
	}
}

// TestExplainRendersForTerminal: headings without "#", code blocks
// indented without fences, and the docs URL at the end.
func TestExplainRendersForTerminal(t *testing.T) {
	code, out, _ := runCLI(t, "explain", "NC101")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if last := lines[len(lines)-1]; last != "Documentation: https://github.com/nclint/nclint/blob/main/docs/rules/NC101.md" {
		t.Errorf("last line %q, want the docs URL", last)
	}
	if strings.Contains(out, "```") || strings.Contains(out, "\n## ") {
		t.Errorf("Markdown syntax left in:\n%s", out)
	}
	if !strings.Contains(out, "\nWhy it breaks\n-------------\n") {
		t.Errorf("heading not rendered:\n%s", out)
	}
	if !strings.Contains(out, "\n    <PermissionSet xmlns=") {
		t.Errorf("code block not indented:\n%s", out)
	}
}
