package project

import (
	"cmp"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/nclint/nclint/internal/forceignore"
	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/safeio"
)

// Options tune Discover.
type Options struct {
	// ExtraExcludes are github.com/bmatcuk/doublestar/v4 patterns applied
	// on top of .forceignore (for a configuration "exclude:" key). Each is
	// matched, case-sensitively, against the slash-separated path relative
	// to the project root of every directory and recognised file; a
	// matching directory is not descended into. Patterns are not anchored
	// implicitly: write "**/legacy/**" to exclude a folder at any depth.
	// An invalid pattern makes Discover fail.
	ExtraExcludes []string
	// Namespaces assign a namespace to files whose path (relative to the
	// project root) or one of whose parent directories matches a pattern,
	// for managed-package sources kept in the repository. The first
	// matching mapping wins; other files get the project namespace.
	Namespaces []NamespaceMapping
	// Workers is the number of goroutines that read directories ahead
	// of the walk and stat the files found: 0 (or less) means
	// runtime.GOMAXPROCS(0), 1 that the calling goroutine does it all.
	// The result is the same for any number.
	Workers int
}

// NamespaceMapping maps source paths to the namespace their code runs in.
type NamespaceMapping struct {
	// Pattern is a github.com/bmatcuk/doublestar/v4 pattern.
	Pattern string
	// Namespace is the namespace prefix, without "__".
	Namespace string
}

// FindRoot returns the project root for path without scanning: the
// directory of the nearest sfdx-project.json at or above path, else of the
// nearest package.xml (a Metadata API format tree), else path itself (its
// directory, for a file).
func FindRoot(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	info, err := os.Stat(abs)
	if err != nil {
		return "", err
	}
	if !info.IsDir() {
		abs = filepath.Dir(abs)
	}
	root, _ := locateRoot(abs)
	return root, nil
}

// locateRoot returns the project root for the directory start and the
// sfdx-project.json that makes it one ("" for none): the nearest
// sfdx-project.json at or above start, else the nearest package.xml (a
// Metadata API tree, whose type folders are relative to it), else start.
func locateRoot(start string) (root, projectFile string) {
	if f := findProjectFile(start); f != "" {
		return filepath.Dir(f), f
	}
	if r := findPackageRoot(start); r != "" {
		return r, ""
	}
	return start, ""
}

// alwaysSkipped are directory names never descended into, wherever they
// are and whatever .forceignore says: they hold version control data,
// Node packages and Salesforce CLI state, never source.
var alwaysSkipped = map[string]bool{
	".git":         true,
	"node_modules": true,
	".sf":          true,
	".sfdx":        true,
}

