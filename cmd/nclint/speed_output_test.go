package main

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/nclint/nclint/internal/benchorg"
)

var updateSpeedGolden = flag.Bool("update-speed-golden", false,
	"rewrite testdata/speed/*.json from the current code (only after a deliberate output change)")

// TestOutputUnchangedBySpeedWork compares the JSON report on the sample
// and on a generated org (internal/benchorg at scale 0.1, about 2,200
// files) with golden files written by the code before the speed work of
// issue 15 (main at 2c626db, built from a clean export), so faster
// parsing cannot change a finding. A deliberate change of a message must
// rewrite them with -update-speed-golden, and the diff be read.
func TestOutputUnchangedBySpeedWork(t *testing.T) {
	org := filepath.Join(t.TempDir(), "org")
	if err := benchorg.Write(org, benchorg.CountsFor(0.1)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ golden, dir string }{
		{"sample.json", sample},
		{"benchorg-0.1.json", org},
	} {
		t.Run(c.golden, func(t *testing.T) {
			_, out, errOut := runCLI(t, "--format", "json", "--fail-on", "none", "--now", "2026-06-01", c.dir)
			if errOut != "" {
				t.Errorf("stderr: %s", errOut)
			}
			path := filepath.Join("..", "..", "testdata", "speed", c.golden)
			if *updateSpeedGolden {
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if out != string(want) {
				t.Errorf("JSON output differs from %s (if a deliberate rule change explains the difference, "+
					"rewrite it with go test ./cmd/nclint -run TestOutputUnchangedBySpeedWork -update-speed-golden):\n%s",
					path, firstDiff(string(want), out))
			}
		})
	}
}

// firstDiff shows the lines around the first difference of a and b.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-200)
	return "want …" + a[lo:min(len(a), i+200)] + "…\ngot  …" + b[lo:min(len(b), i+200)] + "…"
}
