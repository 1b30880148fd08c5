package project

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// The walk, and how it runs in parallel.
//
// What discovery finds depends on the order in which it meets things: the
// first path that reaches a directory names its files (walker.visited),
// links to directories are followed in the order they were found, and a
// link found inside a linked directory joins the end of that list. That
// order is kept by one goroutine, the walk, which goes through each tree
// depth-first in lexical order, as filepath.WalkDir does, and alone
// decides what is recorded.
//
// What costs time is the system calls: reading each directory (open,
// getdents, close) and the lstat of each metadata file. Directories are
// read ahead of the walk by a bounded set of goroutines (Options.Workers):
// a reader lists a directory (readDir: on Linux straight from getdents,
// allocating nothing for the entries it drops), drops what can be judged
// from the path alone (files that are not metadata, always-skipped and
// excluded directories and files: Classify and the exclusion patterns
// are pure functions), sorts what it keeps by name, and queues the
// subdirectories it keeps so that readers list them in turn. The queue is
// last in, first out, with a directory's first subdirectory on top, so
// readers run down the tree the way the walk does. The walk takes each
// listing when it gets there, waiting when a reader is on it and reading
// it itself when no reader has started it, so every directory is listed
// at most once for the walk and the result does not depend on the number
// of readers or their timing: a reader only reads ahead, it never
// decides. A directory the walk skips (it was reached another way first)
// may have been read ahead for nothing; nothing read ahead is reported
// unless the walk takes it.
//
// The metadata files found are stat'ed after the walk, the workers taking
// blocks of them in turn (statFiles), so that one big folder does not
// keep one reader busy while the others wait, and recorded in the order
// found (walker.addFile).

// listing is one directory, read by a reader or by the walk.
type listing struct {
	logical string // path relative to the project root
	dir     string // real path on disk
	done    chan struct{}
	started bool // a reader or the walk has begun reading it (guarded by readers.mu)
	entries []entry
	order   []int32 // entries' indexes in name order
	err     error   // from readDir: the whole listing is dropped
	// panicked holds a panic raised while reading, with its stack.
	panicked string
}

// entryKind says what the walk does with an entry.
type entryKind uint8

const (
	entryDir     entryKind = iota // a directory to descend into unless visited
	entryLink                     // a symbolic link: handled by walker.symlink
	entryFile                     // a metadata file: recorded with its stat
	entryProject                  // an sfdx-project.json below the root of a Metadata API tree
)

// entry is one kept directory entry.
type entry struct {
	kind entryKind
	rel  string // logical path relative to the project root
	path string // real path on disk
	// named is set for a directory named like a metadata file; sub is
	// its listing when given to the readers.
	named bool
	sub   *listing
	// file, info and err are a metadata file's classification and lstat;
	// de, where set, gives the lstat (see dirent).
	file File
	info fs.FileInfo
	err  error
	de   fs.DirEntry
}

// readers is the pool of goroutines reading directories ahead of the walk.
type readers struct {
	mu    sync.Mutex
	cond  sync.Cond
	queue []*listing // to read, last in first out
	stop  bool
	wg    sync.WaitGroup
}

// newListing returns the listing, not read yet, of the real directory dir
// named logical.
func newListing(logical, dir string) *listing {
	return &listing{logical: logical, dir: dir, done: make(chan struct{})}
}

// startReaders starts w.workers goroutines reading ahead (none for one)
// and returns the listings of the package directories to be walked
// (resolved[i] != ""), given to the readers first.
func (w *walker) startReaders(dirs, resolved []string) []*listing {
	first := make([]*listing, len(dirs))
	for i, d := range dirs {
		if resolved[i] != "" {
			first[i] = newListing(d, resolved[i])
		}
	}
	n := w.workers
	if n <= 1 {
		return first
	}
	r := &readers{}
	r.cond.L = &r.mu
	w.readers = r
	r.push(slices.DeleteFunc(slices.Clone(first), func(l *listing) bool { return l == nil }))
	r.wg.Add(n)
	for range n {
		go w.readAhead(r)
	}
	return first
}

// stopReaders stops the readers and waits for them, so that nothing
// touches the file system once Discover has returned. Once is enough.
func (w *walker) stopReaders() {
	r := w.readers
	if r == nil {
		return
	}
	r.mu.Lock()
	r.stop = true
	r.queue = nil
	r.cond.Broadcast()
	r.mu.Unlock()
	r.wg.Wait()
}

