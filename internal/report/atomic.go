package report

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/nclint/nclint/internal/cleanup"
)

// WriteFileAtomic writes the file at path through write.
//
// When path is a regular file or does not exist, path ends up holding
// either its old content or the complete new content, never a partial
// file: write gets a temporary file in the same directory; the file is
// synced, closed and renamed over path. On any error (including a panic
// in write) the temporary file is removed and path is left untouched. The
// new file keeps the permissions of the file it replaces, or gets 0644.
//
// Anything else that is not a directory (a device such as /dev/null or
// /dev/stdout, a named pipe) is opened for writing as it is, without
// creating or truncating, and written directly, so it stays what it was:
// renaming over /dev/null would replace the device with a regular file.
func WriteFileAtomic(path string, write func(io.Writer) error) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if base == "" {
		return fmt.Errorf("write %s: not a file name", path)
	}
	perm := fs.FileMode(0o644)
	if fi, statErr := os.Stat(path); statErr == nil {
		if fi.IsDir() {
			return fmt.Errorf("write %s: is a directory", path)
		}
		if !fi.Mode().IsRegular() {
			return writeDirect(path, write)
		}
		perm = fi.Mode().Perm()
	}

	tmp, err := createTemp(dir, base)
	if err != nil {
		if _, statErr := os.Stat(dir); errors.Is(statErr, fs.ErrNotExist) {
			// Not the temporary file's name: the directory is what is wrong.
			return &missingDirError{fmt.Sprintf("write %s: directory %s does not exist", path, filepath.Clean(dir)), statErr}
		}
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmpName := tmp.Name()
	done := false
	defer func() {
		if !done {
			_ = tmp.Close() // may already be closed
			cleanup.Remove(tmpName)
		}
	}()

	if err := write(tmp); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(perm); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: sync: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: close: %w", path, err)
	}
	if err := renameTemp(tmpName, path); err != nil {
		var le *os.LinkError
		if errors.As(err, &le) {
			err = le.Err
		}
		return fmt.Errorf("write %s: rename: %w", path, err)
	}
	done = true
	syncDir(dir)
	return nil
}

// missingDirError is a write into a directory that does not exist; it
// wraps fs.ErrNotExist.
type missingDirError struct {
	msg string
	err error
}

func (e *missingDirError) Error() string { return e.msg }
func (e *missingDirError) Unwrap() error { return e.err }

// createTemp creates the temporary file for base in dir, registered for
// removal on SIGINT and SIGTERM (cleanup.ErrInterrupted once that ran).
func createTemp(dir, base string) (*os.File, error) {
	var tmp *os.File
	_, err := cleanup.Track(func() (string, error) {
		f, err := os.CreateTemp(dir, "."+base+".tmp-*")
		if err != nil {
			return "", fmt.Errorf("cannot create a temporary file in %s: %w", dir, err)
		}
		tmp = f
		return f.Name(), nil
	})
	return tmp, err
}

// renameTemp renames the registered temporary file over path, unless the
// signal cleanup ran (cleanup.ErrInterrupted).
func renameTemp(tmpName, path string) error {
	return cleanup.Commit(tmpName, func() error { return os.Rename(tmpName, path) })
}

// writeDirect writes to an existing file that is not a regular file (a
// device or named pipe) in place: opened write-only, neither created nor
// truncated.
func writeDirect(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPathError(err))
	}
	if err := write(f); err != nil {
		_ = f.Close()
		return fmt.Errorf("write %s: %w", path, unwrapPathError(err))
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: close: %w", path, unwrapPathError(err))
	}
	return nil
}

// unwrapPathError drops the path of an *fs.PathError (the message names it
// already).
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// syncDir makes a rename in dir durable where the platform allows it. It is
// best effort: the new content is complete either way.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}
