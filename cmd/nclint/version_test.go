package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestVersionCommandAndFlag(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}} {
		code, out, errOut := runCLI(t, args...)
		if code != exitOK || out != "nclint dev\n" || errOut != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 0, stdout \"nclint dev\\n\"", args, code, out, errOut)
		}
	}
}

// TestVersionLinkerFlag builds the binary the way .goreleaser.yaml does and
// checks that the tag set with -ldflags -X is what it prints.
func TestVersionLinkerFlag(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "nclint")
	build := exec.Command("go", "build", "-trimpath", "-o", bin,
		"-ldflags", "-s -w -X github.com/nclint/nclint/internal/version.Version=1.2.3", ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, arg := range []string{"--version", "version"} {
		out, err := exec.Command(bin, arg).Output()
		if err != nil {
			t.Fatalf("nclint %s: %v", arg, err)
		}
		if got := strings.TrimSpace(string(out)); got != "nclint 1.2.3" {
			t.Errorf("nclint %s = %q, want %q", arg, got, "nclint 1.2.3")
		}
	}
}
