package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSubcommandTypoIsOneLine: a mistyped flag or word after a subcommand
// is one line naming the nearest valid one, exit 2, nothing on stdout and
// no usage dump (as for nclint itself).
func TestSubcommandTypoIsOneLine(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"access", "--fromat", "json", "X", accessFixture}, "unknown flag --fromat; did you mean --format? (nclint access --help lists the flags)"},
		{[]string{"graph", "--fous", "X", accessFixture}, "unknown flag --fous; did you mean --focus?"},
		{[]string{"inventory", "--fromat", "csv", accessFixture}, "unknown flag --fromat; did you mean --format?"},
		{[]string{"checklist", "--fromat", "md", accessFixture}, "unknown flag --fromat; did you mean --format?"},
		{[]string{"config", "init", "--forse"}, "unknown flag --forse; did you mean --force? (nclint config init --help lists the flags)"},
		{[]string{"rules", "--fromat", "json"}, "unknown flag --fromat; did you mean --format? (nclint rules --help lists the flags)"},
		{[]string{"baseline", "write", "--fromat", "json", sample}, "unknown flag --fromat; did you mean --format? (nclint baseline write --help lists the flags)"},
		{[]string{"baseline", "wirte"}, `unknown baseline command "wirte"; did you mean "write"?`},
		{[]string{"config", "int"}, `unknown config command "int"; did you mean "init"?`},
		{[]string{"version", "--x"}, "unknown flag -x: nclint version takes no flags"},
		{[]string{"version", "extra"}, "usage: nclint version"},
		{[]string{"explain", "--all"}, "unknown flag --all: nclint explain takes no flags"},
		{[]string{"lint", "."}, `unknown command "lint": nclint lints a path directly: nclint .`},
		{[]string{"run", "."}, `unknown command "run": nclint lints a path directly: nclint .`},
		{[]string{"check"}, `unknown command "check": nclint lints a path directly: nclint .`},
	} {
		code, out, stderr := runCLI(t, c.args...)
		if code != exitUsage || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and one line with %q", c.args, code, out, stderr, c.want)
		}
	}
}

// TestSubcommandHelp: -h, -help and --help after every subcommand print
// that subcommand's usage on stdout and exit 0.
func TestSubcommandHelp(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string // the usage line
	}{
		{[]string{"access"}, "usage: nclint access "},
		{[]string{"graph"}, "usage: nclint graph "},
		{[]string{"inventory"}, "usage: nclint inventory "},
		{[]string{"checklist"}, "usage: nclint checklist "},
		{[]string{"rules"}, "usage: nclint rules "},
		{[]string{"explain"}, "usage: nclint explain RULE"},
		{[]string{"baseline"}, "usage: nclint baseline write"},
		{[]string{"baseline", "write"}, "usage: nclint baseline write"},
		{[]string{"config"}, "usage: nclint config init"},
		{[]string{"config", "init"}, "usage: nclint config init"},
		{[]string{"version"}, "usage: nclint version"},
	} {
		for _, h := range []string{"-h", "--help", "-help"} {
			args := append(append([]string{}, c.args...), h)
			code, out, stderr := runCLI(t, args...)
			if code != exitOK || !strings.HasPrefix(out, c.want) || stderr != "" {
				t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 0 and stdout starting %q", args, code, out, stderr, c.want)
			}
		}
	}
	// The top level's help points to them and says both dash forms work.
	_, out, _ := runCLI(t, "-h")
	if !strings.Contains(out, "nclint COMMAND --help") || !strings.Contains(out, "-format and --format are the same") {
		t.Errorf("nclint -h:\n%s", out)
	}
	// The flags of the subcommand are listed, not the top level's.
	_, out, _ = runCLI(t, "baseline", "write", "--help")
	if !strings.Contains(out, "-baseline FILE") || strings.Contains(out, "nclint rules [--format json]") {
		t.Errorf("baseline write --help:\n%s", out)
	}
	_, out, _ = runCLI(t, "config", "init", "--help")
	if !strings.Contains(out, "-force") {
		t.Errorf("config init --help does not list --force:\n%s", out)
	}
}

// TestOutputFormatTypo: FORMAT=FILE takes format names in any case; a
// name within two edits of a format is an error, not a file name, and
// ./NAME=FILE still writes a file whose name contains =.
func TestOutputFormatTypo(t *testing.T) {
	proj := copyTree(t, sample)
	dir := t.TempDir()
	t.Chdir(dir)
	code, out, stderr := runCLI(t, "--output", "sarfi=nclint.sarif", proj)
	want := "nclint: unknown format sarfi in --output; did you mean sarif? (write ./sarfi=nclint.sarif for a file whose name contains =)\n"
	if code != exitUsage || stderr != want || out != "" {
		t.Errorf("sarfi=: exit %d, stdout %q, stderr %q; want %q", code, out, stderr, want)
	}
	if _, err := os.Stat("sarfi=nclint.sarif"); err == nil {
		t.Error("sarfi=nclint.sarif was written")
	}
	code, _, stderr = runCLI(t, "--output", "SARIF=x.sarif", "--output", "Text=-", proj)
	data, err := os.ReadFile("x.sarif")
	if code != exitFindings || err != nil || !strings.Contains(string(data), `"version": "2.1.0"`) {
		t.Errorf("SARIF=x.sarif: exit %d (stderr %q), x.sarif %.80q (%v); want a SARIF log", code, stderr, data, err)
	}
	code, _, stderr = runCLI(t, "--output", "./sarfi=x.txt", proj)
	if _, err := os.Stat(filepath.Join(dir, "sarfi=x.txt")); code != exitFindings || err != nil {
		t.Errorf("./sarfi=x.txt: exit %d (stderr %q), file: %v", code, stderr, err)
	}
}

// TestMissingPathsAndDirectories: a path or an output directory that does
// not exist is named in one plain line.
func TestMissingPathsAndDirectories(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nonexistentdir")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{missing}, "nclint: " + missing + ": no such file or directory\n"},
		{[]string{"access", "Pay_API", missing}, "nclint: " + missing + ": no such file or directory\n"},
		{[]string{"baseline", "write", missing}, "nclint: " + missing + ": no such file or directory\n"},
		{[]string{"--output", filepath.Join(missing, "r.txt"), sample},
			"nclint: write " + filepath.Join(missing, "r.txt") + ": directory " + missing + " does not exist\n"},
		{[]string{"--output", "sarif=" + filepath.Join(missing, "r.sarif"), sample},
			"nclint: write " + filepath.Join(missing, "r.sarif") + ": directory " + missing + " does not exist\n"},
	} {
		code, out, stderr := runCLI(t, c.args...)
		if code != exitUsage || stderr != c.want || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.args, code, out, stderr, c.want)
		}
	}
}

// TestAccessDiffWithName: NAME and --diff do not combine; a name where
// --diff expects a PATH says so.
func TestAccessDiffWithName(t *testing.T) {
	t.Chdir(accessFixture)
	code, out, stderr := runCLI(t, "access", "--diff", "HEAD", "Payments_API")
	if code != exitUsage || out != "" || strings.Count(stderr, "\n") != 1 ||
		!strings.Contains(stderr, "takes a PATH, not a NAME (NAME and --diff do not combine)") || strings.Contains(stderr, "discover") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, stderr)
	}
}
