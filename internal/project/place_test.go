package project

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestPlaceAgreesWithDiscover: for every file on disk in the test projects
// (the sample with its .forceignore, decomposed permission sets, a
// Metadata API tree, several package directories, and the same with an
// exclude pattern and a namespace mapping), Place says Placed exactly for
// the files Discover lists, with the same File once Project sets package
// directory and namespace; and Project gives back Discover's files and
// layout problems.
func TestPlaceAgreesWithDiscover(t *testing.T) {
	opts := []Options{{}, {
		ExtraExcludes: []string{"**/flows/**", "**/Admin.profile-meta.xml"},
		Namespaces:    []NamespaceMapping{{Pattern: "integrations/**", Namespace: "intg"}},
	}}
	roots := []string{"../../testdata/sfdx-sample", "testdata/beta", "testdata/beta2", "testdata/mdapi", "testdata/multi"}
	checked := 0
	for _, root := range roots {
		for _, o := range opts {
			p, err := Discover(root, o)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Unread) > 0 {
				t.Fatalf("%s: unread %v", root, p.Unread)
			}
			pl, err := NewPlacer(p, o)
			if err != nil {
				t.Fatal(err)
			}
			listed := map[string]File{}
			for _, f := range p.Files {
				listed[f.Path] = f
			}
			var placed []File
			err = filepath.WalkDir(p.Root, func(path string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				rel, _ := filepath.Rel(p.Root, path)
				rel = filepath.ToSlash(rel)
				f, pm := pl.Place(rel)
				want, ok := listed[rel]
				switch {
				case pm == Unknown:
					t.Errorf("%s: %s: Unknown", root, rel)
				case ok != (pm == Placed):
					t.Errorf("%s %v: %s: placement %d, listed by Discover %v", root, o.ExtraExcludes, rel, pm, ok)
				case ok:
					st, _ := os.Stat(path)
					f.Size = st.Size()
					f.Stamp = want.Stamp // the caller's, as Size (the file may exist only in git)
					placed = append(placed, f)
					checked++
					want.PackageDir, want.Namespace = "", ""
					if !reflect.DeepEqual(f, want) {
						t.Errorf("%s: placed %+v, discovered %+v", rel, f, want)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			q := pl.Project(placed)
			if !reflect.DeepEqual(q.Files, p.Files) || !reflect.DeepEqual(q.Problems, p.Problems) {
				t.Errorf("%s %v: Project's files or problems differ from Discover's", root, o)
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d files checked", checked)
	}
}

// TestPlaceUnknown: a file in a package directory that is listed but
// missing, or below a directory named like a metadata file, cannot be
// placed by its path; files below node_modules or outside every package
// directory are ignored.
func TestPlaceUnknown(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ProjectFileName),
		[]byte(`{"packageDirectories": [{"path": "force-app"}, {"path": "missing"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "force-app/classes"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "force-app/classes/A.cls"), []byte("class A {}"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Discover(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	pl, err := NewPlacer(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for rel, want := range map[string]Placement{
		"force-app/classes/B.cls":                      Placed,
		"missing/classes/B.cls":                        Unknown,
		"force-app/classes/X.cls/B.cls":                Unknown,
		"force-app/node_modules/B.cls":                 Ignored,
		"scripts/B.cls":                                Ignored,
		"force-app/classes/README.md":                  Ignored,
		"force-app/namedCredentials/N.namedCredential": Placed,
	} {
		if _, got := pl.Place(rel); got != want {
			t.Errorf("%s: placement %d, want %d", rel, got, want)
		}
	}
}
