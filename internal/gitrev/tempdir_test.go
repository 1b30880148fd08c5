package gitrev

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/cleanup"
)

func TestMkdirTempAndRemoveTempDirs(t *testing.T) {
	repo := newRepo(t)
	write(t, repo, "force-app/a.xml", "<a/>\n")
	git(t, repo, "add", ".")
	git(t, repo, "commit", "-q", "-m", "one")
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	t.Cleanup(cleanup.ResetForTest) // RemoveAll is for a process about to exit

	dir, remove, err := MkdirTemp("nclint-rev-")
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(dir) != tmp || !strings.HasPrefix(filepath.Base(dir), "nclint-rev-") {
		t.Fatalf("MkdirTemp made %s, want nclint-rev-* in %s", dir, tmp)
	}
	if _, err := Materialize(context.Background(), repo, "HEAD", ".", dir, Options{}); err != nil {
		t.Fatal(err)
	}
	remove()
	if _, err := os.Lstat(dir); !os.IsNotExist(err) {
		t.Errorf("the remove function left %s: %v", dir, err)
	}

	dir, _, err = MkdirTemp("nclint-rev-")
	if err != nil {
		t.Fatal(err)
	}
	cleanup.RemoveAll() // what the SIGINT/SIGTERM handler does
	if _, err := os.Lstat(dir); !os.IsNotExist(err) {
		t.Errorf("RemoveAll left %s: %v", dir, err)
	}
	// After it, a Materialize still running writes nothing (it would
	// recreate the directory otherwise), and no directory is made.
	if _, err := Materialize(context.Background(), repo, "HEAD", ".", dir, Options{}); !errors.Is(err, cleanup.ErrInterrupted) {
		t.Errorf("Materialize after RemoveAll: %v, want ErrInterrupted", err)
	}
	if _, _, err := MkdirTemp("nclint-rev-"); !errors.Is(err, cleanup.ErrInterrupted) {
		t.Errorf("MkdirTemp after RemoveAll: %v, want ErrInterrupted", err)
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		t.Errorf("left in TMPDIR: %v", entries)
	}
}
