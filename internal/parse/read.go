package parse

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/project"
)

// readFile reads f from disk, refusing files larger than maxSize. Trouble
// is returned as a Notice for f, never as an error: the run goes on.
func readFile(f project.File, maxSize int64) ([]byte, *model.Notice) {
	data, err := readLimited(f.Abs, maxSize)
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

// readLimited reads the file at abs when it is at most limit bytes long.
// The size is checked both before reading and while reading, so a file that
// grows in between cannot exhaust memory.
func readLimited(abs string, limit int64) ([]byte, error) {
	fh, err := os.Open(abs)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", abs, err)
	}
	defer func() { _ = fh.Close() }() // read-only: a close error loses nothing
	st, err := fh.Stat()
	if err != nil {
		return nil, fmt.Errorf("stat %s: %w", abs, err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("read %s: %w", abs, errIsDir)
	}
	if st.Size() > limit {
		return nil, &tooLargeError{size: st.Size(), limit: limit}
	}
	data, err := io.ReadAll(io.LimitReader(fh, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", abs, err)
	}
	if int64(len(data)) > limit {
		return nil, &tooLargeError{size: int64(len(data)), limit: limit}
	}
	return data, nil
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
	s, l := formatSize(size), formatSize(limit)
	if s == l {
		s = fmt.Sprintf("%d bytes", size)
		l = fmt.Sprintf("%s (%d bytes)", l, limit)
	}
	return fmt.Sprintf("%s exceeds the %s limit", s, l)
}

// formatSize renders a byte count for a message: "210 MiB", "3.5 MiB", "12 KiB".
func formatSize(n int64) string {
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
