package project

import (
	"io/fs"
	"time"
)

// Stamp identifies one version of a file's content from its metadata alone,
// without reading it: size, modification time, and where the system has
// them the status change time (ctime) and the inode. Tools that copy or
// check out files may preserve the modification time, but writing a file
// always sets its change time, and replacing it gives a new inode, so a
// Strong stamp that is unchanged means content that is unchanged (see
// internal/parse's cache, the one user).
type Stamp struct {
	Size int64
	// ModTime and Change are nanoseconds since the Unix epoch; Change is
	// 0 where the system does not report a change time.
	ModTime, Change int64
	// Inode and Device identify the file on its file system (0 when
	// unknown).
	Inode, Device uint64
}

// StampOf is the stamp of the file info describes.
func StampOf(info fs.FileInfo) Stamp {
	s := Stamp{Size: info.Size(), ModTime: info.ModTime().UnixNano()}
	s.Change, s.Inode, s.Device = sysStamp(info)
	return s
}

// Strong reports whether s holds a change time and an inode, without which
// a file rewritten with the same size and a preserved modification time
// would look unchanged.
func (s Stamp) Strong() bool { return s.Change != 0 && s.Inode != 0 }

// Settled reports whether the file was last modified or changed more than
// margin before now. A file changed just before it was stamped may change
// again within the file system's timestamp granularity without changing
// its stamp (git calls such entries "racily clean"), so only settled
// stamps may vouch for content.
func (s Stamp) Settled(now time.Time, margin time.Duration) bool {
	limit := now.Add(-margin).UnixNano()
	return s.ModTime < limit && s.Change < limit
}
