package driver

import (
	"context"
	"errors"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/nclint/nclint/internal/config"
	"github.com/nclint/nclint/internal/gitrev"
	"github.com/nclint/nclint/internal/parse"
	"github.com/nclint/nclint/internal/project"
)

// A revision that differs from the work tree in a few files is linted as a
// virtual tree: the work tree's project (its discovery, reused when Run
// has it) with the files that differ replaced by their content at the
// revision (read with one `git cat-file --batch` and given to the parser
// as an overlay), the files that do not exist at the revision left out and
// those that exist only there added, placed by project.Placer as discovery
// would place them. Nothing is written to disk, and the files that did not
// change are read from the work tree (where a parse cache can serve them).
//
// It gives the findings Materialize's copy would give, so it is used only
// when the work tree is a faithful stand-in for the revision below the
// project root; otherwise AtRevision materializes the revision as before:
//   - git diff lists at most maxVirtualChanges metadata files (other
//     paths do not count), none of the paths a
//     sfdx-project.json, package.xml or .forceignore (they change
//     discovery), a symbolic link or a submodule at either side;
//   - no index entry below the root is a symbolic link or submodule (the
//     revision would skip it with a notice), marked skip-worktree or
//     assume-unchanged (git diff then trusts the index, not the disk) or
//     unmerged (gitrev.Changes.Unusual);
//   - no file discovery listed is untracked while git tracks the same
//     path in another case (core.ignorecase: git diff would call it
//     unchanged under its tracked name);
//   - discovery read everything (no unread path), used no .forceignore
//     above the root, and every file it listed is under the parser's size
//     cap; sfdx-project.json, package.xml and .forceignore at the root are
//     tracked when they exist;
//   - every path added at the revision is placed by the path alone (not
//     in a package directory that is missing from the work tree, not below
//     a directory named like a metadata file), and at least one file is
//     left to lint;
//   - the changed blobs fit in maxVirtualBytes.
//
// Files on disk that git does not track (untracked or ignored) are not part
// of the revision and are left out. Known difference: the content on disk
// of an unchanged file is the checked-out form, after git's end-of-line
// conversion and clean/smudge filters, where Materialize writes the blob.

// maxVirtualChanges is the most metadata files that may differ for the
// virtual tree (a var for tests).
var maxVirtualChanges = 200

// maxVirtualBytes caps the revision's blobs held in memory.
const maxVirtualBytes int64 = 64 << 20

// virtualRevisions is false in tests that compare with Materialize.
var virtualRevisions = true

// errNotVirtual says the revision must be materialized instead.
var errNotVirtual = errors.New("the revision is not the work tree with a few files replaced")

// virtualRev is a revision linted as the work tree with a few files replaced.
type virtualRev struct {
	root string
	// base is the work tree's discovery (nil: Run discovers it).
	base    *project.Project
	changes *gitrev.Changes
	// blobs are the revision's content of the changed metadata files, by
	// path relative to the root (Data nil: over the size cap).
	blobs map[string]gitrev.Blob
	// overlay holds the content by absolute path, set by project.
	overlay map[string][]byte
	skipped []gitrev.Skip
}

// discoverProject is Run's discovery: project.Discover, or the virtual
// revision's project when Run lints one.
func discoverProject(path string, cfg *config.Config, opts Options) (*project.Project, error) {
	popts := project.Options{ExtraExcludes: cfg.Exclude, Namespaces: cfg.Namespaces, Workers: opts.Workers}
	if opts.virtual != nil {
		return opts.virtual.project(path, popts)
	}
	return project.Discover(path, popts)
}

