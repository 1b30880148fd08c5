package project

import "io/fs"

// dirent is one directory entry kept by readDir.
type dirent struct {
	name string
	typ  fs.FileMode // type bits only
	// info is the entry's lstat when readDir needed it to learn the type.
	info fs.FileInfo
}
