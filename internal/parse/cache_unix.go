//go:build linux || darwin

package parse

import (
	"io/fs"
	"os"
	"syscall"
)

// trustedCacheFile reports whether the cache file info describes may be
// read: a regular file owned by this process's user that no one else may
// write (encoding/gob is not hardened against adversarial input, so a
// cache another user could have planted, in a shared NCLINT_CACHE_DIR, is
// not read).
func trustedCacheFile(info fs.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	return ok && info.Mode().IsRegular() && info.Mode().Perm()&0o022 == 0 && int(st.Uid) == os.Getuid()
}
