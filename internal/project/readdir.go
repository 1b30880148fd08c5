package project

import (
	"io/fs"
	"os"
)

// dirent is one directory entry kept by readDir.
type dirent struct {
	name string
	typ  fs.FileMode // type bits only
	// info is the entry's lstat when readDir needed it to learn the type.
	info fs.FileInfo
	// de is the os.DirEntry where readDir used os.File.ReadDir (not on
	// Linux): its Info is what the file's stat should be (on Windows it
	// comes with the listing).
	de fs.DirEntry
}

// readDirOS is readDir with os.ReadDir, for systems other than Linux (and
// tests).
func readDirOS(dir string, want func(name string, typ fs.FileMode) bool) ([]dirent, error) {
	des, err := os.ReadDir(dir)
	var out []dirent
	for _, d := range des {
		if want(d.Name(), d.Type()) {
			out = append(out, dirent{name: d.Name(), typ: d.Type(), de: d})
		}
	}
	return out, err
}
