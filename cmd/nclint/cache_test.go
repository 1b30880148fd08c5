package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/nclint/nclint/internal/project"
)

// TestMain keeps the parse cache of every in-process run in a temporary
// directory, not in the user cache directory of whoever runs the tests.
// A child test process (signals_test.go) inherits its parent's directory.
func TestMain(m *testing.M) {
	if os.Getenv("NCLINT_CACHE_DIR") != "" {
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "nclint-test-cache-")
	if err != nil {
		panic(err)
	}
	if err := os.Setenv("NCLINT_CACHE_DIR", dir); err != nil {
		panic(err)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// waitSettled waits until every file below dir was last changed more than
// the parse cache's settle margin (3 s) ago; in a fresh clone the sample's
// files may be that new.
func waitSettled(t *testing.T, dir string) {
	t.Helper()
	var newest int64
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		s := project.StampOf(info)
		newest = max(newest, s.ModTime, s.Change)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if wait := time.Until(time.Unix(0, newest).Add(3500 * time.Millisecond)); wait > 0 {
		time.Sleep(wait)
	}
}

// TestParseCacheFlags: a run writes the parse cache to NCLINT_CACHE_DIR
// (owner-only permissions), a second run from the cache prints the same
// bytes, and --no-cache neither reads nor writes it.
func TestParseCacheFlags(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skip("no change time or inode on this system: nothing is cached")
	}
	waitSettled(t, sample)
	args := []string{"--format", "json", "--now", "2026-06-01", "--fail-on", "none", sample}

	off := filepath.Join(t.TempDir(), "off")
	t.Setenv("NCLINT_CACHE_DIR", off)
	code, plain, _ := runCLI(t, append([]string{"--no-cache"}, args...)...)
	if _, err := os.Stat(off); code != 0 || err == nil {
		t.Fatalf("--no-cache: exit %d, cache directory created: %v", code, err == nil)
	}

	on := filepath.Join(t.TempDir(), "on")
	t.Setenv("NCLINT_CACHE_DIR", on)
	_, cold, _ := runCLI(t, args...)
	files, _ := filepath.Glob(filepath.Join(on, "parse-*.cache"))
	if len(files) != 1 {
		t.Fatalf("cache files after a run: %v", files)
	}
	for p, want := range map[string]fs.FileMode{on: 0o700, files[0]: 0o600} {
		if st, err := os.Stat(p); err != nil || st.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v (%v)", p, st.Mode().Perm(), want, err)
		}
	}
	written, _ := os.Stat(files[0])
	_, warm, _ := runCLI(t, args...)
	if cold != plain || warm != plain {
		t.Errorf("output differs: without cache %d bytes, cold cache %d, warm cache %d", len(plain), len(cold), len(warm))
	}
	if st, _ := os.Stat(files[0]); !os.SameFile(st, written) {
		t.Error("an unchanged project rewrote its cache")
	}
	if _, err := os.Stat(off); err == nil {
		t.Error("--no-cache run wrote a cache")
	}
}

// TestCacheDirLocation: --no-cache, then NCLINT_CACHE_DIR, then the user
// cache directory, else no cache.
func TestCacheDirLocation(t *testing.T) {
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	if d := cacheDir(true, getenv); d != "" {
		t.Errorf("--no-cache: %q", d)
	}
	env["NCLINT_CACHE_DIR"] = "/x/cache"
	if d := cacheDir(false, getenv); d != "/x/cache" {
		t.Errorf("NCLINT_CACHE_DIR: %q", d)
	}
	delete(env, "NCLINT_CACHE_DIR")
	if runtime.GOOS == "linux" {
		t.Setenv("XDG_CACHE_HOME", "/xdg")
		if d := cacheDir(false, getenv); d != "/xdg/nclint" {
			t.Errorf("XDG_CACHE_HOME: %q", d)
		}
		t.Setenv("XDG_CACHE_HOME", "")
		t.Setenv("HOME", "")
		if d := cacheDir(false, getenv); d != "" {
			t.Errorf("no home directory: %q, want no cache", d)
		}
	}
}
