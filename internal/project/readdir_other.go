//go:build !linux

package project

import "io/fs"

// readDir lists the directory dir as os.ReadDir does, unsorted, keeping
// only the entries for which want(name, type) is true.
func readDir(dir string, want func(name string, typ fs.FileMode) bool) ([]dirent, error) {
	return readDirOS(dir, want)
}
