package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFlagsBeforeSubcommand: flags written before a subcommand make the
// subcommand the lint command's first path; when no such file or directory
// exists, one line gives the command line with the subcommand first
// (exit 2), instead of "checklist: no such file or directory".
func TestFlagsBeforeSubcommand(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--now", "2026-06-01", "checklist", "testdata/sfdx-sample"}, "nclint: flags go after the subcommand: nclint checklist --now 2026-06-01 testdata/sfdx-sample ("},
		{[]string{"-f", "json", "rules"}, "nclint: flags go after the subcommand: nclint rules -f json ("},
		{[]string{"-f=json", "--no-cache", "rules"}, "nclint: flags go after the subcommand: nclint rules -f=json --no-cache ("},
		// --format mermaid is not a lint format: the misplaced command is the mistake to name.
		{[]string{"--format", "mermaid", "graph", "."}, "nclint: flags go after the subcommand: nclint graph --format mermaid . ("},
		{[]string{"--output", "a b.md", "inventory", "."}, "nclint: flags go after the subcommand: nclint inventory --output 'a b.md' . ("},
		{[]string{"--no-cache", "--", "explain", "NC101"}, "nclint: flags go after the subcommand: nclint explain --no-cache -- NC101 ("},
	} {
		code, out, stderr := runCLI(t, c.args...)
		if code != exitUsage || !strings.HasPrefix(stderr, c.want) || strings.Count(stderr, "\n") != 1 || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and one line starting %q", c.args, code, out, stderr, c.want)
		}
	}
}

// TestFlagsBeforeExistingPathNamedLikeSubcommand: a file or directory
// named like a subcommand is a path, and a subcommand name given as a
// flag's value is that value.
func TestFlagsBeforeExistingPathNamedLikeSubcommand(t *testing.T) {
	dir := copyTree(t, sample)
	t.Chdir(filepath.Dir(dir))
	if err := os.Rename(dir, "rules"); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, "--now", "2026-06-01", "--fail-on", "none", "rules")
	if code != exitOK || stderr != "" || !strings.Contains(out, "files scanned:") {
		t.Errorf("directory named rules: exit %d, stderr %q, want the lint report:\n%s", code, stderr, out)
	}
	code, out, stderr = runCLI(t, "--format", "json", "--output", "checklist", "--fail-on", "none", "rules")
	if code != exitOK || stderr != "" || out != "" {
		t.Errorf("--output checklist: exit %d, stdout %q, stderr %q; want the report in the file checklist", code, out, stderr)
	}
	if data, err := os.ReadFile("checklist"); err != nil || !strings.Contains(string(data), `"findings"`) {
		t.Errorf("--output checklist: %v\n%s", err, data)
	}
}
