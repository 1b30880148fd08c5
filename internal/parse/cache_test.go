package parse

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/project"
)

// settleAll makes every file on disk count as settled for the parse cache
// (files of a fresh checkout or a test's temporary copy are seconds old).
func settleAll(t *testing.T) {
	t.Helper()
	old := cacheNow
	cacheNow = func() time.Time { return time.Now().Add(time.Hour) }
	t.Cleanup(func() { cacheNow = old })
}

func discover(t *testing.T, dir string) *project.Project {
	t.Helper()
	p, err := project.Discover(dir, project.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// cachedTree parses p with the cache in dir and returns the tree and the
// cache's hits.
func cachedTree(p *project.Project, dir string, opts Options) (*model.Tree, int) {
	c := OpenCache(dir, p.Root)
	opts.Cache = c
	tr := Tree(p, opts)
	if c == nil {
		return tr, 0
	}
	return tr, c.hits
}

// cacheTestTrees are the projects of the repository's fixtures and, when
// present, the corpus.
func cacheTestTrees(t *testing.T) []string {
	t.Helper()
	var dirs []string
	for _, pattern := range []string{"../../testdata/sfdx-sample", "../../testdata/rules/*", "../../testdata/access/*",
		corpusDir + "/*"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range m {
			if st, err := os.Stat(d); err == nil && st.IsDir() {
				dirs = append(dirs, d)
			}
		}
	}
	if len(dirs) < 20 {
		t.Fatalf("only %d fixture trees found", len(dirs))
	}
	return dirs
}

// TestCacheRoundTrip: a tree built from the cache equals the tree parsed
// afresh, for every fixture tree (every component type, problems,
// suppressions, unparsed files) and the corpus; the warm run reads every
// stored file from the cache.
func TestCacheRoundTrip(t *testing.T) {
	settleAll(t)
	total := 0
	for _, dir := range cacheTestTrees(t) {
		p := discover(t, dir)
		want := Tree(p, Options{})
		cdir := t.TempDir()
		cold, coldHits := cachedTree(p, cdir, Options{})
		warm, warmHits := cachedTree(p, cdir, Options{})
		if coldHits != 0 {
			t.Errorf("%s: %d hits from an empty cache", dir, coldHits)
		}
		if !reflect.DeepEqual(want, cold) {
			t.Errorf("%s: tree parsed with an empty cache differs from the plain parse", dir)
		}
		if !reflect.DeepEqual(want, warm) {
			t.Errorf("%s: tree read from the cache differs from the plain parse", dir)
			diffTrees(t, want, warm)
		}
		if want.FilesScanned > 0 && warmHits == 0 {
			t.Errorf("%s: the warm run read nothing from the cache", dir)
		}
		total += warmHits
	}
	if total < 100 {
		t.Errorf("only %d results read from caches over all trees", total)
	}
}

// diffTrees names the first component lists that differ.
func diffTrees(t *testing.T, a, b *model.Tree) {
	t.Helper()
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	for i := 0; i < va.NumField(); i++ {
		if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			t.Errorf("  field %s differs:\n  fresh:  %#v\n  cached: %#v", va.Type().Field(i).Name,
				va.Field(i).Interface(), vb.Field(i).Interface())
			return
		}
	}
}

const cacheNC = `<?xml version="1.0" encoding="UTF-8"?>
<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <label>Billing</label>
    <namedCredentialParameters>
        <parameterName>Url</parameterName>
        <parameterType>Url</parameterType>
        <parameterValue>https://ENDPOINT.example.com</parameterValue>
    </namedCredentialParameters>
    <namedCredentialType>SecuredEndpoint</namedCredentialType>
</NamedCredential>
`

// cacheProject writes a one-file project and returns its root and the
// named credential's path.
func cacheProject(t *testing.T, endpoint string) (root, file string) {
	t.Helper()
	root = t.TempDir()
	write := func(rel, content string) string {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("sfdx-project.json", `{"packageDirectories":[{"path":"force-app","default":true}],"sourceApiVersion":"62.0"}`)
	file = write("force-app/main/default/namedCredentials/Billing.namedCredential-meta.xml",
		strings.Replace(cacheNC, "ENDPOINT", endpoint, 1))
	return root, file
}

func endpointOf(t *testing.T, tr *model.Tree) string {
	t.Helper()
	if len(tr.NamedCredentials) != 1 || len(tr.NamedCredentials[0].Parameters) != 1 {
		t.Fatalf("want one named credential with one parameter, got %#v", tr.NamedCredentials)
	}
	return tr.NamedCredentials[0].Parameters[0].Value.Value
}

// TestCacheSeesRewriteWithPreservedTimes: a file rewritten with content of
// the same size whose modification time is then set back (what cp -p,
// rsync -t or an archive extraction do) is parsed again: the change time
// and inode are part of the key.
func TestCacheSeesRewriteWithPreservedTimes(t *testing.T) {
	settleAll(t)
	root, file := cacheProject(t, "old")
	cdir := t.TempDir()
	before, _ := cachedTree(discover(t, root), cdir, Options{})
	if got := endpointOf(t, before); got != "https://old.example.com" {
		t.Fatalf("endpoint %q", got)
	}
	st, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(file)
	if err := os.WriteFile(file, bytes.Replace(data, []byte("old"), []byte("new"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(file, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	p := discover(t, root)
	if p.Files[0].Size != st.Size() || p.Files[0].Stamp.ModTime != st.ModTime().UnixNano() {
		t.Fatalf("test setup: size and modification time should be unchanged")
	}
	if !p.Files[0].Stamp.Strong() {
		t.Skip("this system reports no change time or inode: nothing is cached")
	}
	after, hits := cachedTree(p, cdir, Options{})
	if got := endpointOf(t, after); got != "https://new.example.com" || hits != 0 {
		t.Errorf("after the rewrite: endpoint %q with %d cache hits, want the new endpoint and no hit", got, hits)
	}
}

// TestCacheSkipsUnsettledFiles: a file changed within the settle margin
// is parsed but not stored.
func TestCacheSkipsUnsettledFiles(t *testing.T) {
	root, _ := cacheProject(t, "fresh") // written just now; the real clock
	cdir := t.TempDir()
	cachedTree(discover(t, root), cdir, Options{})
	if _, hits := cachedTree(discover(t, root), cdir, Options{}); hits != 0 {
		t.Errorf("%d hits for a file written a moment ago", hits)
	}
	if m, _ := filepath.Glob(filepath.Join(cdir, "*.cache")); len(m) != 0 {
		t.Errorf("cache file written with nothing settled to store: %v", m)
	}
}

// TestCacheDiscardsForeignIdentity: results stored under other parse
// limits are not used.
func TestCacheDiscardsForeignIdentity(t *testing.T) {
	settleAll(t)
	root, _ := cacheProject(t, "a")
	cdir := t.TempDir()
	p := discover(t, root)
	cachedTree(p, cdir, Options{})
	if _, hits := cachedTree(p, cdir, Options{}); hits != 1 {
		t.Fatalf("same limits: %d hits, want 1", hits)
	}
	if _, hits := cachedTree(p, cdir, Options{MaxNodes: 1000}); hits != 0 {
		t.Errorf("other node limit: %d hits, want 0", hits)
	}
}

// TestCacheIgnoresCorruptFiles: a cache file with a flipped byte, cut
// short, or replaced by something else is skipped silently and the tree is
// the plain parse; the next write repairs it.
func TestCacheIgnoresCorruptFiles(t *testing.T) {
	settleAll(t)
	root, _ := cacheProject(t, "a")
	p := discover(t, root)
	want := Tree(p, Options{})
	for name, damage := range map[string]func([]byte) []byte{
		"flipped byte": func(b []byte) []byte { b[len(b)-10] ^= 0x40; return b },
		"cut short":    func(b []byte) []byte { return b[:len(b)/2] },
		"magic only":   func([]byte) []byte { return []byte(cacheMagic) },
		"other data":   func([]byte) []byte { return []byte("<?xml version=\"1.0\"?><x/>") },
	} {
		cdir := t.TempDir()
		cachedTree(p, cdir, Options{})
		files, _ := filepath.Glob(filepath.Join(cdir, "*.cache"))
		if len(files) != 1 {
			t.Fatalf("%s: cache files %v", name, files)
		}
		data, _ := os.ReadFile(files[0])
		if err := os.WriteFile(files[0], damage(data), 0o600); err != nil {
			t.Fatal(err)
		}
		got, hits := cachedTree(p, cdir, Options{})
		if hits != 0 || !reflect.DeepEqual(want, got) {
			t.Errorf("%s: %d hits; tree equal to the plain parse: %v", name, hits, reflect.DeepEqual(want, got))
		}
		if _, hits := cachedTree(p, cdir, Options{}); hits != 1 {
			t.Errorf("%s: the damaged cache was not rewritten (%d hits next time)", name, hits)
		}
	}
}

// TestCacheDirectoryProblems: a cache directory that cannot be made, or a
// cache path that is a directory, is skipped silently; one inside the
// project is not used and a Notice says so.
func TestCacheDirectoryProblems(t *testing.T) {
	settleAll(t)
	root, _ := cacheProject(t, "a")
	p := discover(t, root)
	want := Tree(p, Options{})

	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if got, _ := cachedTree(p, filepath.Join(blocker, "cache"), Options{}); !reflect.DeepEqual(want, got) {
		t.Error("a cache directory below a regular file changed the tree")
	}

	cdir := t.TempDir()
	c := OpenCache(cdir, p.Root)
	if err := os.Mkdir(c.file, 0o700); err != nil { // the cache file's name taken by a directory
		t.Fatal(err)
	}
	if got, _ := cachedTree(p, cdir, Options{}); !reflect.DeepEqual(want, got) {
		t.Error("a directory in place of the cache file changed the tree")
	}
	<-c.loaded

	inside := filepath.Join(root, ".nclint-cache")
	got, _ := cachedTree(p, inside, Options{})
	if _, err := os.Stat(inside); err == nil {
		t.Error("a cache directory was created inside the project")
	}
	if n := len(got.Notices); n != 1 || !strings.Contains(got.Notices[0].Message, "inside the project") {
		t.Errorf("notices %v, want one about the cache directory inside the project", got.Notices)
	}
	// A link from outside into the project counts as inside.
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(root, link); err != nil {
		t.Fatal(err)
	}
	if got, _ := cachedTree(p, filepath.Join(link, "sub", "cache"), Options{}); len(got.Notices) != 1 {
		t.Errorf("a cache directory reached through a link into the project: notices %v", got.Notices)
	}
}

// TestCacheConcurrentRuns: runs sharing a cache at the same time each see a
// whole cache file or none, and all produce the plain parse.
func TestCacheConcurrentRuns(t *testing.T) {
	settleAll(t)
	p := discover(t, "../../testdata/sfdx-sample")
	want := Tree(p, Options{})
	cdir := t.TempDir()
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 3; j++ {
				if got, _ := cachedTree(p, cdir, Options{Workers: 2}); !reflect.DeepEqual(want, got) {
					errs <- "a concurrent run's tree differs from the plain parse"
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if _, hits := cachedTree(p, cdir, Options{}); hits == 0 {
		t.Error("no valid cache left after concurrent runs")
	}
	if tmp, _ := filepath.Glob(filepath.Join(cdir, "*.tmp")); len(tmp) != 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}

// TestCacheOverlayNotStored: an editor's overlay wins over the cache and
// is never stored.
func TestCacheOverlayNotStored(t *testing.T) {
	settleAll(t)
	root, file := cacheProject(t, "disk")
	p := discover(t, root)
	cdir := t.TempDir()
	cachedTree(p, cdir, Options{})
	unsaved := []byte(strings.Replace(cacheNC, "ENDPOINT", "unsaved", 1))
	overlay := func(abs string) ([]byte, bool) { return unsaved, abs == file }
	got, hits := cachedTree(p, cdir, Options{Overlay: overlay})
	if e := endpointOf(t, got); e != "https://unsaved.example.com" || hits != 0 {
		t.Errorf("with an overlay: endpoint %q, %d hits", e, hits)
	}
	if got, _ := cachedTree(p, cdir, Options{}); endpointOf(t, got) != "https://disk.example.com" {
		t.Error("the overlay's content was stored in the cache")
	}
}

// manyNCProject writes a project of n named credentials (endpoint "a")
// and returns its root, the path of credential i, and a function that
// rewrites credential i with another endpoint.
func manyNCProject(t *testing.T, n int) (root string, name func(int) string, write func(i int, endpoint string)) {
	t.Helper()
	root = t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "sfdx-project.json"),
		[]byte(`{"packageDirectories":[{"path":"force-app","default":true}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "force-app", "namedCredentials")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	name = func(i int) string {
		return filepath.Join(dir, "NC"+string(rune('A'+i/26))+string(rune('A'+i%26))+".namedCredential-meta.xml")
	}
	write = func(i int, endpoint string) {
		if err := os.WriteFile(name(i), []byte(strings.Replace(cacheNC, "ENDPOINT", endpoint, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < n; i++ {
		write(i, "a")
	}
	return root, name, write
}

// TestCacheRewritePolicy: one changed file among many does not rewrite the
// cache (it is parsed again next time); a cache with many changes is
// rewritten; files that went away count as changes.
func TestCacheRewritePolicy(t *testing.T) {
	settleAll(t)
	root, _, write := manyNCProject(t, 40)
	cdir := t.TempDir()
	cachedTree(discover(t, root), cdir, Options{})
	files, _ := filepath.Glob(filepath.Join(cdir, "*.cache"))
	if len(files) != 1 {
		t.Fatalf("cache files %v", files)
	}
	stat := func() os.FileInfo {
		st, err := os.Stat(files[0])
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	first := stat()
	write(0, "b") // one change: below the threshold of 16
	if _, hits := cachedTree(discover(t, root), cdir, Options{}); hits != 39 {
		t.Errorf("one changed file: %d hits, want 39", hits)
	}
	if st := stat(); !os.SameFile(first, st) {
		t.Error("the cache was rewritten for one changed file")
	}
	for i := 1; i < 20; i++ {
		write(i, "c")
	}
	if _, hits := cachedTree(discover(t, root), cdir, Options{}); hits != 20 {
		t.Errorf("20 changed files: %d hits, want 20", hits)
	}
	if st := stat(); os.SameFile(first, st) {
		t.Error("the cache was not rewritten after 20 of 40 files changed")
	}
	if _, hits := cachedTree(discover(t, root), cdir, Options{}); hits != 40 {
		t.Errorf("after the rewrite: %d hits, want 40", hits)
	}
}

// TestCacheNotReadWhenOthersCanWrite: a cache file that another user could
// have written (group or world writable) is not read.
func TestCacheNotReadWhenOthersCanWrite(t *testing.T) {
	settleAll(t)
	root, _ := cacheProject(t, "a")
	p := discover(t, root)
	cdir := t.TempDir()
	cachedTree(p, cdir, Options{})
	files, _ := filepath.Glob(filepath.Join(cdir, "*.cache"))
	if len(files) != 1 {
		t.Fatalf("cache files %v", files)
	}
	if _, hits := cachedTree(p, cdir, Options{}); hits != 1 {
		t.Fatalf("own cache: %d hits, want 1", hits)
	}
	if err := os.Chmod(files[0], 0o666); err != nil {
		t.Fatal(err)
	}
	if _, hits := cachedTree(p, cdir, Options{}); hits != 0 {
		t.Errorf("world-writable cache file: %d hits, want 0", hits)
	}
}

// TestCacheServesOneTree: a second Tree call with the same Cache parses
// afresh, so two trees never share a component.
func TestCacheServesOneTree(t *testing.T) {
	settleAll(t)
	root, _ := cacheProject(t, "a")
	p := discover(t, root)
	cdir := t.TempDir()
	cachedTree(p, cdir, Options{})
	c := OpenCache(cdir, p.Root)
	first := Tree(p, Options{Cache: c})
	second := Tree(p, Options{Cache: c})
	if c.hits != 1 || first.NamedCredentials[0] == second.NamedCredentials[0] {
		t.Errorf("%d hits over two trees (want 1); shared component: %v", c.hits,
			first.NamedCredentials[0] == second.NamedCredentials[0])
	}
}

// TestCacheReadOnly: a read-only cache serves lookups and never writes.
func TestCacheReadOnly(t *testing.T) {
	settleAll(t)
	root, _ := cacheProject(t, "a")
	p := discover(t, root)
	cdir := t.TempDir()
	Tree(p, Options{Cache: OpenCache(cdir, p.Root).ReadOnly()})
	if m, _ := filepath.Glob(filepath.Join(cdir, "*")); len(m) != 0 {
		t.Fatalf("a read-only cache wrote %v", m)
	}
	cachedTree(p, cdir, Options{})
	c := OpenCache(cdir, p.Root).ReadOnly()
	Tree(p, Options{Cache: c})
	if c.hits != 1 {
		t.Errorf("read-only cache: %d hits, want 1", c.hits)
	}
}

// TestCertificateContentOverlay: a certificate's .crt held by the overlay
// (an editor's unsaved .crt, or the driver's revision content) is parsed
// instead of the .crt on disk, and the certificate is then neither served
// from the cache nor stored in it, although its meta file is not overlaid.
func TestCertificateContentOverlay(t *testing.T) {
	settleAll(t)
	const dir = "../../testdata/sfdx-sample/force-app/main/default/certs/"
	meta, err := os.ReadFile(dir + "acme_mtls.crt-meta.xml")
	if err != nil {
		t.Fatal(err)
	}
	crt, err := os.ReadFile(dir + "acme_mtls.crt")
	if err != nil {
		t.Fatal(err)
	}
	const certs = "force-app/main/default/certs/"
	p := discover(t, writeProject(t, map[string]string{
		certs + "acme_mtls.crt-meta.xml": string(meta),
		certs + "acme_mtls.crt":          string(crt),
	}).Root) // with stamps
	crtAbs := filepath.Join(p.Root, filepath.FromSlash(certs+"acme_mtls.crt"))
	kind := func(tr *model.Tree) model.CertContentKind {
		t.Helper()
		if len(tr.Certificates) != 1 {
			t.Fatalf("%d certificates", len(tr.Certificates))
		}
		return tr.Certificates[0].Content.Kind
	}
	overlay := func(abs string) ([]byte, bool) { return []byte("not a certificate\n"), abs == crtAbs }
	cdir := t.TempDir()
	disk, _ := cachedTree(p, cdir, Options{})
	if kind(disk) == model.CertUnparseable {
		t.Fatal("the certificate on disk does not parse")
	}
	if got, hits := cachedTree(p, cdir, Options{Overlay: overlay}); kind(got) != model.CertUnparseable || hits != 0 {
		t.Errorf("with the .crt overlaid: content %q, %d hits; want unparseable, 0 hits", kind(got), hits)
	}
	if got, hits := cachedTree(p, cdir, Options{}); kind(got) != kind(disk) || hits != 1 {
		t.Errorf("after the overlay: content %q, %d hits; want %q, 1 hit", kind(got), hits, kind(disk))
	}
	if got := Tree(p, Options{Overlay: overlay}); kind(got) != model.CertUnparseable {
		t.Errorf("without a cache: content %q, want unparseable", kind(got))
	}
}

// TestExecutableIdentIsTheRunningFile: on Linux the executable's stamp is
// that of the file this process runs (/proc/self/exe), not of what a
// rebuild put at its path since. A copy of the test binary replaces its own
// file, then prints its identity's inode.
func TestExecutableIdentIsTheRunningFile(t *testing.T) {
	if os.Getenv("NCLINT_TEST_EXE_IDENT") != "" {
		exe, err := os.Executable()
		if err != nil {
			t.Fatal(err)
		}
		other := exe + ".new"
		if err := os.WriteFile(other, []byte("a rebuilt binary"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(other, exe); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("inode %d\n", executableIdent().ExecutableInfo.Inode)
		return
	}
	if _, err := os.Stat("/proc/self/exe"); err != nil {
		t.Skip("no /proc/self/exe")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(t.TempDir(), "parse.test")
	if err := os.WriteFile(copyPath, data, 0o755); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(copyPath, "-test.run=^TestExecutableIdentIsTheRunningFile$")
	cmd.Env = append(os.Environ(), "NCLINT_TEST_EXE_IDENT=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	want := fmt.Sprintf("inode %d\n", project.StampOf(st).Inode)
	if !strings.Contains(string(out), want) {
		t.Errorf("child printed %q, want the running file's %q", out, want)
	}
}

// TestCacheKeepsEntriesOfOverlaidFiles: files an editor overlays are not
// counted as changed (twenty unsaved buffers do not rewrite the cache at
// each lint), and a rewrite keeps their entries, which still describe the
// files on disk.
func TestCacheKeepsEntriesOfOverlaidFiles(t *testing.T) {
	settleAll(t)
	root, name, write := manyNCProject(t, 40)
	p := discover(t, root)
	cdir := t.TempDir()
	cachedTree(p, cdir, Options{})
	files, _ := filepath.Glob(filepath.Join(cdir, "*.cache"))
	first, err := os.Stat(files[0])
	if err != nil {
		t.Fatal(err)
	}
	unsaved := []byte(strings.Replace(cacheNC, "ENDPOINT", "unsaved", 1))
	overlay := func(abs string) ([]byte, bool) {
		for i := 0; i < 20; i++ {
			if abs == name(i) {
				return unsaved, true
			}
		}
		return nil, false
	}
	if _, hits := cachedTree(p, cdir, Options{Overlay: overlay}); hits != 20 {
		t.Errorf("20 overlaid files: %d hits, want 20", hits)
	}
	if st, _ := os.Stat(files[0]); !os.SameFile(first, st) {
		t.Error("the cache was rewritten for overlaid files")
	}
	// Twenty other files change on disk: the rewrite keeps the overlaid
	// files' entries.
	for i := 20; i < 40; i++ {
		write(i, "new")
	}
	p = discover(t, root)
	cachedTree(p, cdir, Options{Overlay: overlay})
	if st, _ := os.Stat(files[0]); os.SameFile(first, st) {
		t.Fatal("the cache was not rewritten after 20 files changed on disk")
	}
	if _, hits := cachedTree(p, cdir, Options{}); hits != 40 {
		t.Errorf("after the rewrite, without overlay: %d hits, want 40", hits)
	}
}
