// Package safeio reads project input files (configuration, .forceignore,
// sfdx-project.json, baselines, metadata) safely: regular files only,
// opened so that a named pipe or device never blocks, size-capped both
// before and while reading, and, when a root is given, only when the file
// lies inside the root after resolving symbolic links. It also quotes input
// in messages: Excerpt gives a short, redacted, printable excerpt.
//
// It is a leaf package (standard library only), so discovery, parsing,
// configuration and baseline loading can all use it.
package safeio

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// Size caps for project input files. Metadata files have their own cap
// (parse.DefaultMaxFileSize).
const (
	// MaxConfigSize caps .nclint.yml, .forceignore and sfdx-project.json
	// (real ones are a few KiB).
	MaxConfigSize int64 = 1 << 20 // 1 MiB
	// MaxBaselineSize caps a baseline file (about 200 bytes per recorded
	// finding, so room for over 100,000 findings).
	MaxBaselineSize int64 = 32 << 20 // 32 MiB
)

// Options say how ReadFile checks a file.
type Options struct {
	// Root, when not "", is the directory the file must lie in after its
	// symbolic links are resolved. "" allows any location (a file named on
	// the command line).
	Root string
	// MaxSize is the largest accepted size in bytes (> 0).
	MaxSize int64
	// Buffer, when its capacity holds the file and one byte more, is
	// read into (from its start) instead of a new buffer: a caller reading
	// many files reuses one. The data returned then shares it.
	Buffer []byte
}

// TooLargeError is a file over the size cap.
type TooLargeError struct {
	// Size is the file's size, or the bytes read when it grew while read
	// (then at least Limit + 1).
	Size, Limit int64
}

func (e *TooLargeError) Error() string {
	s, l := SizePair(e.Size, e.Limit)
	return fmt.Sprintf("%s exceeds the %s limit", s, l)
}

// NotRegularError is a path that is not a regular file (a directory, named
// pipe, device or socket).
type NotRegularError struct {
	// What names the kind of file ("a directory", "a named pipe (FIFO)").
	What string
}

func (e *NotRegularError) Error() string {
	if e.What == "a directory" {
		return "is a directory"
	}
	return "not a regular file but " + e.What
}

// OutsideRootError is a path whose symbolic links lead outside the root.
// The message names neither the target nor its content.
type OutsideRootError struct{ Root string }

func (e *OutsideRootError) Error() string {
	return fmt.Sprintf("a symbolic link to a file outside %s; not followed", e.Root)
}

// ErrIsDir is wrapped by errors about directories.
var ErrIsDir = errors.New("is a directory")

// Is lets errors.Is(err, ErrIsDir) find a directory.
func (e *NotRegularError) Is(target error) bool {
	return target == ErrIsDir && e.What == "a directory"
}

// ReadFile reads the file at path under opts. Errors are *fs.PathError
// values whose Err is a *TooLargeError, *NotRegularError,
// *OutsideRootError or the system error (fs.ErrNotExist, permission).
// The file is opened non-blocking, so a named pipe with no writer or a
// device is refused at once instead of blocking or streaming forever.
func ReadFile(path string, opts Options) ([]byte, error) {
	fail := func(op string, err error) ([]byte, error) {
		return nil, &fs.PathError{Op: op, Path: path, Err: err}
	}
	open := path
	if opts.Root != "" {
		resolved, err := filepath.EvalSymlinks(path)
		if err != nil {
			return fail("open", unwrapPath(err))
		}
		root, err := filepath.EvalSymlinks(opts.Root)
		if err != nil {
			return fail("open", unwrapPath(err))
		}
		if !Within(resolved, root) {
			return fail("open", &OutsideRootError{Root: opts.Root})
		}
		open = resolved
	}
	fh, err := os.OpenFile(open, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
	if err != nil {
		return fail("open", unwrapPath(err))
	}
	defer func() { _ = fh.Close() }() // read-only: a close error loses nothing
	st, err := fh.Stat()
	if err != nil {
		return fail("stat", unwrapPath(err))
	}
	if !st.Mode().IsRegular() {
		return fail("read", &NotRegularError{What: Describe(st.Mode())})
	}
	limit := opts.MaxSize
	if st.Size() > limit {
		return fail("read", &TooLargeError{Size: st.Size(), Limit: limit})
	}
	data, err := readAll(io.LimitReader(fh, limit+1), st.Size(), opts.Buffer)
	if err != nil {
		return fail("read", unwrapPath(err))
	}
	if int64(len(data)) > limit {
		return fail("read", &TooLargeError{Size: int64(len(data)), Limit: limit})
	}
	return data, nil
}

// readAll is io.ReadAll into a buffer sized for the size the file had at
// stat, one byte more so the end of the file is seen without growing: a
// file that did not change is read with one allocation and two reads
// (io.ReadAll starts at 512 bytes and doubles). A file that grew still
// reads in full, up to the reader's limit.
func readAll(r io.Reader, size int64, buf []byte) ([]byte, error) {
	b := buf[:0]
	if int64(cap(b)) < max(size, 0)+1 {
		b = make([]byte, 0, max(size, 0)+1)
	}
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if errors.Is(err, io.EOF) {
				return b, nil
			}
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // grow
		}
	}
}

// Cause returns what went wrong in an error from ReadFile, without the
// path (callers name the file themselves).
func Cause(err error) error { return unwrapPath(err) }

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Describe names the kind of a file that is not regular: "a directory",
// "a named pipe (FIFO)", "a device", "a socket", "a symbolic link" or
// "not a regular file".
func Describe(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsRegular():
		return "a regular file"
	}
	return "a special file"
}

// Within reports whether the path p is dir or lies below it (both cleaned,
// with symbolic links already resolved).
func Within(p, dir string) bool {
	if p == dir {
		return true
	}
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// SizePair renders a size and a limit for a message, in exact bytes
// when the rounded sizes would read the same ("50 MiB exceeds the 50 MiB
// limit").
func SizePair(size, limit int64) (string, string) {
	s, l := FormatSize(size), FormatSize(limit)
	if s == l {
		s = fmt.Sprintf("%d bytes", size)
		l = fmt.Sprintf("%s (%d bytes)", l, limit)
	}
	return s, l
}

// FormatSize renders a byte count for a message: "210 MiB", "3.5 MiB", "12 KiB".
func FormatSize(n int64) string {
	const kib, mib = 1 << 10, 1 << 20
	switch {
	case n >= 10*mib:
		return fmt.Sprintf("%d MiB", n/mib)
	case n >= mib:
		return fmt.Sprintf("%.1f MiB", float64(n)/mib)
	case n >= kib:
		return fmt.Sprintf("%d KiB", n/kib)
	}
	return fmt.Sprintf("%d bytes", n)
}
