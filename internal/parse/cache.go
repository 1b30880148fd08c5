package parse

// The parse cache keeps what parsing each file produced, so that a run
// after a small change (a pre-commit hook linting one file, which still
// loads the whole project) parses only the files that changed.
//
// Design:
//   - One cache file per project root, in a directory of nclint's own
//     (driver's caller picks it: NCLINT_CACHE_DIR, else the user cache
//     directory; none with --no-cache). It holds only nclint's data: the
//     per-file results of this package, encoded with encoding/gob. It may
//     hold values of the metadata (a password written in a named
//     credential), so it is created with mode 0600 in a 0700 directory, and
//     never inside the project being linted.
//   - A file's entry is used only when the file is the same file, unchanged:
//     its whole project.File (path, absolute path, kind, package directory,
//     namespace) and its project.Stamp (size, modification and change
//     times, inode, device) equal the entry's, and for a certificate the
//     same holds for its .crt. The change time and inode cannot be preserved
//     by tools that copy files or restore modification times, so where the
//     system does not report them (Windows) nothing is cached. A file
//     changed less than settleMargin before the run is not stored (it may
//     change again within the file system's timestamp granularity without a
//     new stamp; git's "racily clean" entries).
//   - The whole cache is also keyed by nclint's identity (version, and the
//     executable's path and stamp, so a rebuilt development binary never
//     reads results of another build) and by the parse limits: any
//     difference discards it.
//   - Results that carry a Notice (a file that could not be read, an
//     internal error), overlaid content (an editor's unsaved buffer) and
//     files not read at all are never stored.
//   - Entries are stored before assemble, which merges and sorts what
//     handle returned, so a stored result is exactly what parsing the file
//     gave; TestCacheRoundTrip checks that trees built from the cache equal
//     trees parsed afresh.
//   - Loading starts in the background when the cache is opened (before
//     discovery) and Tree waits for it. The file is rewritten (a temporary
//     file renamed into place, so concurrent runs each see a whole file)
//     when it did not exist or no longer fits, or when enough entries
//     changed (rewriteThreshold): a run that changed one file parses that
//     file again next time instead of paying for a rewrite every time.
//   - A cache that is missing, corrupt (checksum, magic, gob), too large,
//     unreadable or unwritable, or a directory that cannot be created, is
//     skipped silently: the run parses everything, as without a cache.
//   - The cache is trusted input (encoding/gob is not hardened against
//     adversarial data), so it is read only when it is a regular file of
//     this user that others cannot write, and never from inside the
//     project, which a pull request controls.
//     Cache files unused for maxCacheAge are removed when another is
//     written.

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/nclint/nclint/internal/cleanup"
	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/project"
	"github.com/nclint/nclint/internal/safeio"
	"github.com/nclint/nclint/internal/version"
)