// readAhead is one reader: it reads queued directories until stopped.
func (w *walker) readAhead(r *readers) {
	defer r.wg.Done()
	r.mu.Lock()
	for {
		for len(r.queue) == 0 && !r.stop {
			r.cond.Wait()
		}
		if r.stop {
			r.mu.Unlock()
			return
		}
		l := r.queue[len(r.queue)-1]
		r.queue = r.queue[:len(r.queue)-1]
		if l.started {
			continue // the walk took it
		}
		l.started = true
		r.mu.Unlock()
		w.read(l)
		r.mu.Lock()
	}
}

// push queues listings to be read, the first one on top.
func (r *readers) push(ls []*listing) {
	if len(ls) == 0 {
		return
	}
	r.mu.Lock()
	if !r.stop {
		for i := len(ls) - 1; i >= 0; i-- {
			r.queue = append(r.queue, ls[i])
		}
		r.cond.Broadcast()
	}
	r.mu.Unlock()
}

// take returns l read: read ahead, being read by a reader (it waits), or
// read now.
func (w *walker) take(l *listing) *listing {
	mine := true
	if r := w.readers; r != nil {
		r.mu.Lock()
		mine = !l.started
		l.started = true
		r.mu.Unlock()
	}
	if mine {
		w.read(l)
	} else {
		<-l.done
	}
	if l.panicked != "" {
		panic("reading " + l.dir + ": " + l.panicked)
	}
	return l
}

// testReadHook, when set by a test, is called before each directory is
// read.
var testReadHook func(dir string)

// listDir is readDir; tests set readDirOS.
var listDir = readDir

// read lists l's directory and keeps the entries the walk needs, with
// what can be decided from their paths. With readers, it queues the
// subdirectories kept. It only reads fields of w that do not change
// during the walk.
func (w *walker) read(l *listing) {
	defer func() {
		// A panic in a reader would end the program, which the language
		// server must survive: the walk raises it again when it takes l.
		if v := recover(); v != nil {
			l.panicked = fmt.Sprintf("%v\n%s", v, debug.Stack())
		}
		close(l.done)
	}()
	if testReadHook != nil {
		testReadHook(l.dir)
	}
	des, err := listDir(l.dir, func(name string, t fs.FileMode) bool {
		return t.IsDir() || t&fs.ModeSymlink != 0 || mayClassify(name) || name == ProjectFileName
	})
	if err != nil {
		// As filepath.WalkDir: what was read before the error is dropped.
		l.err = err
		return
	}
	l.entries = make([]entry, 0, len(des))
	for _, d := range des {
		name := d.name
		switch t := d.typ; {
		case t.IsDir():
			if alwaysSkipped[name] {
				continue
			}
			rel := path2(l.logical, name)
			if w.excluded(rel, true, false) {
				continue
			}
			e := entry{kind: entryDir, rel: rel, path: join(l.dir, name)}
			_, e.named = Classify(rel)
			l.entries = append(l.entries, e)
		case t&fs.ModeSymlink != 0:
			l.entries = append(l.entries, entry{kind: entryLink, rel: path2(l.logical, name), path: join(l.dir, name)})
		case name == ProjectFileName:
			// Never a metadata file.
			if !w.projectMode {
				l.entries = append(l.entries, entry{kind: entryProject, rel: path2(l.logical, name)})
			}
		default:
			rel := path2(l.logical, name)
			f, ok := Classify(rel)
			if !ok || w.excluded(rel, false, false) {
				continue
			}
			// Stat'ed after the walk (statFiles) unless readDir had to.
			l.entries = append(l.entries, entry{kind: entryFile, rel: rel, path: l.dir + "/" + name, file: f, info: d.info, de: d.de})
		}
	}
	// In name order, as os.ReadDir sorts: entries share the directory, so
	// their paths sort as their names do. (Indexes: entries are large.)
	l.order = make([]int32, len(l.entries))
	for i := range l.order {
		l.order[i] = int32(i)
	}
	slices.SortFunc(l.order, func(a, b int32) int { return strings.Compare(l.entries[a].rel, l.entries[b].rel) })
	if w.readers != nil {
		var subdirs []*listing
		for _, i := range l.order {
			if e := &l.entries[i]; e.kind == entryDir {
				e.sub = newListing(e.rel, e.path)
				subdirs = append(subdirs, e.sub)
			}
		}
		w.readers.push(subdirs)
	}
}

