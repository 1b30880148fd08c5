package safeio

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// withTimeout fails the test when f does not return within a few seconds
// (a FIFO or device that blocks or streams forever).
func withTimeout(t *testing.T, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("ReadFile did not return: it blocks on a FIFO or reads a device without end")
	}
}

func TestReadFile(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(root, "ok.yml"), "a: 1\n")
	write(filepath.Join(outside, "secret"), "root:x:0:0:root:/root:/bin/bash\n")
	write(filepath.Join(root, "big"), strings.Repeat("x", 2000))
	if err := os.Symlink(filepath.Join(outside, "secret"), filepath.Join(root, "out.yml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("ok.yml", filepath.Join(root, "in.yml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(root, "zero.yml")); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(root, "fifo.yml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	opts := Options{Root: root, MaxSize: 1000}
	for _, c := range []struct {
		name, path string
		opts       Options
		want       string // "" for success
	}{
		{"regular", "ok.yml", opts, ""},
		{"link inside the root", "in.yml", opts, ""},
		{"link outside the root", "out.yml", opts, "a symbolic link to a file outside"},
		{"link outside, no root given", "out.yml", Options{MaxSize: 1000}, ""},
		{"link to /dev/zero", "zero.yml", opts, "a symbolic link to a file outside"},
		{"/dev/zero named directly", "/dev/zero", Options{MaxSize: 1000}, "not a regular file but a character device"},
		{"FIFO without writer", "fifo.yml", opts, "not a regular file but a named pipe (FIFO)"},
		{"directory", ".", Options{MaxSize: 1000}, "is a directory"},
		{"too large", "big", opts, "1 KiB exceeds the 1000 bytes limit"},
		{"missing", "missing.yml", opts, "no such file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := c.path
			if !filepath.IsAbs(p) {
				p = filepath.Join(root, p)
			}
			var err error
			withTimeout(t, func() { _, err = ReadFile(p, c.opts) })
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("ReadFile: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Fatalf("ReadFile error = %v, want %q", err, c.want)
			}
			if err != nil && strings.Contains(err.Error(), "root:x") {
				t.Errorf("error quotes the target's content: %v", err)
			}
		})
	}
	_, err := ReadFile(filepath.Join(root, "missing.yml"), opts)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v is not fs.ErrNotExist", err)
	}
	_, err = ReadFile(root, opts)
	if !errors.Is(err, ErrIsDir) {
		t.Errorf("directory: %v is not ErrIsDir", err)
	}
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{
		210 << 20: "210 MiB", 50 << 20: "50 MiB", 3<<20 + 1<<19: "3.5 MiB", 12 << 10: "12 KiB", 999: "999 bytes",
	} {
		if got := FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
}
