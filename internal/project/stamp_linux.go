package project

import (
	"io/fs"
	"syscall"
)

// sysStamp reads the change time, inode and device of a Linux stat result.
func sysStamp(info fs.FileInfo) (change int64, inode, device uint64) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, 0
	}
	return st.Ctim.Nano(), st.Ino, uint64(st.Dev) //nolint:unconvert // Dev is uint32 on some architectures
}
