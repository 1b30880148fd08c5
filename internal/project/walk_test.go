package project

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestWalkSameForAnyWorkers discovers the maze, every fixture tree and the
// corpus with one goroutine and with several reading ahead, a few times
// each, and requires identical projects (files, notices, unread paths,
// problems) and errors.
func TestWalkSameForAnyWorkers(t *testing.T) {
	roots := discoveryRoots(t, t.TempDir())
	if len(roots) < 20 {
		t.Fatalf("only %d trees to discover: %q", len(roots), roots)
	}
	runs := 3
	if testing.Short() {
		runs = 1
	}
	for _, root := range roots {
		for i, opts := range mazeOptions {
			opts.Workers = 1
			want, wantErr := Discover(root, opts)
			for _, n := range []int{0, 2, 3, 8} {
				for range runs {
					opts.Workers = n
					got, err := Discover(root, opts)
					if fmt.Sprint(err) != fmt.Sprint(wantErr) || !reflect.DeepEqual(got, want) {
						t.Fatalf("%s (options %d) with %d workers differs from 1: %s", root, i, n, projectDiff(got, err, want, wantErr))
					}
				}
			}
			// The same with os.ReadDir, as on systems other than Linux.
			listDir = readDirOS
			for _, n := range []int{1, 3} {
				opts.Workers = n
				got, err := Discover(root, opts)
				if fmt.Sprint(err) != fmt.Sprint(wantErr) || !reflect.DeepEqual(got, want) {
					t.Fatalf("%s (options %d) with os.ReadDir and %d workers differs: %s", root, i, n, projectDiff(got, err, want, wantErr))
				}
			}
			listDir = readDir
		}
	}
}