// Discover finds the project that path belongs to and lists its metadata
// files.
//
// path may be a directory or a file. Discovery starts in the directory
// (for a file, the file's directory) and searches it and its parents for
// the nearest sfdx-project.json; its directory is the project root and its
// packageDirectories are scanned in order. Without sfdx-project.json the
// nearest directory at or above the start holding package.xml is the root
// of a Metadata API format tree, else the start directory itself; the root
// is scanned as a whole. Either way the whole project
// is discovered, since references cross package directories;
// Project.Target records the path given so that callers can restrict
// findings with Project.InTarget.
//
// Scanning honours .forceignore with the Salesforce CLI's semantics (see
// package forceignore): the file at the root or, when there is none, the
// nearest one above the root, as the CLI searches upward; its patterns are
// relative to its own directory. A .forceignore inside a package directory
// is not read. Directories named .git, node_modules, .sf and .sfdx are
// always skipped, wherever they are and whatever .forceignore says, as they
// never hold source. opts.ExtraExcludes apply on top.
//
// Symbolic links are followed only when their target lies inside the
// project root (links to files and to directories alike; a notice names
// the others). A linked directory is scanned after everything else, under
// the link's path, and only when its real path has not been scanned
// already, so every directory is read once and a link loop (a link to a
// directory that contains it) ends the walk with a notice.
//
// Discover fails when path does not exist, when sfdx-project.json cannot be
// read or is not valid JSON (a *ConfigError with line and column),
// and when an ExtraExcludes pattern is invalid. Everything else (missing
// package directories, unreadable directories, .forceignore warnings,
// symlinks not followed) becomes a Notice and discovery continues.
func Discover(path string, opts Options) (*Project, error) {
	for _, p := range opts.ExtraExcludes {
		if !doublestar.ValidatePattern(p) {
			return nil, fmt.Errorf("exclude pattern %q: %w", p, doublestar.ErrBadPattern)
		}
	}
	for _, m := range opts.Namespaces {
		if !doublestar.ValidatePattern(m.Pattern) {
			return nil, fmt.Errorf("namespace path pattern %q: %w", m.Pattern, doublestar.ErrBadPattern)
		}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("discover %s: %w", path, err)
	}
	info, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("discover %s: %w", path, err)
	}
	start := abs
	if !info.IsDir() {
		start = filepath.Dir(abs)
	}

	root, projectFile := locateRoot(start)
	p := &Project{Root: root}
	w := &walker{
		visited:     make(map[string]bool),
		mappingUsed: make(map[int]bool),
	}
	w.setExcludes(opts.ExtraExcludes)
	dirs := []string{"."}
	if projectFile != "" {
		pf, err := readProjectFile(projectFile)
		if err != nil {
			return nil, err
		}
		p.Settings = pf.settings
		dirs = pf.dirs
		w.notices = append(w.notices, pf.notices...)
		w.projectMode = true
	}
	if projectFile == "" {
		// A Metadata API format tree: its package.xml <version> is the
		// API version of the deploy, as sourceApiVersion is for a project.
		var n *model.Notice
		p.Settings.SourceAPIVersion, n = readManifestVersion(root)
		if n != nil {
			w.notices = append(w.notices, *n)
		}
	}
	if abs != p.Root {
		rel, err := filepath.Rel(p.Root, abs)
		if err != nil {
			return nil, fmt.Errorf("discover %s: %w", path, err)
		}
		p.Target = filepath.ToSlash(rel)
	}

	w.root = p.Root
	if w.realRoot, err = filepath.EvalSymlinks(p.Root); err != nil {
		return nil, fmt.Errorf("discover %s: resolve %s: %w", path, p.Root, err)
	}
	w.loadForceIgnore()

	resolved := make([]string, len(dirs))
	for i, d := range dirs {
		var scanned bool
		if resolved[i], scanned = w.resolvePackageDir(d); scanned {
			p.PackageDirs = append(p.PackageDirs, d)
		}
	}
	w.workers = opts.Workers
	if w.workers <= 0 {
		w.workers = runtime.GOMAXPROCS(0)
	}
	first := w.startReaders(dirs, resolved)
	defer w.stopReaders()
	for i, d := range dirs {
		if resolved[i] != "" {
			w.walk(d, resolved[i], first[i])
		}
	}
	// Directories reached through symbolic links come last, so that files
	// are known by their real path when they can be reached both ways.
	for i := 0; i < len(w.links); i++ {
		l := w.links[i]
		switch {
		case within(l.linkDir, l.real):
			w.warn(l.logical, fmt.Sprintf("symbolic link loop: the link points to %s, which contains the link; not followed", l.real))
		case !w.visited[l.real]:
			w.walk(l.logical, l.real, nil)
		}
		// Otherwise the target was scanned already, under its own path.
	}
	w.stopReaders()
	w.statFiles()
	for _, e := range w.found {
		w.addFile(e.rel, &e.file, e.info, e.err)
	}
	if !w.projectMode {
		for _, d := range w.nestedProjects {
			w.warn(path2(d, ProjectFileName), fmt.Sprintf(
				"nested project not used: there is no %s at or above %s, so it is scanned as one Metadata API folder; run nclint on %s to use this project's package directories and namespace",
				ProjectFileName, p.Root, d))
		}
	}

	p.Files = w.sortedFiles(p.PackageDirs, p.Settings.Namespace, opts.Namespaces)
	for i, m := range opts.Namespaces {
		if !w.mappingUsed[i] {
			w.warn("", fmt.Sprintf("namespace mapping %q (namespace %s) matches no metadata file; patterns are relative to the project root %s",
				m.Pattern, m.Namespace, p.Root))
		}
	}
	if len(p.Files) == 0 {
		w.warn("", "no metadata file found to check, so nclint checked nothing: the package directories are empty, or .forceignore or the exclude setting ignores every file")
	}
	p.Problems = decomposedProblems(p.Files, p.Settings)
	p.Notices = w.sortedNotices()
	p.Unread = slices.Compact(slices.Sorted(slices.Values(w.unreadPaths)))
	return p, nil
}

