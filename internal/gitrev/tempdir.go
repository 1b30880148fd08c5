package gitrev

import (
	"os"
	"path/filepath"

	"github.com/nclint/nclint/internal/cleanup"
)

// MkdirTemp creates a temporary directory (os.MkdirTemp("", pattern)) for
// Materialize, and returns it with the function that removes it. Until
// that function runs, the signal cleanup (cleanup.RemoveAll) removes the
// directory too; once that ran, MkdirTemp fails with cleanup.ErrInterrupted.
func MkdirTemp(pattern string) (string, func(), error) {
	dir, err := cleanup.Track(func() (string, error) { return os.MkdirTemp("", pattern) })
	if err != nil {
		return "", nil, err
	}
	return dir, func() { cleanup.Remove(dir) }, nil
}

// createNew creates dst and its parent directories for writing, unless the
// signal cleanup ran (cleanup.ErrInterrupted): the cleanup waits for
// creations in progress, so nothing reappears in a directory it removed.
func createNew(dst string) (*os.File, error) {
	var f *os.File
	err := cleanup.Guard(func() error {
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		var err error
		f, err = os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		return err
	})
	return f, err
}
