package baseline

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// loadWithin runs Load and fails the test when it does not return quickly.
func loadWithin(t *testing.T, path string) (*File, error) {
	t.Helper()
	var (
		b   *File
		err error
	)
	done := make(chan struct{})
	go func() { defer close(done); b, err = Load(path) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("Load(%s) did not return", path)
	}
	return b, err
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := `{"version": 1, "findings": [{"identity": "NC101|x", "ruleId": "NC101", "file": "a", "count": 2}]}`
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	secret := "ghp_" + strings.Repeat("Xy7", 12)
	for _, c := range []struct {
		name, path, want string // want "" for success
	}{
		{"good", write("good.json", good+"\n\n"), ""},
		{"trailing garbage", write("trailing.json", good+"\n{}"), "2:1: not a valid nclint baseline: unexpected data after the JSON object"},
		{"trailing text", write("text.json", good+" garbage"), "unexpected data after the JSON object"},
		{"unknown field with a secret", write("field.json", `{"version": 1, "`+secret+`": 1}`), `unknown field "ghp_`},
		{"syntax error", write("syntax.json", "{\n  \"version\": 1,\n  x\n}"), "line 3, column 3: invalid character"},
		{"truncated", write("trunc.json", `{"version": 1, "findings": [`), "unexpected end of file"},
		{"FIFO", fifo, "not a regular file but a named pipe (FIFO)"},
		{"/dev/zero", "/dev/zero", "not a regular file but a character device"},
		{"directory", dir, "is a directory"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := loadWithin(t, c.path)
			if c.want == "" {
				if err != nil || len(b.Findings) != 1 || b.Findings[0].Count != 2 {
					t.Fatalf("Load = %+v, %v", b, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Load error = %v, want %q", err, c.want)
			}
			if strings.Contains(err.Error(), secret[:10]) {
				t.Errorf("error quotes the secret: %v", err)
			}
		})
	}
}