// InTarget reports whether the file at rel (slash-separated, relative to
// Root) lies within the path given to Discover: always when Target is "",
// else when rel equals Target or lies below it.
func (p *Project) InTarget(rel string) bool {
	if p.Target == "" || p.Target == "." {
		return true
	}
	return rel == p.Target || strings.HasPrefix(rel, p.Target+"/")
}

// walker holds the state of one discovery walk.
type walker struct {
	root     string // absolute project root, as given
	realRoot string // root with symbolic links resolved
	// ignore is the .forceignore matcher (nil: none); ignorePrefix is the
	// root relative to the .forceignore's directory ("" when the same).
	ignore       *forceignore.Matcher
	ignorePrefix string
	excludes     []string
	excludeLits  []string // forceignore.Literal of each exclude
	projectMode  bool
	// visited holds the real paths of the directories walked.
	visited        map[string]bool
	files          []*File // in the order found
	links          []linkedDir
	notices        []model.Notice
	nestedProjects []string
	// mappingUsed records which namespace mappings match a file.
	mappingUsed map[int]bool
	// unreadPaths are the paths recorded by unread.
	unreadPaths []string
	// readers read directories ahead of the walk (nil: the walk reads
	// them itself); see walk.go. workers is Options.Workers resolved.
	readers *readers
	workers int
	// found are the metadata files found, in the order found, to be
	// stat'ed (when not yet) and recorded by addFile after the walk.
	found []*entry
}

// linkedDir is a symbolic link to a directory, to be walked later.
type linkedDir struct {
	logical string // the link's path relative to the root
	real    string // the resolved target
	linkDir string // the real directory holding the link
}

// setExcludes sets the exclude patterns and their literal runs.
func (w *walker) setExcludes(patterns []string) {
	w.excludes = patterns
	w.excludeLits = make([]string, len(patterns))
	for i, pat := range patterns {
		w.excludeLits[i] = forceignore.Literal(pat)
	}
}

// loadForceIgnore finds and compiles the .forceignore that applies to the
// root. Its warnings become notices; an unreadable file is reported and
// treated as absent.
func (w *walker) loadForceIgnore() {
	dir := forceignore.Find(w.root)
	if dir == "" {
		return
	}
	rel, err := filepath.Rel(w.root, filepath.Join(dir, forceignore.FileName))
	if err != nil {
		rel = filepath.Join(dir, forceignore.FileName)
	}
	name := filepath.ToSlash(rel)
	m, warnings, err := forceignore.Load(dir)
	if err != nil {
		w.notice(name, fmt.Sprintf("cannot read %v; nothing is ignored", err))
		return
	}
	for _, x := range warnings {
		w.warn(name, x.String())
	}
	w.ignore = m
	if prefix, err := filepath.Rel(dir, w.root); err == nil && prefix != "." {
		w.ignorePrefix = filepath.ToSlash(prefix)
	}
}

// resolvePackageDir checks one package directory (slash path relative to
// the root, "." for the root itself) before it is walked. It reports
// whether the directory exists and counts as scanned, and returns its
// real path when it is to be walked ("" when .forceignore or an exclude
// covers it whole).
func (w *walker) resolvePackageDir(d string) (resolved string, scanned bool) {
	abs := filepath.Join(w.root, filepath.FromSlash(d))
	resolved, err := filepath.EvalSymlinks(abs)
	if err != nil {
		if isNotExist(err) {
			w.warn(d, fmt.Sprintf("package directory %s is listed in %s but does not exist; nothing was scanned there", d, ProjectFileName))
		} else {
			w.unread(d, fmt.Sprintf("cannot read package directory: %v", err))
		}
		return "", false
	}
	info, err := os.Stat(resolved)
	if err != nil {
		w.unread(d, fmt.Sprintf("cannot read package directory: %v", err))
		return "", false
	}
	if !info.IsDir() {
		w.warn(d, fmt.Sprintf("package directory %s listed in %s is not a directory; skipped", d, ProjectFileName))
		return "", false
	}
	if !within(resolved, w.realRoot) {
		w.warn(d, fmt.Sprintf("package directory %s resolves to %s, outside the project root; not scanned", d, resolved))
		return "", false
	}
	if w.baseExcluded(d) {
		// .forceignore (or an exclude) covers the whole directory: the
		// Salesforce CLI finds nothing in it either.
		return "", true
	}
	return resolved, true
}

// file records the file at rel when it is a metadata file that is not
// excluded. stat gives its size.
func (w *walker) file(rel string, stat func() (fs.FileInfo, error)) {
	f, ok := Classify(rel)
	if !ok || w.excluded(rel, false, false) {
		return
	}
	info, err := stat()
	w.found = append(w.found, &entry{kind: entryFile, rel: rel, file: f, info: info, err: err})
}