const (
	// cacheMagic starts every cache file; a new layout gets a new magic.
	cacheMagic = "nclint-parse-cache-1\n"
	// maxCacheSize is the largest cache file read (a scale-8 benchmark
	// org of 170,000 files makes about 25 MB).
	maxCacheSize int64 = 512 << 20
	// settleMargin: files changed more recently than this are not stored.
	settleMargin = 3 * time.Second
	// maxCacheAge: cache files not used for this long are removed.
	maxCacheAge = 30 * 24 * time.Hour
	// touchAge: a cache file used but not rewritten gets its modification
	// time renewed when it is older than this (it tells maxCacheAge that
	// the cache is alive).
	touchAge = 24 * time.Hour
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// Cache is the parse cache of one project (see the top of this file).
// A nil *Cache is a disabled cache. A Cache serves one Tree call: the
// components it hands out become that tree's, so a second Tree call with
// the same Cache parses everything (open the cache again instead).
type Cache struct {
	dir, root, file string
	// inProject is set when dir lies inside the project root: the cache is
	// then not used, and Tree says so in a Notice.
	inProject bool

	loaded chan struct{} // closed when load finished
	used   bool          // a Tree call bound it
	// readOnly keeps the file as it is (see ReadOnly).
	readOnly bool
	// Set by load, read after loaded is closed:
	ident   cacheIdent
	entries map[cacheKey]*cacheEntry
	found   bool // a valid cache file was read
	modTime time.Time

	mu   sync.Mutex
	hits int
	// kept counts entries of overlaid files (see keep).
	kept int
}

// cacheIdent is what every entry of a cache file depends on besides its
// own file.
type cacheIdent struct {
	Version        string
	Executable     string
	ExecutableInfo project.Stamp
	Root           string
	MaxFileSize    int64
	MaxNodes       int
	MaxTokens      int
}

// cacheKey identifies one job's files as discovery saw them.
type cacheKey struct {
	File, Content project.File
}

// keyOf is the key of j's files (Content zero when there is no .crt).
func keyOf(j job) cacheKey {
	k := cacheKey{File: j.file}
	if j.content != nil {
		k.Content = *j.content
	}
	return k
}

// cacheEntry is one stored result, in a form encoding/gob can write.
type cacheEntry struct {
	File, Content project.File
	Scanned       int
	Problems      []model.Problem
	Suppressions  []model.Suppression
	// Comp is the component (one of the pointer types registered in
	// init), nil for a permission set file, whose part is in PermSet*.
	Comp         any
	PermSet      *model.PermissionSet
	PermSetMain  bool
	PermSetGroup string
}

// cacheHeader starts the gob stream of a cache file; Count entries
// follow, one gob value each (so neither writing nor reading holds the
// whole encoding in memory).
type cacheHeader struct {
	Ident cacheIdent
	Count int
}

func init() {
	for _, c := range []any{
		&model.NamedCredential{}, &model.ExternalCredential{}, &model.PermissionSetGroup{}, &model.Profile{},
		&model.Certificate{}, &model.ExternalServiceRegistration{}, &model.ExternalDataSource{}, &model.Component{},
		&model.Flow{}, &model.ApexSource{}, &model.IdentityProviderSettings{}, &model.SamlSsoConfig{},
		&model.PlatformEventSubscriberConfig{},
	} {
		gob.Register(c)
	}
}

// OpenCache opens the parse cache of the project whose root is root (an
// absolute path) in dir, and starts reading it in the background. It
// returns nil, a disabled cache, when dir is "".
func OpenCache(dir, root string) *Cache {
	if dir == "" {
		return nil
	}
	sum := sha256.Sum256([]byte(root))
	c := &Cache{dir: dir, root: root, file: filepath.Join(dir, "parse-"+hex.EncodeToString(sum[:12])+".cache"),
		loaded: make(chan struct{})}
	if c.inProject = dirInside(dir, root); c.inProject {
		close(c.loaded)
		return c
	}
	go c.load()
	return c
}

// ReadOnly makes c serve lookups but never write the cache file, for a
// run over a variant of the tree (a git revision linted as the work tree
// with a few files replaced), whose results would push the work tree's
// out of the file. It returns c.
func (c *Cache) ReadOnly() *Cache {
	if c != nil {
		c.readOnly = true
	}
	return c
}

// dirInside reports whether dir, once its existing part's symbolic links
// are resolved, lies inside root (also resolved). Unknown counts as inside.
func dirInside(dir, root string) bool {
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return true
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return true
	}
	// Resolve the longest existing prefix: the rest does not exist yet
	// and holds no links.
	rest := ""
	for p := abs; ; {
		if resolved, err := filepath.EvalSymlinks(p); err == nil {
			return safeio.Within(filepath.Join(resolved, rest), realRoot)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return true
		}
		rest = filepath.Join(filepath.Base(p), rest)
		p = parent
	}
}