// virtualRevision lints the revision rev of the project at root (sub is
// the root relative to the repository's top level top) as a virtual tree.
// errNotVirtual (or any error) means: materialize it instead.
func virtualRevision(ctx context.Context, top, root, sub, rev, configFile string, opts Options) (*Revision, error) {
	ch, err := gitrev.Diff(ctx, top, rev, sub)
	if err != nil {
		return nil, err
	}
	if ch.Commit == "" || len(ch.Unusual) > 0 {
		return nil, errNotVirtual
	}
	var paths, oids []string
	metadata := 0
	for _, c := range ch.Changed {
		switch path.Base(c.Path) {
		case project.ProjectFileName, project.PackageManifest, ".forceignore":
			return nil, errNotVirtual
		}
		if !regularMode(c.RevMode) || !regularMode(c.WorkMode) {
			return nil, errNotVirtual
		}
		if _, ok := project.Classify(c.Path); ok {
			if metadata++; metadata > maxVirtualChanges {
				return nil, errNotVirtual
			}
			if c.AtRev() {
				paths, oids = append(paths, c.Path), append(oids, c.RevOID)
			}
		}
	}
	blobs, err := gitrev.ReadBlobs(ctx, top, oids, parse.DefaultMaxFileSize, maxVirtualBytes)
	if err != nil {
		return nil, err
	}
	v := &virtualRev{root: root, base: opts.workTree, changes: ch, blobs: make(map[string]gitrev.Blob, len(blobs))}
	for i, b := range blobs {
		v.blobs[paths[i]] = b
	}
	o := opts
	o.NewFromRev, o.Baseline, o.ConfigFile, o.NoConfig = "", "", configFile, configFile == ""
	o.workTree, o.virtual = nil, v
	o.cacheReadOnly = true
	o.Overlay = func(abs string) ([]byte, bool) { // the revision's, not the editor's
		d, ok := v.overlay[abs]
		return d, ok
	}
	res, err := Run([]string{root}, o)
	if err != nil {
		return nil, err
	}
	res.Project = nil // as for a materialized revision
	return &Revision{Commit: ch.Commit, Result: res, Skipped: v.skipped, virtual: true}, nil
}

// regularMode reports whether a git diff mode is a regular file or absent.
func regularMode(mode string) bool {
	return mode == "000000" || mode == "100644" || mode == "100755"
}

// project returns the revision's project: the work tree's, revised.
func (v *virtualRev) project(dir string, popts project.Options) (*project.Project, error) {
	base := v.base
	if base == nil {
		var err error
		if base, err = project.Discover(dir, popts); err != nil {
			return nil, err
		}
	}
	if base.Root != v.root || len(base.Unread) > 0 {
		return nil, errNotVirtual
	}
	pl, err := project.NewPlacer(base, popts)
	if err != nil || pl.ForceIgnoreAbove {
		return nil, errNotVirtual
	}
	for _, name := range []string{project.ProjectFileName, project.PackageManifest, ".forceignore"} {
		if _, err := os.Lstat(filepath.Join(base.Root, name)); err == nil && !v.changes.Tracked[name] {
			return nil, errNotVirtual
		}
	}
	changed := make(map[string]gitrev.Change, len(v.changes.Changed))
	for _, c := range v.changes.Changed {
		changed[c.Path] = c
	}
	v.overlay = make(map[string][]byte)
	files := make([]project.File, 0, len(base.Files))
	listed := make(map[string]bool, len(base.Files))
	var folded map[string]bool // the tracked paths in lower case, made when needed
	for _, f := range base.Files {
		if f.Size > parse.DefaultMaxFileSize {
			return nil, errNotVirtual
		}
		listed[f.Path] = true
		if _, ok := changed[f.Path]; ok {
			continue // added below when it exists at the revision
		}
		if !v.changes.Tracked[f.Path] {
			// Untracked, so not at the revision; unless git knows it by
			// another case (core.ignorecase) and so does not list it.
			if folded == nil {
				folded = make(map[string]bool, len(v.changes.Tracked))
				for p := range v.changes.Tracked {
					folded[strings.ToLower(p)] = true
				}
			}
			if folded[strings.ToLower(f.Path)] {
				return nil, errNotVirtual
			}
			continue
		}
		files = append(files, f)
	}
	for _, c := range v.changes.Changed {
		b, ok := v.blobs[c.Path]
		if !ok {
			continue // not at the revision, or not a metadata file
		}
		if b.Data == nil {
			v.skipped = append(v.skipped, gitrev.Skip{Path: c.Path, Reason: gitrev.TooLargeReason(b.Size, parse.DefaultMaxFileSize)})
			continue
		}
		f, placement := pl.Place(c.Path)
		switch placement {
		case project.Unknown:
			return nil, errNotVirtual
		case project.Ignored:
			if listed[c.Path] { // discovery listed it, so it places it
				return nil, errNotVirtual
			}
			continue
		}
		f.Size = b.Size
		v.overlay[f.Abs] = b.Data
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil, errNotVirtual // Materialize tells an empty revision apart
	}
	return pl.Project(files), nil
}
