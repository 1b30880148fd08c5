package project

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestReadDirAsOS checks readDir against os.ReadDir on every directory of
// the fixture trees, the maze and the corpus: the same names and types,
// and the same errors for a missing directory and a file.
func TestReadDirAsOS(t *testing.T) {
	dirs := 0
	for _, root := range discoveryRoots(t, t.TempDir()) {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || !d.IsDir() {
				return nil
			}
			dirs++
			want, wantErr := os.ReadDir(p)
			for _, f := range []func(string, func(string, fs.FileMode) bool) ([]dirent, error){readDir, readDirOS} {
				got, err := f(p, func(string, fs.FileMode) bool { return true })
				slices.SortFunc(got, func(a, b dirent) int { return strings.Compare(a.name, b.name) })
				if fmt.Sprint(err) != fmt.Sprint(wantErr) || len(got) != len(want) {
					t.Fatalf("readDir(%s) = %d entries, %v; os.ReadDir %d, %v", p, len(got), err, len(want), wantErr)
				}
				for i, w := range want {
					if got[i].name != w.Name() || got[i].typ != w.Type() {
						t.Errorf("%s: entry %d = %q %v, os.ReadDir %q %v", p, i, got[i].name, got[i].typ, w.Name(), w.Type())
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if dirs < 200 {
		t.Errorf("only %d directories compared", dirs)
	}

	// want sees every entry and decides what is kept.
	dir := t.TempDir()
	write(t, dir, "a/x.cls", "")
	write(t, dir, "b.cls", "")
	write(t, dir, "c.txt", "")
	var seen []string
	got, err := readDir(dir, func(name string, typ fs.FileMode) bool {
		seen = append(seen, strings.Clone(name))
		return strings.HasSuffix(name, ".cls") || typ.IsDir()
	})
	slices.Sort(seen)
	slices.SortFunc(got, func(a, b dirent) int { return strings.Compare(a.name, b.name) })
	if err != nil || len(got) != 2 || got[0].name != "a" || !got[0].typ.IsDir() || got[1].name != "b.cls" || !slices.Equal(seen, []string{"a", "b.cls", "c.txt"}) {
		t.Errorf("readDir kept %+v, saw %q, %v", got, seen, err)
	}

	for _, p := range []string{filepath.Join(dir, "missing"), filepath.Join(dir, "b.cls")} {
		_, wantErr := os.ReadDir(p)
		if _, err := readDir(p, func(string, fs.FileMode) bool { return true }); err == nil || err.Error() != wantErr.Error() {
			t.Errorf("readDir(%s) error %v, os.ReadDir %v", p, err, wantErr)
		}
	}
}
