//go:build !linux

package project

import (
	"io/fs"
	"os"
)

// readDir lists the directory dir as os.ReadDir does, unsorted, keeping
// only the entries for which want(name, type) is true.
func readDir(dir string, want func(name string, typ fs.FileMode) bool) ([]dirent, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	des, err := f.ReadDir(-1)
	var out []dirent
	for _, d := range des {
		if want(d.Name(), d.Type()) {
			out = append(out, dirent{name: d.Name(), typ: d.Type()})
		}
	}
	return out, err
}
