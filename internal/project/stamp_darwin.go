package project

import (
	"io/fs"
	"syscall"
)

// sysStamp reads the change time, inode and device of a macOS stat result.
func sysStamp(info fs.FileInfo) (change int64, inode, device uint64) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, 0
	}
	return st.Ctimespec.Nano(), st.Ino, uint64(st.Dev)
}
