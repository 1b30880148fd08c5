package report

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nclint/nclint/internal/cleanup"
)

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

func TestWriteFileAtomicReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.sarif")
	// A longer old file must not leave trailing bytes (go-sarif v2's
	// WriteFile does).
	if err := os.WriteFile(path, []byte(strings.Repeat("old content ", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(path, writeString("new")); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != "new" {
		t.Fatalf("content %q, %v; want \"new\"", got, err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want the replaced file's 0600", fi.Mode().Perm())
	}
	if names := listDir(t, dir); len(names) != 1 {
		t.Errorf("directory holds %v, want only out.sarif", names)
	}
}

func TestWriteFileAtomicNewFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.txt")
	if err := WriteFileAtomic(path, writeString("hello\n")); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", fi.Mode().Perm())
	}
}

func TestWriteFileAtomicFailureKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.sarif")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := WriteFileAtomic(path, func(w io.Writer) error {
		_, _ = io.WriteString(w, "partial new cont")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("error %v, want it to wrap the write error", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("old file changed to %q", got)
	}
	if names := listDir(t, dir); len(names) != 1 || names[0] != "out.sarif" {
		t.Errorf("directory holds %v, want only out.sarif (no temp files)", names)
	}

	// A panic in write also leaves no temporary file behind.
	func() {
		defer func() { _ = recover() }()
		_ = WriteFileAtomic(path, func(io.Writer) error { panic("bad") })
	}()
	if names := listDir(t, dir); len(names) != 1 {
		t.Errorf("after panic directory holds %v", names)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("old file changed to %q after panic", got)
	}
}

func TestWriteFileAtomicFailureNoFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.sarif")
	if err := WriteFileAtomic(path, func(io.Writer) error { return errors.New("boom") }); err == nil {
		t.Fatal("no error")
	}
	if names := listDir(t, dir); len(names) != 0 {
		t.Errorf("directory holds %v, want nothing", names)
	}
}

func TestWriteFileAtomicBadDirectory(t *testing.T) {
	dir := t.TempDir()
	err := WriteFileAtomic(filepath.Join(dir, "missing", "out.sarif"), writeString("x"))
	// The directory is named, not the temporary file nclint failed to create.
	want := "write " + filepath.Join(dir, "missing", "out.sarif") + ": directory " + filepath.Join(dir, "missing") + " does not exist"
	if err == nil || err.Error() != want {
		t.Errorf("missing directory: error %v", err)
	}
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("error %v does not wrap ErrNotExist", err)
	}

	// The target is a directory.
	if err := WriteFileAtomic(dir, writeString("x")); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("directory target: error %v", err)
	}
}

func TestWriteFileAtomicUnwritableDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores directory permissions")
	}
	dir := t.TempDir()
	ro := filepath.Join(dir, "ro")
	if err := os.Mkdir(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(ro, 0o755) })
	err := WriteFileAtomic(filepath.Join(ro, "out.sarif"), writeString("x"))
	if err == nil || !strings.Contains(err.Error(), "cannot create a temporary file in") || !errors.Is(err, os.ErrPermission) {
		t.Errorf("unwritable directory: error %v", err)
	}
}

// TestWriteFileAtomicKeepsDevices checks that a device is written in place,
// never replaced by a regular file (renaming over /dev/null as root
// destroys it).
func TestWriteFileAtomicKeepsDevices(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root can rename over /dev/null; the FIFO test covers the direct write otherwise")
	}
	if err := WriteFileAtomic("/dev/null", writeString("report\n")); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Lstat("/dev/null")
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("/dev/null is no longer a character device: %v %v", fi.Mode(), err)
	}
	for _, e := range listDir(t, "/dev") {
		if strings.HasPrefix(e, ".null.tmp-") {
			t.Errorf("temporary file /dev/%s left behind", e)
		}
	}
}

// TestWriteFileAtomicDevFull checks that a device that refuses the write
// gives a clear error and stays a device.
func TestWriteFileAtomicDevFull(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full")
	}
	err := WriteFileAtomic("/dev/full", writeString(strings.Repeat("x", 1<<16)))
	if err == nil || !strings.Contains(err.Error(), "write /dev/full: ") || !strings.Contains(err.Error(), "no space left on device") {
		t.Fatalf("err = %v, want a write error naming /dev/full", err)
	}
	if fi, err := os.Lstat("/dev/full"); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("/dev/full is no longer a character device: %v %v", fi.Mode(), err)
	}
}

// TestWriteFileAtomicFIFO checks that a named pipe with a reader gets the
// report and stays a named pipe.
func TestWriteFileAtomicFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "report.fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 1)
	go func() {
		data, err := os.ReadFile(fifo) // blocks until the writer opens, reads until it closes
		if err != nil {
			got <- "error: " + err.Error()
			return
		}
		got <- string(data)
	}()
	errc := make(chan error, 1)
	go func() { errc <- WriteFileAtomic(fifo, writeString("the report\n")) }()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("WriteFileAtomic to a FIFO with a reader did not return")
	}
	select {
	case s := <-got:
		if s != "the report\n" {
			t.Errorf("reader got %q", s)
		}
	case <-time.After(10 * time.Second):
		t.Error("the reader of the FIFO got nothing")
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v %v", fi.Mode(), err)
	}
	if names := listDir(t, dir); len(names) != 1 {
		t.Errorf("files left in the directory: %v", names)
	}
}

// TestRemoveTempFiles checks the signal cleanup: cleanup.RemoveAll during a
// write removes the temporary file, and the write does not rename it into
// place afterwards.
func TestRemoveTempFiles(t *testing.T) {
	defer cleanup.ResetForTest()
	dir := t.TempDir()
	path := filepath.Join(dir, "out.sarif")
	err := WriteFileAtomic(path, func(w io.Writer) error {
		if _, err := io.WriteString(w, "partial"); err != nil {
			return err
		}
		if n := len(listDir(t, dir)); n != 1 {
			t.Errorf("want one temporary file while writing, got %d", n)
		}
		cleanup.RemoveAll() // what the SIGINT/SIGTERM handler does
		if names := listDir(t, dir); len(names) != 0 {
			t.Errorf("temporary file left after RemoveAll: %v", names)
		}
		return nil
	})
	if !errors.Is(err, cleanup.ErrInterrupted) {
		t.Errorf("err = %v, want ErrInterrupted", err)
	}
	if names := listDir(t, dir); len(names) != 0 {
		t.Errorf("files after an interrupted write: %v", names)
	}
	if err := WriteFileAtomic(path, writeString("x")); !errors.Is(err, cleanup.ErrInterrupted) {
		t.Errorf("a write after RemoveAll: %v, want ErrInterrupted", err)
	}
}
