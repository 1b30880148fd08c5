//go:build linux

package project

import (
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"sync"
	"syscall"
	"unsafe"
)

// readDir lists the directory dir as os.ReadDir does, unsorted, keeping
// only the entries for which want(name, type) is true: name is only valid
// during the call. It reads the directory with getdents and allocates
// nothing for the entries it drops (most of a Salesforce project's files
// are not metadata nclint reads). The entries and errors are those of
// os.File.ReadDir: "." and ".." left out, a type the file system does not
// report found with lstat (an entry gone by then is left out), errors as
// *fs.PathError with the same operation names.
func readDir(dir string, want func(name string, typ fs.FileMode) bool) ([]dirent, error) {
	fd, err := open(dir)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	defer syscall.Close(fd)
	bp := direntBufs.Get().(*[]byte)
	defer direntBufs.Put(bp)
	buf := *bp
	var out []dirent
	for {
		n, err := readDirent(fd, buf)
		if err != nil {
			return out, &fs.PathError{Op: "readdirent", Path: dir, Err: err}
		}
		if n <= 0 {
			return out, nil
		}
		for b := buf[:n]; len(b) > 0; {
			reclen := int(binary.NativeEndian.Uint16(b[offReclen:]))
			if reclen < int(offName) || reclen > len(b) {
				return out, nil // as os: a malformed record ends the listing
			}
			rec := b[:reclen]
			b = b[reclen:]
			name := rec[offName:]
			for i, c := range name {
				if c == 0 {
					name = name[:i]
					break
				}
			}
			if len(name) == 0 || string(name) == "." || string(name) == ".." {
				continue
			}
			d := dirent{typ: direntType(rec[offType])}
			view := unsafe.String(&name[0], len(name))
			if d.typ == ^fs.FileMode(0) {
				info, err := os.Lstat(dir + "/" + view)
				if errors.Is(err, fs.ErrNotExist) {
					continue
				}
				if err != nil {
					var pe *fs.PathError
					if errors.As(err, &pe) {
						err = pe.Err
					}
					return nil, &fs.PathError{Op: "fstatat", Path: dir, Err: err}
				}
				d.typ, d.info = info.Mode().Type(), info
			}
			if want(view, d.typ) {
				d.name = string(name)
				out = append(out, d)
			}
		}
	}
}

// Where the fields of a Linux dirent64 record lie.
var (
	offReclen = unsafe.Offsetof(syscall.Dirent{}.Reclen)
	offType   = unsafe.Offsetof(syscall.Dirent{}.Type)
	offName   = unsafe.Offsetof(syscall.Dirent{}.Name)
)

// direntBufs are getdents buffers, larger than os's 8 KiB so that a big
// folder (classes/) takes fewer calls.
var direntBufs = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// open opens the directory dir as os.ReadDir does (O_DIRECTORY: a file
// fails to open), retrying on EINTR.
func open(dir string) (int, error) {
	for {
		fd, err := syscall.Open(dir, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_DIRECTORY, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

// readDirent reads directory records, retrying on EINTR.
func readDirent(fd int, buf []byte) (int, error) {
	for {
		n, err := syscall.ReadDirent(fd, buf)
		if err != syscall.EINTR {
			return n, err
		}
	}
}

// direntType maps a d_type to a file mode type, ^0 for unknown (as os).
func direntType(t byte) fs.FileMode {
	switch t {
	case syscall.DT_BLK:
		return fs.ModeDevice
	case syscall.DT_CHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case syscall.DT_DIR:
		return fs.ModeDir
	case syscall.DT_FIFO:
		return fs.ModeNamedPipe
	case syscall.DT_LNK:
		return fs.ModeSymlink
	case syscall.DT_REG:
		return 0
	case syscall.DT_SOCK:
		return fs.ModeSocket
	}
	return ^fs.FileMode(0)
}
