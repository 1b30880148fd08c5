package config

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// loadWithin runs LoadIn and fails the test when it does not return
// quickly (a FIFO that blocks, a device read without end).
func loadWithin(t *testing.T, path, root string) error {
	t.Helper()
	var err error
	done := make(chan struct{})
	go func() { defer close(done); _, err = LoadIn(path, root, lookup) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("LoadIn(%s) did not return", path)
	}
	return err
}

func TestLoadRefusesHostileFiles(t *testing.T) {
	root := t.TempDir()
	outside := filepath.Join(t.TempDir(), "passwd")
	if err := os.WriteFile(outside, []byte("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, ".nclint.yml")); err != nil {
		t.Fatal(err)
	}
	err := loadWithin(t, Find(root), root)
	if err == nil || !strings.Contains(err.Error(), "a symbolic link to a file outside") || strings.Contains(err.Error(), "root:x") {
		t.Errorf("link out of the project: %v, want a refusal that does not quote the target", err)
	}
	// The same file named with --config is read (and is not a mapping),
	// but the message quotes a short excerpt only.
	err = loadWithin(t, outside, "")
	if err == nil || strings.Contains(err.Error(), "nologin") {
		t.Errorf("explicit config: %v, want an error quoting at most a short excerpt", err)
	}

	fifo := filepath.Join(t.TempDir(), ".nclint.yml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, path, want string }{
		{"FIFO", fifo, "not a regular file but a named pipe (FIFO)"},
		{"/dev/zero", "/dev/zero", "not a regular file but a character device"},
		{"directory", root, "is a directory"},
	} {
		if err := loadWithin(t, c.path, ""); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	big := filepath.Join(t.TempDir(), "big.yml")
	if err := os.WriteFile(big, []byte("# "+strings.Repeat("x", 1<<20)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := loadWithin(t, big, ""); err == nil || !strings.Contains(err.Error(), "exceeds the 1.0 MiB") {
		t.Errorf("over the size cap: %v", err)
	}
}

func TestMultipleDocumentsAreAnError(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string // "" for no error
	}{
		{"rules:\n  NC101: off\n---\nexclude: [x]\n", ".nclint.yml:4:1: a second YAML document"},
		{"rules:\n  NC101: off\n--- x\n", ".nclint.yml:3:5: a second YAML document"},
		{"rules:\n  NC101: off\n---\n", ""},
		{"---\nrules:\n  NC101: off\n", ""},
	} {
		_, err := Parse(".nclint.yml", []byte(c.in), lookup)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%q: %v", c.in, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%q: %v, want %q", c.in, err, c.want)
		}
	}
}

func TestErrorsQuoteShortRedactedExcerpts(t *testing.T) {
	secret := "ghp_" + strings.Repeat("Ab1", 12)
	for _, in := range []string{
		secret + "\n",
		"rules:\n  NC101: " + secret + "\n",
		"exclude: [\"" + secret + "[\"]\n",
		secret + ": 1\n",
		"certificates:\n  expiry_warning_days: " + secret + "\n",
	} {
		_, err := Parse(".nclint.yml", []byte(in), lookup)
		if err == nil {
			t.Fatalf("%q: no error", in)
		}
		if strings.Contains(err.Error(), secret[:12]) {
			t.Errorf("%q: message quotes the secret: %v", in, err)
		}
	}
	long := strings.Repeat("word ", 40)
	_, err := Parse(".nclint.yml", []byte(long+"\n"), lookup)
	if err == nil || strings.Contains(err.Error(), long[:60]) {
		t.Errorf("long value quoted in full: %v", err)
	}
}

func TestYAMLErrorsQuoteShortRedactedExcerpts(t *testing.T) {
	secret := "ghp_" + strings.Repeat("Ab1", 12)
	_, err := Parse(".nclint.yml", []byte("rules: *"+secret+"\n"), lookup)
	if err == nil || !strings.Contains(err.Error(), "unknown anchor") || strings.Contains(err.Error(), secret[:10]) {
		t.Errorf("unknown anchor: %v, want the error without the secret", err)
	}
}
