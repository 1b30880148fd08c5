package project

import (
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Placement says what discovery would make of one path.
type Placement int

// Placements.
const (
	// Ignored: discovery would not list the file (not metadata nclint
	// reads, outside every package directory, below .git or
	// node_modules, or excluded by .forceignore or an exclude pattern).
	Ignored Placement = iota
	// Placed: discovery would list the file as the File returned.
	Placed
	// Unknown: the answer depends on more than the path and the project's
	// settings (the file lies in a package directory that was not scanned,
	// or below a directory named like a metadata file, which discovery
	// reports as unread). The caller must discover the tree instead.
	Unknown
)

// Placer classifies single paths the way Discover classified the files of
// a project it discovered, without walking the tree: the same package
// directories, .forceignore, exclude patterns and namespace mappings. It
// serves the revision of a project that differs from the work tree in a
// few files (see driver.AtRevision): the work tree's discovery plus the
// changed paths, placed here, give the revision's file list.
type Placer struct {
	p    *Project
	opts Options
	w    *walker
	// listed are the package directories sfdx-project.json lists (also
	// those that were not scanned); ["."] without sfdx-project.json.
	listed []string
	// ForceIgnoreAbove is true when the .forceignore that applies lies
	// above the project root (discovery's ignorePrefix is not empty).
	ForceIgnoreAbove bool
}

// NewPlacer returns a Placer for p, which Discover returned for opts (the
// same options). It reads sfdx-project.json and .forceignore again (the
// files are assumed unchanged since; the caller checks that).
func NewPlacer(p *Project, opts Options) (*Placer, error) {
	w := &walker{
		root:        p.Root,
		mappingUsed: make(map[int]bool),
	}
	w.setExcludes(opts.ExtraExcludes)
	listed := []string{"."}
	if p.Settings.ProjectFile != "" {
		pf, err := readProjectFile(filepath.Join(p.Root, ProjectFileName))
		if err != nil {
			return nil, err
		}
		listed, w.projectMode = pf.dirs, true
	}
	w.loadForceIgnore()
	return &Placer{p: p, opts: opts, w: w, listed: listed, ForceIgnoreAbove: w.ignorePrefix != ""}, nil
}

// Place says whether discovery would list the file at rel (slash-separated,
// relative to the project root) and, when Placed, returns its File with
// Path, Abs, Kind, Name and Role set (Size and Stamp are the caller's: the
// file may exist only in git; PackageDir and Namespace are set by Project).
func (pl *Placer) Place(rel string) (File, Placement) {
	f, ok := Classify(rel)
	if !ok {
		return File{}, Ignored
	}
	dir := path.Dir(rel)
	if dir != "." {
		segs := strings.Split(dir, "/")
		for i, s := range segs {
			if alwaysSkipped[s] {
				return File{}, Ignored
			}
			if _, named := Classify(strings.Join(segs[:i+1], "/")); named {
				return File{}, Unknown
			}
		}
	}
	under := func(dirs []string) bool {
		for _, d := range dirs {
			if d == "." || strings.HasPrefix(rel, d+"/") {
				return true
			}
		}
		return false
	}
	if !under(pl.p.PackageDirs) {
		if under(pl.listed) {
			return File{}, Unknown // listed but not scanned: missing on disk
		}
		return File{}, Ignored
	}
	if pl.w.excluded(rel, false, true) {
		return File{}, Ignored
	}
	f.Abs = filepath.Join(pl.p.Root, filepath.FromSlash(rel))
	return f, Placed
}

// Project returns the project p would be with files as its files (each
// placed by Place or taken from p.Files): the files sorted, with package
// directory and namespace set as Discover sets them, and the layout
// problems found again. Target is "" (the whole project). Notices and
// Unread are p's.
func (pl *Placer) Project(files []File) *Project {
	w := &walker{mappingUsed: make(map[int]bool), projectMode: pl.w.projectMode}
	files = slices.Clone(files)
	for i := range files {
		w.files = append(w.files, &files[i])
	}
	q := *pl.p
	q.Target = ""
	q.Files = w.sortedFiles(q.PackageDirs, q.Settings.Namespace, pl.opts.Namespaces)
	q.Problems = decomposedProblems(q.Files, q.Settings)
	return &q
}