// addFile records the metadata file f at rel given its stat (or the
// error that stat returned). f is kept, not copied.
func (w *walker) addFile(rel string, f *File, info fs.FileInfo, err error) {
	if err != nil {
		w.unread(rel, fmt.Sprintf("cannot read: %v", err))
		return
	}
	if !info.Mode().IsRegular() {
		// Never opened: a named pipe would block and a device stream
		// forever. Say so rather than judge the project without it.
		w.unread(rel, "skipped: not a regular file but "+safeio.Describe(info.Mode()))
		return
	}
	f.Abs = w.abs(rel)
	f.Size = info.Size()
	f.Stamp = StampOf(info)
	w.files = append(w.files, f)
}

// symlink handles a symbolic link found at real path p, logical path rel.
func (w *walker) symlink(p, rel string) {
	_, classified := Classify(rel)
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		switch {
		case classified:
			w.unread(rel, fmt.Sprintf("broken symbolic link: %v", err))
		case FolderKinds(path.Base(rel)) != nil:
			// A type folder (classes/) that is a broken link: what it held is missing.
			w.unread(rel, fmt.Sprintf("broken symbolic link to a metadata folder: %v", err))
		}
		return
	}
	info, err := os.Stat(target)
	if err != nil {
		if classified || FolderKinds(path.Base(rel)) != nil {
			w.unread(rel, fmt.Sprintf("cannot read symbolic link target: %v", err))
		}
		return
	}
	if info.IsDir() {
		if alwaysSkipped[path.Base(rel)] || w.excluded(rel, true, false) {
			return
		}
		if !within(target, w.realRoot) {
			w.warn(rel, fmt.Sprintf("symbolic link to %s, outside the project root; not followed", target))
			return
		}
		w.links = append(w.links, linkedDir{logical: rel, real: target, linkDir: filepath.Dir(p)})
		return
	}
	if !classified {
		return
	}
	if !within(target, w.realRoot) {
		w.warn(rel, fmt.Sprintf("symbolic link to %s, outside the project root; not read", target))
		return
	}
	w.file(rel, func() (fs.FileInfo, error) { return info, nil })
}

// baseExcluded reports whether the package directory d is ignored, itself
// or through one of its parents (including, when .forceignore lies above
// the root, the root's own parents).
func (w *walker) baseExcluded(d string) bool {
	if d != "." {
		return w.excluded(d, true, true)
	}
	return w.ignorePrefix != "" && w.ignore.Ignored(w.ignorePrefix, true)
}

// excluded reports whether rel (relative to the root) is ignored by
// .forceignore or ExtraExcludes. With parents, rel's parent directories
// are checked too; without, the caller has already pruned them.
func (w *walker) excluded(rel string, isDir, parents bool) bool {
	if w.ignore != nil {
		fi := rel
		if w.ignorePrefix != "" {
			fi = w.ignorePrefix + "/" + rel
		}
		if parents && w.ignore.Ignored(fi, isDir) || !parents && w.ignore.Match(fi, isDir) {
			return true
		}
	}
	for i, pat := range w.excludes {
		if lit := w.excludeLits[i]; lit != "" && !strings.Contains(rel, lit) {
			continue // nor can a parent of rel, a prefix of it, match
		}
		if parents && matchesPathOrParent(pat, rel) || !parents && doublestar.MatchUnvalidated(pat, rel) {
			return true
		}
	}
	return false
}

// matchesParent reports whether pat matches a parent directory of rel.
func matchesParent(pat, rel string) bool {
	for i := 0; i < len(rel); i++ {
		if rel[i] == '/' && doublestar.MatchUnvalidated(pat, rel[:i]) {
			return true
		}
	}
	return false
}

// notice records that the file or directory at rel could not be read.
func (w *walker) notice(rel, msg string) {
	w.notices = append(w.notices, model.Notice{File: rel, Message: msg})
}

// unread records that the file or directory at rel could not be read, so
// the components it may hold are unknown.
func (w *walker) unread(rel, msg string) {
	w.notice(rel, msg)
	w.unreadPaths = append(w.unreadPaths, rel)
}

// warn records a warning about the file or directory at rel that does not
// mean anything went unread (a skipped symbolic link, a missing package
// directory, a .forceignore line that cannot work).
func (w *walker) warn(rel, msg string) {
	w.notices = append(w.notices, model.Notice{File: rel, Message: msg, Warning: true})
}