// TestMayClassify checks the walk's name test against Classify on every
// file of the fixture trees and the corpus (the fuzz test FuzzClassify
// checks it on made-up paths), and that it does rule names out.
func TestMayClassify(t *testing.T) {
	checked := 0
	for _, root := range discoveryRoots(t, t.TempDir()) {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			rel := filepath.ToSlash(p)
			if _, ok := Classify(rel); ok {
				checked++
				if !mayClassify(d.Name()) {
					t.Errorf("Classify(%q) recognises the file, but mayClassify(%q) is false", rel, d.Name())
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checked < 1000 {
		t.Errorf("only %d metadata files checked", checked)
	}
	for _, name := range []string{"Account.field-meta.xml", "package.xml", "X.cls-meta.xml", "thing.js", "X.namedCredential-meta.xml.bak", "README.md", ".cls", "sfdx-project.json"} {
		if mayClassify(name) {
			t.Errorf("mayClassify(%q) = true", name)
		}
	}
	for _, name := range []string{"A.cls", "P.fieldPermission-meta.xml", "N.namedCredential", "IdentityProvider.settings", "C.crt"} {
		if !mayClassify(name) {
			t.Errorf("mayClassify(%q) = false", name)
		}
	}
}

// TestWalkPanicReachesCaller checks that a panic while a directory is read
// ahead reaches the goroutine that called Discover (where the language
// server recovers it) instead of ending the program, and that Discover
// leaves no reader behind.
func TestWalkPanicReachesCaller(t *testing.T) {
	proj, _ := buildMaze(t, t.TempDir())
	t.Cleanup(func() { testReadHook = nil })
	testReadHook = func(dir string) {
		if strings.HasSuffix(dir, "/objects/O07") {
			panic("boom")
		}
	}
	for _, n := range []int{1, 4} {
		before := runtime.NumGoroutine()
		func() {
			defer func() {
				v := recover()
				if s, _ := v.(string); !strings.Contains(s, "objects/O07: boom") {
					t.Errorf("%d workers: recovered %v", n, v)
				}
			}()
			_, _ = Discover(proj, Options{Workers: n})
			t.Errorf("%d workers: Discover returned", n)
		}()
		// The readers have called Done before Discover returned, but may
		// take a moment to exit.
		after := runtime.NumGoroutine()
		for i := 0; i < 500 && after > before; i++ {
			time.Sleep(10 * time.Millisecond)
			after = runtime.NumGoroutine()
		}
		if after > before {
			t.Errorf("%d workers: %d goroutines before, %d after", n, before, after)
		}
	}
}

// projectDiff describes the first difference between two results of
// Discover.
func projectDiff(got *Project, err error, want *Project, wantErr error) string {
	switch {
	case fmt.Sprint(err) != fmt.Sprint(wantErr) || got == nil || want == nil:
		return fmt.Sprintf("error %v, want %v", err, wantErr)
	case !reflect.DeepEqual(got.Files, want.Files):
		for i := range min(len(got.Files), len(want.Files)) {
			if got.Files[i] != want.Files[i] {
				return fmt.Sprintf("file %d: %+v, want %+v", i, got.Files[i], want.Files[i])
			}
		}
		return fmt.Sprintf("%d files, want %d", len(got.Files), len(want.Files))
	case !reflect.DeepEqual(got.Notices, want.Notices):
		return fmt.Sprintf("notices:\n%+v\nwant\n%+v", got.Notices, want.Notices)
	case !reflect.DeepEqual(got.Unread, want.Unread):
		return fmt.Sprintf("unread %q, want %q", got.Unread, want.Unread)
	}
	return fmt.Sprintf("\n got %+v\nwant %+v", got, want)
}

// TestWalkMaze pins what the maze discovers, so that the comparison above
// compares walks that reach every branch.
func TestWalkMaze(t *testing.T) {
	proj, _ := buildMaze(t, t.TempDir())
	p, err := Discover(proj, Options{Workers: 4})
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, f := range p.Files {
		if !strings.Contains(f.Path, "/objects/") && !strings.Contains(f.Path, "/classes/C") && !strings.Contains(f.Path, "ocked") &&
			!strings.Contains(f.Path, "/namedCredentials/N") && !strings.Contains(f.Path, "/permissionsets/P") &&
			!strings.HasPrefix(f.Path, "app/") {
			files = append(files, f.Path+" "+f.PackageDir)
		}
	}
	want := []string{
		"force-app/Linked.namedCredential-meta.xml force-app",
		"force-app/l1/S.cls force-app", // shared/x/sub, first reached here
		"force-app/l2/T.cls force-app", // shared/x, whose sub/ was reached through l1
		"force-app/l3/U.cls force-app", // shared/y; its link back to x is not followed again
		"force-app/main/default/namedCredentials/Dir.namedCredential-meta.xml/Inner.cls force-app",
		"force-app/main/default/namedCredentials/M.namedCredential force-app",
		"force-app/main/default/namedCredentials/settings/IdentityProvider.settings force-app",
		"force-app/main/default/permissionsets/Q/classAccesses/Q.classAccess-meta.xml force-app",
		"force-app/main/default/settings/IdentityProvider.settings force-app",
		// Not force-app/ignored/Keep.cls: a file in an ignored folder stays
		// ignored whatever a later "!" line says.
		"force-app/ok/Keep.cls force-app",
		"force-app/ok/X.cls force-app",
		"force-app/zz-link/Real.namedCredential-meta.xml force-app", // the rest of shared was reached before
	}
	if !reflect.DeepEqual(files, want) {
		t.Errorf("files:\n  %s", strings.Join(files, "\n  "))
	}
	// The folders made unreadable are read by root.
	root := os.Geteuid() == 0
	wantFiles, wantUnread := 212, 7
	wantLocked := []string{
		"force-app/Locked.namedCredential-meta.xml: cannot read: open " + filepath.Join(proj, "force-app/Locked.namedCredential-meta.xml") + ": permission denied",
		"force-app/Locked.namedCredential-meta.xml: skipped: a directory named like a metadata file, so the component it names is not read (the files inside it are)",
		"force-app/locked: cannot read: open " + filepath.Join(proj, "force-app/locked") + ": permission denied",
		"force-app/zz-link/locked: cannot read: open " + filepath.Join(proj, "shared/locked") + ": permission denied",
	}
	if root {
		wantFiles, wantUnread, wantLocked = 215, 5, wantLocked[1:2]
	}
	if n := len(p.Files); n != wantFiles {
		t.Errorf("%d files, want %d", n, wantFiles)
	}
	var notices, locked []string
	for _, n := range p.Notices {
		if strings.Contains(n.File, "ocked") {
			locked = append(locked, n.File+": "+n.Message)
		} else {
			notices = append(notices, n.File)
		}
	}
	if !reflect.DeepEqual(locked, wantLocked) {
		t.Errorf("notices on the unreadable folders:\n  %s", strings.Join(locked, "\n  "))
	}
	wantNotices := []string{
		".forceignore", "afile", "force-app/Broken.namedCredential-meta.xml", "force-app/Null.cls",
		"force-app/Out.namedCredential-meta.xml", "force-app/classes", "force-app/l3/self", "force-app/loop",
		"force-app/main/default/classes/Pipe.cls", "force-app/main/default/namedCredentials/Dir.namedCredential-meta.xml",
		"force-app/main/up", "force-app/outdir", "missing",
	}
	if !reflect.DeepEqual(notices, wantNotices) {
		t.Errorf("notices on %q", notices)
	}
	if len(p.Problems) != 41 || len(p.Unread) != wantUnread {
		t.Errorf("%d problems, unread %q", len(p.Problems), p.Unread)
	}
}

// buildMaze writes under dir a project that exercises every branch of the
// walk: several package directories (one a link, one nested in another,
// one missing, one a file), .forceignore negations, always-skipped
// folders, links inside and outside the root, link loops, a link reached
// two ways, links inside linked directories, broken links, a FIFO and a
// folder named like a metadata file, decomposed permission sets, and
// enough folders and files for the workers to overlap. It also writes
// dir/mdapi, a tree without sfdx-project.json holding a nested project.
// It returns the two roots.
func buildMaze(t testing.TB, dir string) (proj, mdapi string) {
	t.Helper()
	proj = filepath.Join(dir, "proj")
	write(t, proj, "sfdx-project.json", `{"packageDirectories": [{"path": "force-app", "default": true}, {"path": "linked-app"}, {"path": "app/inner"}, {"path": "app"}, {"path": "missing"}, {"path": "afile"}, {"path": "zlinks"}], "namespace": "", "sourceApiVersion": "62.0"}`)
	write(t, proj, ".forceignore", "**/ignored/\n!**/ignored/Keep.cls\n*.dup\nforce-app/skipme/**\n**/__tests__/**\nforce-app\\main\\x\n")
	write(t, proj, "afile", "")
	for i := range 40 {
		for j := range 12 {
			write(t, proj, fmt.Sprintf("force-app/main/default/objects/O%02d/fields/F%02d.field-meta.xml", i, j), "<CustomField/>")
		}
		write(t, proj, fmt.Sprintf("force-app/main/default/classes/C%02d.cls", i), "public class C {}")
		write(t, proj, fmt.Sprintf("force-app/main/default/classes/C%02d.cls-meta.xml", i), "<ApexClass/>")
		write(t, proj, fmt.Sprintf("force-app/main/default/namedCredentials/N%02d.namedCredential-meta.xml", i), "<NamedCredential/>")
		write(t, proj, fmt.Sprintf("force-app/main/default/permissionsets/P%02d/P%02d.fieldPermission-meta.xml", i, i), "<x/>")
		write(t, proj, fmt.Sprintf("app/inner/sub%02d/A%02d.cls", i%7, i), "")
		write(t, proj, fmt.Sprintf("app/B%02d.trigger", i), "")
	}
	write(t, proj, "force-app/main/default/permissionsets/Q/classAccesses/Q.classAccess-meta.xml", "<x/>")
	for _, d := range []string{"ignored", "deep/ignored", "skipme", "node_modules/pkg", ".git", ".sf/orgs", ".sfdx", ".hidden", "__tests__", "ok"} {
		write(t, proj, "force-app/"+d+"/X.cls", "")
		write(t, proj, "force-app/"+d+"/Keep.cls", "")
		write(t, proj, "force-app/"+d+"/Y.cls.dup", "")
	}
	write(t, proj, "force-app/main/default/namedCredentials/Dir.namedCredential-meta.xml/Inner.cls", "")
	write(t, proj, "force-app/main/default/namedCredentials/settings/IdentityProvider.settings", "")
	write(t, proj, "force-app/main/default/settings/IdentityProvider.settings", "")
	write(t, proj, "force-app/main/default/namedCredentials/M.namedCredential", "")
	write(t, proj, "force-app/main/default/sub/sfdx-project.json", "{}")
	if err := syscall.Mkfifo(filepath.Join(proj, "force-app/main/default/classes/Pipe.cls"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Unreadable folders (not for root, who reads anything): a plain one,
	// one named like a metadata file, and one reached through a link.
	for _, d := range []string{"force-app/locked", "force-app/Locked.namedCredential-meta.xml", "shared/locked"} {
		write(t, proj, d+"/A.cls", "")
		p := filepath.Join(proj, filepath.FromSlash(d))
		if err := os.Chmod(p, 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.Chmod(p, 0o755) })
	}
	write(t, proj, "shared/Real.namedCredential-meta.xml", "<NamedCredential/>")
	write(t, proj, "shared/x/sub/S.cls", "")
	write(t, proj, "shared/x/T.cls", "")
	write(t, proj, "shared/y/U.cls", "")
	symlink(t, proj, "shared/y/back", "../x")
	symlink(t, proj, "shared/y/self", "..")
	write(t, dir, "outside/Out.namedCredential-meta.xml", "<NamedCredential/>")
	write(t, dir, "outside/dir/O.cls", "")
	symlink(t, proj, "force-app/loop", ".")
	symlink(t, proj, "force-app/main/up", "../..")
	symlink(t, proj, "force-app/again", "main")
	symlink(t, proj, "force-app/l1", "../shared/x/sub")
	symlink(t, proj, "force-app/l2", "../shared/x")
	symlink(t, proj, "force-app/l3", "../shared/y")
	symlink(t, proj, "force-app/classes", "../nowhere")
	symlink(t, proj, "force-app/outdir", "../../outside/dir")
	symlink(t, proj, "force-app/zz-link", "../shared")
	symlink(t, proj, "force-app/deep2/ignored", "../../shared")
	symlink(t, proj, "force-app/Linked.namedCredential-meta.xml", "../shared/Real.namedCredential-meta.xml")
	symlink(t, proj, "force-app/Out.namedCredential-meta.xml", "../../outside/Out.namedCredential-meta.xml")
	symlink(t, proj, "force-app/Broken.namedCredential-meta.xml", "nowhere")
	symlink(t, proj, "force-app/Null.cls", "/dev/null")
	symlink(t, proj, "force-app/broken-dir", "nowhere-dir")
	symlink(t, proj, "force-app/a", "b")
	symlink(t, proj, "force-app/b", "a")
	symlink(t, proj, "linked-app", "force-app/main")
	symlink(t, proj, "zlinks/to-shared-y", "../shared/y")
	symlink(t, proj, "zlinks/to-shared", "../shared")

	mdapi = filepath.Join(dir, "mdapi")
	write(t, mdapi, "package.xml", `<?xml version="1.0" encoding="UTF-8"?><Package xmlns="http://soap.sforce.com/2006/04/metadata"><version>61.0</version></Package>`)
	write(t, mdapi, "namedCredentials/A.namedCredential", "")
	write(t, mdapi, "classes/B.cls", "")
	write(t, mdapi, "Salesforce/App/sfdx-project.json", `{"packageDirectories": [{"path": "force-app"}]}`)
	write(t, mdapi, "Salesforce/App/force-app/main/default/classes/C.cls", "")
	write(t, mdapi, "Other/sfdx-project.json", `{}`)
	return proj, mdapi
}

// discoveryRoots lists the trees the walk is checked on: the maze under
// dir, every fixture tree of the repository and the corpus when present.
func discoveryRoots(t testing.TB, dir string) []string {
	t.Helper()
	proj, mdapi := buildMaze(t, dir)
	roots := []string{proj, mdapi, filepath.Join(proj, "force-app/main/default/classes/C01.cls"), filepath.Join(proj, "app")}
	add := func(pattern string) {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range m {
			if info, err := os.Stat(p); err == nil && info.IsDir() {
				abs, _ := filepath.Abs(p)
				roots = append(roots, abs)
			}
		}
	}
	add("testdata/*")
	add("../../testdata/*")
	add("../../testdata/*/*")
	corpus := os.Getenv("NCLINT_CORPUS")
	if corpus == "" {
		corpus = "/work/shared/corpus"
	}
	add(filepath.Join(corpus, "*"))
	add(filepath.Join(corpus, "*/*"))
	sort.Strings(roots)
	return roots
}

// mazeOptions are the option sets each root is discovered with.
var mazeOptions = []Options{
	{},
	{ExtraExcludes: []string{"**/sub/**", "force-app/l2", "**/*.trigger"}, Namespaces: []NamespaceMapping{{"force-app/main/**", "ns"}, {"app", "appns"}, {"nomatch/**", "x"}}},
}
