package report

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// ErrInterrupted is returned by WriteFileAtomic when RemoveTempFiles ran
// (the process is being stopped by a signal) before the file was renamed
// into place.
var ErrInterrupted = errors.New("interrupted")

// temps records the temporary files of WriteFileAtomic calls in progress,
// so that a signal handler can remove them (RemoveTempFiles).
var temps struct {
	sync.Mutex
	files   map[string]bool
	aborted bool
}

// RemoveTempFiles removes the temporary files of every WriteFileAtomic call
// in progress and makes those calls, and any later one, fail with
// ErrInterrupted instead of renaming. The command calls it on SIGINT and
// SIGTERM before exiting, so no ".NAME.tmp-*" file is left behind. It is
// safe to call from any goroutine.
func RemoveTempFiles() {
	temps.Lock()
	defer temps.Unlock()
	temps.aborted = true
	for f := range temps.files {
		_ = os.Remove(f)
	}
	temps.files = nil
}

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
			temps.Lock()
			_ = os.Remove(tmpName)
			delete(temps.files, tmpName)
			temps.Unlock()
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

// createTemp creates and registers the temporary file for base in dir.
func createTemp(dir, base string) (*os.File, error) {
	temps.Lock()
	defer temps.Unlock()
	if temps.aborted {
		return nil, ErrInterrupted
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("cannot create a temporary file in %s: %w", dir, err)
	}
	if temps.files == nil {
		temps.files = map[string]bool{}
	}
	temps.files[tmp.Name()] = true
	return tmp, nil
}

// renameTemp renames the registered temporary file over path, unless
// RemoveTempFiles ran.
func renameTemp(tmpName, path string) error {
	temps.Lock()
	defer temps.Unlock()
	if temps.aborted {
		return ErrInterrupted
	}
	if err := os.Rename(tmpName, path); err != nil {
		return err
	}
	delete(temps.files, tmpName)
	return nil
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