// mayClassify reports whether Classify may recognise a file named name in
// some folder: when it is false, Classify(rel) is false for every rel
// whose last element is name, so the walk need not build rel. It makes
// Classify's tests on the name and leaves out those on the folders; a
// name ending in -meta.xml (most files of a project) costs one lookup.
func mayClassify(name string) bool {
	if name == idpSettingsSource || name == idpSettingsMdapi {
		return true
	}
	if stem, ok := strings.CutSuffix(name, metaXML); ok {
		// X.T-meta.xml with T a source type or a fragment's child type
		// (types hold no dot).
		dot := strings.LastIndexByte(stem, '.')
		return dot > 0 && (metaTypes[stem[dot+1:]] || fragmentSuffixes[stem[dot+1:]])
	}
	for _, s := range sourceSuffixes {
		if len(name) > len(s.suffix) && strings.HasSuffix(name, s.suffix) {
			return true
		}
	}
	if dot := strings.LastIndexByte(name, '.'); dot > 0 {
		_, found := mdapiSuffixes[name[dot:]]
		return found
	}
	return false
}

// metaTypes are the T of the source suffixes ".T-meta.xml".
var metaTypes = func() map[string]bool {
	m := make(map[string]bool)
	for _, s := range sourceSuffixes {
		if t, ok := strings.CutSuffix(s.suffix, metaXML); ok {
			m[strings.TrimPrefix(t, ".")] = true
		}
	}
	return m
}()

// walk scans the real directory dir, naming what it finds below the
// logical path logical (relative to the root), unless dir was scanned
// already. l is its listing when given to the readers, else nil.
func (w *walker) walk(logical, dir string, l *listing) {
	info, err := os.Lstat(dir)
	if err != nil {
		w.unread(logical, fmt.Sprintf("cannot read: %v", err))
		return
	}
	if w.visited[dir] {
		return
	}
	w.visited[dir] = true
	if !info.IsDir() {
		return
	}
	if l == nil {
		l = newListing(logical, dir)
	}
	w.walkListing(w.take(l))
}

// walkListing records what the directory listed in l holds and descends
// into its subdirectories, in order.
func (w *walker) walkListing(l *listing) {
	if l.err != nil {
		w.unread(l.logical, fmt.Sprintf("cannot read: %v", l.err))
		return
	}
	for _, i := range l.order {
		e := &l.entries[i]
		switch e.kind {
		case entryDir:
			if w.visited[e.path] {
				continue
			}
			w.visited[e.path] = true
			if e.named {
				w.unread(e.rel, "skipped: a directory named like a metadata file, so the component it names is not read (the files inside it are)")
			}
			sub := e.sub
			if sub == nil {
				sub = newListing(e.rel, e.path)
			}
			w.walkListing(w.take(sub))
		case entryLink:
			w.symlink(e.path, e.rel)
		case entryProject:
			w.nestedProjects = append(w.nestedProjects, path.Dir(e.rel))
		case entryFile:
			w.found = append(w.found, e)
		}
	}
	l.order = nil // done with (the files recorded point into entries)
}

// statFiles stats the files found that are not stat'ed yet, as
// os.DirEntry.Info does (lstat of the directory read and the name), with
// w.workers goroutines taking blocks of files in turn.
func (w *walker) statFiles() {
	const block = 64
	var next atomic.Int64
	work := func() {
		for {
			lo := int(next.Add(block)) - block
			if lo >= len(w.found) {
				return
			}
			for _, e := range w.found[lo:min(lo+block, len(w.found))] {
				switch {
				case e.info != nil || e.err != nil:
				case e.de != nil:
					e.info, e.err = e.de.Info()
				default:
					e.info, e.err = os.Lstat(e.path) // as os.DirEntry.Info on Linux
				}
			}
		}
	}
	n := min(w.workers, (len(w.found)+block-1)/block)
	var wg sync.WaitGroup
	for range n - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
}

// join is filepath.Join(dir, name) for a clean dir and a name read from
// it, without cleaning the result again.
func join(dir, name string) string {
	if os.PathSeparator != '/' || strings.HasSuffix(dir, "/") {
		return filepath.Join(dir, name)
	}
	return dir + "/" + name
}

// abs is filepath.Join(w.root, rel) for a rel found by the walk, without
// cleaning again when rel cannot hold "..": the root is clean, and so are
// paths built from a clean package directory and names read from disk.
func (w *walker) abs(rel string) string {
	if os.PathSeparator != '/' || strings.HasPrefix(rel, "..") || strings.HasSuffix(w.root, "/") {
		return filepath.Join(w.root, filepath.FromSlash(rel))
	}
	return w.root + "/" + rel
}