// load reads the cache file; any trouble leaves the cache empty.
func (c *Cache) load() {
	defer close(c.loaded)
	// Opened non-blocking and checked after opening: a named pipe or a
	// device put in place of the cache is refused without blocking.
	f, err := os.OpenFile(c.file, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
	if err != nil {
		return
	}
	defer func() { _ = f.Close() }() // read-only
	st, err := f.Stat()
	if err != nil || !trustedCacheFile(st) || st.Size() > maxCacheSize {
		return
	}
	h, entries, ok := decodeCache(f, st.Size(), func(h *cacheHeader) bool {
		// Another build's cache: not worth decoding.
		id := executableIdent()
		return h.Ident.Version == id.Version && h.Ident.Executable == id.Executable &&
			h.Ident.ExecutableInfo == id.ExecutableInfo
	})
	if !ok {
		return
	}
	c.modTime = st.ModTime()
	c.ident = h.Ident
	c.entries = make(map[cacheKey]*cacheEntry, len(entries))
	for i := range entries {
		e := &entries[i]
		c.entries[cacheKey{e.File, e.Content}] = e
	}
	c.found = true
}

// A cache file is the magic, a gob stream (a cacheHeader, then its Count
// cacheEntry values), and a CRC-32C (big-endian) of all that: a file cut
// short or damaged fails the check, and nothing it held is used.

// decodeCache reads a cache file of size bytes from r. wanted, called
// with the header, may stop the decoding early.
func decodeCache(r io.Reader, size int64, wanted func(*cacheHeader) bool) (cacheHeader, []cacheEntry, bool) {
	var h cacheHeader
	if size < int64(len(cacheMagic))+4 {
		return h, nil, false
	}
	sum := crc32.New(crcTable)
	body := bufio.NewReaderSize(io.TeeReader(io.LimitReader(r, size-4), sum), 64<<10)
	magic := make([]byte, len(cacheMagic))
	if _, err := io.ReadFull(body, magic); err != nil || string(magic) != cacheMagic {
		return h, nil, false
	}
	dec := gob.NewDecoder(body)
	// Every entry takes more than 16 bytes: a larger count is damage.
	if err := dec.Decode(&h); err != nil || h.Count < 0 || int64(h.Count) > size/16 || !wanted(&h) {
		return h, nil, false
	}
	entries := make([]cacheEntry, h.Count)
	for i := range entries {
		if err := dec.Decode(&entries[i]); err != nil {
			return h, nil, false
		}
	}
	if n, err := io.Copy(io.Discard, body); err != nil || n != 0 {
		return h, nil, false
	}
	var trailer [4]byte
	if _, err := io.ReadFull(r, trailer[:]); err != nil || binary.BigEndian.Uint32(trailer[:]) != sum.Sum32() {
		return h, nil, false
	}
	return h, entries, true
}

// encodeCache writes h and the h.Count entries each yields to w as
// decodeCache reads them.
func encodeCache(w io.Writer, h cacheHeader, each func(yield func(*cacheEntry) error) error) error {
	sum := crc32.New(crcTable)
	bw := bufio.NewWriterSize(io.MultiWriter(w, sum), 64<<10)
	if _, err := bw.WriteString(cacheMagic); err != nil {
		return err
	}
	enc := gob.NewEncoder(bw)
	if err := enc.Encode(&h); err != nil {
		return err
	}
	n := 0
	if err := each(func(e *cacheEntry) error { n++; return enc.Encode(e) }); err != nil {
		return err
	}
	if n != h.Count {
		return fmt.Errorf("cache: %d entries written, header says %d", n, h.Count)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	_, err := w.Write(sum.Sum(nil)) // big-endian, as hash.Hash32 gives it
	return err
}

// bind waits for the load and discards what was read unless it was written
// by this nclint with these limits. It reports whether the cache is usable.
func (c *Cache) bind(opts Options) bool {
	if c == nil || c.inProject {
		return false
	}
	<-c.loaded
	if c.used {
		return false
	}
	c.used = true
	want := currentIdent(c.root, opts)
	if c.ident != want {
		c.entries, c.found = nil, false
	}
	c.ident = want
	return c.ident.Executable != ""
}

// currentIdent is the identity of this process's cache entries; its
// Executable is "" when the executable cannot be found (no caching then).
func currentIdent(root string, opts Options) cacheIdent {
	id := executableIdent()
	id.Root, id.MaxFileSize, id.MaxNodes, id.MaxTokens = root, opts.MaxFileSize, opts.MaxNodes, opts.MaxTokens
	return id
}

// executableIdent is the part of the identity that depends on the
// program only: the version, and the executable's path and stamp. On
// Linux the stamp is that of /proc/self/exe, the file this process runs
// even after a rebuild replaced it at its path (os.Executable names the
// path, whose file may then be the new build: a long-lived language server
// would label its results with the new build's identity).
var executableIdent = sync.OnceValue(func() cacheIdent {
	id := cacheIdent{Version: version.String()}
	exe, err := os.Executable()
	if err != nil {
		return id
	}
	st, err := os.Stat("/proc/self/exe")
	if err != nil {
		st, err = os.Stat(exe)
	}
	if err == nil {
		id.Executable, id.ExecutableInfo = exe, project.StampOf(st)
	}
	return id
})

// lookup returns the stored result of j, if its files are unchanged.
func (c *Cache) lookup(j job) (result, bool) {
	if c == nil || c.entries == nil {
		return result{}, false
	}
	k := keyOf(j)
	e, ok := c.entries[k]
	if !ok {
		return result{}, false
	}
	c.mu.Lock()
	c.hits++
	c.mu.Unlock()
	res := result{scanned: e.Scanned, problems: e.Problems, suppressions: e.Suppressions, comp: e.Comp,
		stored: true, cacheable: true}
	if e.PermSet != nil {
		res.comp = &permSetPart{main: e.PermSetMain, group: e.PermSetGroup, ps: *e.PermSet}
	}
	return res, true
}

// keep returns the entry of j's files as they are on disk, for a job whose
// content an overlay replaces (an editor's unsaved buffer): it is not
// used, but it stays valid for the disk, so it is neither counted as
// dropped nor left out of a rewrite. Nil when there is none.
func (c *Cache) keep(j job) *cacheEntry {
	if c == nil || c.entries == nil {
		return nil
	}
	k := keyOf(j)
	e := c.entries[k]
	if e != nil {
		c.mu.Lock()
		c.kept++
		c.mu.Unlock()
	}
	return e
}

// cacheable reports whether a result parsed from the files of j as read
// from disk may be stored: both stamps strong and settled at now.
func cacheable(j job, now time.Time) bool {
	ok := func(s project.Stamp) bool { return s.Strong() && s.Settled(now, settleMargin) }
	return ok(j.file.Stamp) && (j.content == nil || ok(j.content.Stamp))
}

// rewriteThreshold is how many entries must have changed (added, or
// dropped because their file changed or went away) before a cache of n
// entries is rewritten.
func rewriteThreshold(n int) int { return max(16, n/32) }

// update stores the results of this run when the cache should be
// rewritten (see the top of this file). It runs before assemble.
func (c *Cache) update(jobs []job, results []result) {
	if c == nil || c.inProject || c.readOnly {
		return
	}
	stored, fresh := 0, 0
	for _, res := range results {
		switch {
		case res.cacheable:
			stored++
			if !res.stored {
				fresh++
			}
		case res.kept != nil:
			stored++
		}
	}
	dropped := len(c.entries) - c.hits - c.kept
	if c.found && fresh+dropped < rewriteThreshold(stored) {
		if time.Since(c.modTime) > touchAge {
			now := time.Now()
			_ = os.Chtimes(c.file, now, now) // best effort: keeps the file from being pruned
		}
		return
	}
	if stored == 0 {
		return
	}
	each := func(yield func(*cacheEntry) error) error {
		for i, res := range results {
			if !res.cacheable {
				if res.kept != nil {
					if err := yield(res.kept); err != nil {
						return err
					}
				}
				continue
			}
			k := keyOf(jobs[i])
			e := cacheEntry{File: k.File, Content: k.Content, Scanned: res.scanned, Problems: res.problems, Suppressions: res.suppressions}
			if p, ok := res.comp.(*permSetPart); ok {
				e.PermSet, e.PermSetMain, e.PermSetGroup = &p.ps, p.main, p.group
			} else {
				e.Comp = res.comp
			}
			if err := yield(&e); err != nil {
				return err
			}
		}
		return nil
	}
	_ = c.write(cacheHeader{Ident: c.ident, Count: stored}, each) // best effort: a cache that cannot be written is skipped
}

// write puts the header and the entries each yields in place of the cache
// file: a temporary file in the same directory renamed over it, so readers
// see the old or the new file whole.
func (c *Cache) write(h cacheHeader, each func(yield func(*cacheEntry) error) error) error {
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return err
	}
	if dirInside(c.dir, c.root) { // made inside the project through a link created meanwhile
		return errors.New("cache directory inside the project")
	}
	var tmp *os.File
	name, err := cleanup.Track(func() (string, error) {
		f, err := os.CreateTemp(c.dir, "parse-*.tmp") // mode 0600
		if err != nil {
			return "", err
		}
		tmp = f
		return f.Name(), nil
	})
	if err != nil {
		return err
	}
	werr := encodeCache(tmp, h, each)
	if err := errors.Join(werr, tmp.Close()); err != nil {
		cleanup.Remove(name)
		return err
	}
	if err := cleanup.Commit(name, func() error { return os.Rename(name, c.file) }); err != nil {
		cleanup.Remove(name)
		return err
	}
	pruneCache(c.dir, c.file)
	return nil
}

// pruneCache removes cache files of dir other than keep that were not used
// for maxCacheAge, and temporary files an interrupted run left over an
// hour ago. Only regular files with this package's names are touched.
func pruneCache(dir, keep string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	now := time.Now()
	for _, e := range entries {
		name := e.Name()
		var age time.Duration
		switch {
		case strings.HasPrefix(name, "parse-") && strings.HasSuffix(name, ".cache"):
			age = maxCacheAge
		case strings.HasPrefix(name, "parse-") && strings.HasSuffix(name, ".tmp"):
			age = time.Hour
		default:
			continue
		}
		p := filepath.Join(dir, name)
		if p == keep || !e.Type().IsRegular() {
			continue
		}
		if info, err := e.Info(); err == nil && now.Sub(info.ModTime()) > age {
			_ = os.Remove(p)
		}
	}
}

// notice is the Notice Tree adds for a cache that cannot be used for a
// reason the user should know (nil otherwise).
func (c *Cache) notice() *model.Notice {
	if c == nil || !c.inProject {
		return nil
	}
	return &model.Notice{Warning: true, Message: "the parse cache directory " + c.dir +
		" lies inside the project; nclint never writes into the project it lints, so the cache is not used" +
		" (set NCLINT_CACHE_DIR to a directory outside it, or pass --no-cache)"}
}
