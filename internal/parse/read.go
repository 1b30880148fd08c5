package parse

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/project"
	"github.com/nclint/nclint/internal/safeio"
)

// readFile reads f from disk, refusing files larger than maxSize. Trouble
// is returned as a Notice for f, never as an error: the run goes on.
func readFile(f project.File, maxSize int64) ([]byte, *model.Notice) {
	return readFileInto(f, maxSize, nil)
}

// readFileInto is readFile reading into buf when it has room (see
// safeio.Options.Buffer).
func readFileInto(f project.File, maxSize int64, buf []byte) ([]byte, *model.Notice) {
	data, err := readLimited(f.Abs, maxSize, buf)
	if err == nil {
		return data, nil
	}
	var big *tooLargeError
	if errors.As(err, &big) {
		return nil, &model.Notice{
			File:    f.Path,
			Message: "skipped: " + describeTooLarge(big.size, big.limit),
		}
	}
	return nil, &model.Notice{File: f.Path, Message: "skipped: cannot read the file: " + describeReadError(err)}
}

type tooLargeError struct{ size, limit int64 }

func (e *tooLargeError) Error() string {
	return fmt.Sprintf("file is %d bytes, over the %d byte limit", e.size, e.limit)
}

// readLimited reads the file at abs when it is a regular file of at most
// limit bytes, through safeio.ReadFile: the size is checked both before
// and while reading, so a file that grows in between cannot exhaust
// memory, and the file is opened non-blocking, so a named pipe swapped in
// after discovery is refused instead of blocking.
func readLimited(abs string, limit int64, buf []byte) ([]byte, error) {
	data, err := safeio.ReadFile(abs, safeio.Options{MaxSize: limit, Buffer: buf})
	var big *safeio.TooLargeError
	if errors.As(err, &big) {
		return nil, &tooLargeError{size: big.Size, limit: big.Limit}
	}
	return data, err
}

var errIsDir = errors.New("is a directory")

// describeReadError gives the cause of a read error without the absolute
// path, which the Notice's File already names relative to the project.
func describeReadError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	if errors.Is(err, errIsDir) {
		return errIsDir.Error()
	}
	return err.Error()
}

// describeTooLarge says how a file's size compares to the limit, in exact
// bytes when the rounded sizes would read the same ("50 MiB exceeds the
// 50 MiB limit").
func describeTooLarge(size, limit int64) string {
	s, l := safeio.SizePair(size, limit)
	return fmt.Sprintf("%s exceeds the %s limit", s, l)
}
