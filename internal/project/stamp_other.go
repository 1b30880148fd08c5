//go:build !linux && !darwin

package project

import "io/fs"

// sysStamp knows no change time or inode on this system (Windows reports
// neither through os.Stat), so stamps here are never Strong.
func sysStamp(fs.FileInfo) (change int64, inode, device uint64) { return 0, 0, 0 }
