package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// exampleBlock matches a documented example: a marker naming the command
// line (after "nclint"; paths relative to the repository root, optionally
// "| head N" to keep the first N lines), a fenced block, and an end marker.
var exampleBlock = regexp.MustCompile("(?s)<!-- nclint-example: ([^\n]*?) -->\n```[a-z]*\n(.*?)```\n<!-- nclint-example:end -->")

// TestDocExamples keeps the query examples in the README and docs equal
// to the real output of the command they name (-update rewrites them; read
// the diff before committing).
func TestDocExamples(t *testing.T) {
	files, _ := filepath.Glob("../../docs/*.md")
	files = append(files, "../../README.md")
	n := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		updated := string(data)
		for _, m := range exampleBlock.FindAllStringSubmatch(string(data), -1) {
			n++
			cmdline, head := m[1], -1
			if c, h, ok := strings.Cut(cmdline, " | head "); ok {
				cmdline = c
				if head, err = strconv.Atoi(h); err != nil {
					t.Fatalf("%s: bad head in %q", f, m[1])
				}
			}
			args := strings.Fields(cmdline)
			for i, a := range args {
				if strings.HasPrefix(a, "testdata/") {
					args[i] = "../../" + a
				}
			}
			code, out, stderr := runCLI(t, args...)
			if code != exitOK {
				t.Errorf("%s: nclint %s: exit %d: %s", f, cmdline, code, stderr)
				continue
			}
			if head >= 0 {
				lines := strings.SplitAfter(out, "\n")
				out = strings.Join(lines[:min(head, len(lines))], "")
			}
			if out != m[2] && *updateGolden {
				updated = strings.Replace(updated, m[0], strings.Replace(m[0], "\n"+m[2]+"```", "\n"+out+"```", 1), 1)
			} else if out != m[2] {
				t.Errorf("%s: the example of nclint %s is out of date (go test ./cmd/nclint -run TestDocExamples -update); replace it with:\n%s", f, m[1], out)
			}
		}
		if updated != string(data) {
			if err := os.WriteFile(f, []byte(updated), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n < 5 {
		t.Errorf("found %d documented examples, want at least 5 (README \"See who can call what\", docs/graph-format.md)", n)
	}
}