// sortedFiles returns the files sorted by path, each with its package
// directory (the deepest one holding it) and namespace set.
func (w *walker) sortedFiles(dirs []string, namespace string, mappings []NamespaceMapping) []File {
	byDepth := slices.Clone(dirs)
	slices.SortStableFunc(byDepth, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	// Sorted first: the walk finds files nearly in order, and a path
	// found twice (only if the tree changes during the walk) keeps its
	// last find, as a map by path would.
	slices.SortStableFunc(w.files, func(a, b *File) int { return strings.Compare(a.Path, b.Path) })
	files := make([]File, 0, len(w.files))
	for i, fp := range w.files {
		if i+1 < len(w.files) && w.files[i+1].Path == fp.Path {
			continue
		}
		f := *fp
		if w.projectMode {
			for _, d := range byDepth {
				if d == "." || f.Path == d || len(f.Path) > len(d) && f.Path[len(d)] == '/' && strings.HasPrefix(f.Path, d) {
					f.PackageDir = d
					break
				}
			}
			f.Namespace = namespace
		}
		mapped := false
		for i, m := range mappings {
			if !matchesPathOrParent(m.Pattern, f.Path) {
				continue
			}
			w.mappingUsed[i] = true
			if !mapped { // the first matching mapping wins
				f.Namespace, mapped = m.Namespace, true
			}
		}
		files = append(files, f)
	}
	return files
}

// matchesPathOrParent reports whether pat matches rel or one of its
// parent directories.
func matchesPathOrParent(pat, rel string) bool {
	return doublestar.MatchUnvalidated(pat, rel) || matchesParent(pat, rel)
}

// sortedNotices returns the notices sorted by file then message, without
// duplicates.
func (w *walker) sortedNotices() []model.Notice {
	n := slices.Clone(w.notices)
	slices.SortStableFunc(n, func(a, b model.Notice) int {
		return cmp.Or(strings.Compare(a.File, b.File), strings.Compare(a.Message, b.Message))
	})
	return slices.Compact(n)
}

// decomposedProblems reports decomposed permission set folders in a
// project that does not declare a decompose preset: the Salesforce CLI
// cannot infer a type for their files. One problem per folder, on its
// first fragment file.
func decomposedProblems(files []File, s model.Settings) []model.Problem {
	if s.HasOption(layoutBeta) || s.HasOption(layoutBeta2) {
		return nil
	}
	type folderInfo struct {
		first  string
		ps     string
		layout string
	}
	var order []string
	folders := make(map[string]*folderInfo)
	for _, f := range files {
		if f.Role != RoleFragment {
			continue
		}
		folder, ps := permSetFolder(f.Path)
		if folder == "" {
			continue
		}
		fi := folders[folder]
		if fi == nil {
			fi = &folderInfo{first: f.Path, ps: ps, layout: layoutBeta}
			folders[folder] = fi
			order = append(order, folder)
		}
		if fragmentLayout(folder, f.Path) == layoutBeta2 {
			fi.layout = layoutBeta2
		}
	}
	var problems []model.Problem
	for _, folder := range order {
		fi := folders[folder]
		where := ProjectFileName + " declares no decompose preset"
		if s.ProjectFile == "" {
			where = "there is no " + ProjectFileName + " to declare the decompose preset"
		}
		problems = append(problems, model.Problem{
			Span: loc.FileSpan(fi.first),
			Message: fmt.Sprintf(
				"permission set %s is decomposed into %s/ (%s layout), but %s, so the Salesforce CLI fails on these files with TypeInferenceError (\"Could not infer a metadata type\"). Add \"sourceBehaviorOptions\": [%q] to %s, or recompose the permission set into one %s.permissionset-meta.xml",
				fi.ps, folder, fi.layout, where, fi.layout, ProjectFileName, fi.ps),
		})
	}
	slices.SortFunc(problems, func(a, b model.Problem) int { return loc.Compare(a.Span, b.Span) })
	return problems
}

// within reports whether the real path p is dir or lies below it.
func within(p, dir string) bool {
	if p == dir {
		return true
	}
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// path2 joins a slash path relative to the root and a sub path.
func path2(dir, sub string) string {
	switch {
	case dir == "." || dir == "":
		return sub
	case sub == "" || sub == ".":
		return dir
	}
	return dir + "/" + sub
}
