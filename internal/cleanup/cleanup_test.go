package cleanup

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestRegistry: Abort removes tracked files and directories (with their
// contents) but not forgotten ones, and refuses Track, Commit and Guard
// afterwards; Remove and Commit forget a path.
func TestRegistry(t *testing.T) {
	var r Registry
	dir := t.TempDir()
	mk := func(name string, isDir bool) string {
		p, err := r.Track(func() (string, error) {
			p := filepath.Join(dir, name)
			if isDir {
				return p, os.MkdirAll(filepath.Join(p, "sub"), 0o755)
			}
			return p, os.WriteFile(p, []byte("x"), 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	file, tree, renamed, removed := mk("a.tmp", false), mk("rev", true), mk("b.tmp", false), mk("c.tmp", false)
	if err := r.Commit(renamed, func() error { return os.Rename(renamed, filepath.Join(dir, "b")) }); err != nil {
		t.Fatal(err)
	}
	r.Remove(removed)
	if _, err := os.Lstat(removed); !os.IsNotExist(err) {
		t.Errorf("Remove left %s", removed)
	}
	// A guarded write inside a tracked directory runs before the abort.
	if err := r.Guard(func() error { return os.WriteFile(filepath.Join(tree, "sub", "f"), nil, 0o644) }); err != nil {
		t.Fatal(err)
	}
	// A failing Track records nothing.
	if _, err := r.Track(func() (string, error) { return "", errors.New("boom") }); err == nil || len(r.paths) != 2 {
		t.Errorf("failed Track: err %v, paths %v", err, r.paths)
	}

	r.Abort()
	for _, p := range []string{file, tree} {
		if _, err := os.Lstat(p); !os.IsNotExist(err) {
			t.Errorf("Abort left %s", p)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "b")); err != nil {
		t.Errorf("Abort removed a committed file: %v", err)
	}
	ran := false
	if _, err := r.Track(func() (string, error) { ran = true; return "x", nil }); !errors.Is(err, ErrInterrupted) || ran {
		t.Errorf("Track after Abort: %v (create ran: %v)", err, ran)
	}
	if err := r.Commit(file, func() error { ran = true; return nil }); !errors.Is(err, ErrInterrupted) || ran {
		t.Errorf("Commit after Abort: %v (fn ran: %v)", err, ran)
	}
	if err := r.Guard(func() error { ran = true; return nil }); !errors.Is(err, ErrInterrupted) || ran {
		t.Errorf("Guard after Abort: %v (fn ran: %v)", err, ran)
	}
	r.Reset()
	if err := r.Guard(func() error { return nil }); err != nil {
		t.Errorf("Guard after Reset: %v", err)
	}
}
