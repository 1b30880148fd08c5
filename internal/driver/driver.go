// Package driver runs the whole pipeline for one project: find the project
// and its configuration, discover files, parse them, link the graph and run
// the rules. The command line and the fixture tests share it, so both see
// the same findings for the same tree.
package driver

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/nclint/nclint/internal/baseline"
	"github.com/nclint/nclint/internal/config"
	"github.com/nclint/nclint/internal/gitrev"
	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/parse"
	"github.com/nclint/nclint/internal/project"
)

// Options control a run.
type Options struct {
	// ConfigFile is the configuration to use; "" looks for .nclint.yml at
	// the project root.
	ConfigFile string
	// NoConfig ignores any configuration file at the project root.
	NoConfig bool
	// Rules are the rules to run.
	Rules []*lint.Rule
	// LookupRule resolves rule IDs and names written in the configuration.
	LookupRule config.RuleLookup
	// Now is the reference time for date checks; zero means time.Now().
	Now time.Time
	// Workers is the number of files parsed, and of directories read
	// ahead, in parallel (0: one per CPU).
	Workers int
	// Baseline is a baseline file whose findings are silenced ("" for none).
	Baseline string
	// NoInlineSuppressions ignores nclint-ignore comments (each one is
	// reported as NC004).
	NoInlineSuppressions bool
	// NewFromRev, when not "", keeps only findings that do not occur when
	// the same project is linted at this git revision (read from the
	// object store, never checked out; see RevisionFindings).
	NewFromRev string
	// workTree is the work tree's discovery, which Run hands to
	// RevisionFindings for the virtual revision (revision.go); virtual is
	// the virtual revision Run lints in place of discovering the tree.
	workTree *project.Project
	virtual  *virtualRev
	// cacheReadOnly keeps the parse cache file as it is (the virtual
	// revision's results must not push the work tree's out of it).
	cacheReadOnly bool
	// Overlay, when set, supplies the content of files by absolute path
	// before they are read from disk (an editor's unsaved documents; see
	// parse.Options.Overlay).
	Overlay func(abs string) (data []byte, ok bool)
	// CacheDir is the directory of the parse cache ("" for none): files
	// unchanged since an earlier run of the same nclint on the same
	// project are not parsed again (see internal/parse, cache.go).
	CacheDir string
}

// Result is everything a run produced.
type Result struct {
	// Project is the discovered project (of the first path).
	Project *project.Project
	// Config is the configuration used (a zero Config when there is none).
	Config *config.Config
	// Tree is the parsed model.
	Tree *model.Tree
	// Graph is the credential graph of Tree the rules ran on (the access
	// queries reuse it instead of linking the tree again).
	Graph *graph.Graph
	// Findings are the rules' findings, sorted.
	Findings []lint.Finding
	// Failures are rules that panicked.
	Failures []lint.Failure
	// Targets are the paths findings were restricted to, relative to the
	// project root (nil: the whole project).
	Targets []string
	// BaselineStale counts findings recorded in the baseline that no
	// longer occur anywhere in the project.
	BaselineStale int
	// AtRevision counts the unsuppressed findings left out because they
	// occur at NewFromRev (within Targets).
	AtRevision int
	// OutsideTargets counts the unsuppressed findings left out because no
	// location of theirs lies in Targets (a grant removed from the named
	// permission set makes a finding in the external credential's file);
	// after NewFromRev's filter, so under it they are new findings.
	OutsideTargets int
}

// Run lints the project that contains paths. All paths must belong to the
// same project. Errors are configuration or usage errors: a path that does
// not exist, paths in different projects, an invalid sfdx-project.json or
// .nclint.yml.
//
// Changed-files mode: when a path is a file, or a directory below the
// project root, the whole project is still loaded (cross-references need
// it) but only findings with a primary, related or flow location in one of
// the paths are kept, so removing a grant from a permission set reports
// the principal that became ungranted in its external credential. Files
// that are not metadata nclint reads, and files outside any SFDX project
// (no sfdx-project.json at or above them), are ignored quietly; when no
// path is left, the result is empty.
func Run(paths []string, opts Options) (*Result, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	root := ""
	var kept []string
	var targets []string // relative to root; nil means the whole project
	whole := false
	for _, p := range paths {
		r, err := project.FindRoot(p)
		if err != nil {
			return nil, fmt.Errorf("discover %s: %w", p, err)
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, fmt.Errorf("discover %s: %w", p, err)
		}
		st, err := os.Stat(abs)
		if err != nil {
			return nil, fmt.Errorf("discover %s: %w", p, err)
		}
		rel, err := filepath.Rel(r, abs)
		if err != nil {
			return nil, fmt.Errorf("discover %s: %w", p, err)
		}
		rel = filepath.ToSlash(rel)
		if !st.IsDir() {
			if !isFile(filepath.Join(r, project.ProjectFileName)) && !isFile(filepath.Join(r, project.PackageManifest)) {
				continue // outside any SFDX project or Metadata API tree
			}
			if _, ok := project.Classify(rel); !ok {
				continue // not metadata nclint reads
			}
		}
		if root != "" && r != root {
			return nil, fmt.Errorf("paths belong to different projects (%s and %s); run nclint once per project", root, r)
		}
		root = r
		kept = append(kept, p)
		if rel == "." {
			whole = true
		} else {
			targets = append(targets, rel)
		}
	}
	if len(kept) == 0 {
		return &Result{Config: &config.Config{}, Tree: &model.Tree{}}, nil
	}
	if whole {
		targets = nil
	}
	paths = kept
	cfg := &config.Config{}
	file, within := opts.ConfigFile, "" // a file named explicitly may lie anywhere
	if file == "" && !opts.NoConfig {
		f, err := config.Locate(root)
		if err != nil {
			return nil, err
		}
		file, within = f, root
	}
	if file != "" {
		c, err := config.LoadIn(file, within, opts.LookupRule)
		if err != nil {
			return nil, err
		}
		cfg = c
	}
	var b *baseline.File
	if opts.Baseline != "" {
		var err error
		if b, err = baseline.Load(opts.Baseline); err != nil {
			return nil, err
		}
	}
	cache := parse.OpenCache(opts.CacheDir, root) // read while discovery walks the tree
	p, err := discoverProject(paths[0], cfg, opts)
	if err != nil {
		return nil, err
	}
	if p.Root != root {
		cache = nil // never expected: FindRoot and Discover agree on the root
	}
	if opts.cacheReadOnly {
		cache.ReadOnly()
	}
	tree := parse.Tree(p, parse.Options{Workers: opts.Workers, Overlay: opts.Overlay, Cache: cache})
	g := graph.New(tree)
	tree.Notices = append(tree.Notices, configNotices(cfg, g)...)
	findings, failures, skips := lint.RunAll(opts.Rules, g, lint.Options{
		Now:      opts.Now,
		Levels:   cfg.Levels,
		Settings: cfg.Settings,
	})
	// One notice per rule and unreadable file (skips are sorted by file,
	// then rule). A warning: the file has its own notice or NC901 finding.
	for i := 0; i < len(skips); {
		j, whats := i, []string(nil)
		for ; j < len(skips) && skips[j].File == skips[i].File && skips[j].RuleID == skips[i].RuleID; j++ {
			whats = append(whats, skips[j].What)
		}
		sk := skips[i]
		tree.Notices = append(tree.Notices, model.Notice{File: sk.File, Message: lint.SkipMessage(sk.RuleID, sk.RuleName, whats),
			Warning: true, Rule: sk.RuleID})
		i = j
	}
	ignores := slices.Clone(cfg.Ignores)
	for i := range ignores { // the configuration's path, relative to the root when inside it
		if abs, err := filepath.Abs(ignores[i].Span.File); err == nil {
			ignores[i].Span.File = abs
			if rel, err := filepath.Rel(root, abs); err == nil && safeRel(rel) {
				ignores[i].Span.File = filepath.ToSlash(rel)
			}
		}
	}
	findings = lint.ApplySuppressionsWith(findings, tree.Suppressions, opts.Rules, cfg.Levels, lint.SuppressOptions{
		Now: opts.Now, NoInline: opts.NoInlineSuppressions, Forbid: cfg.Forbid, Ignores: ignores,
	})
	stale := 0
	if b != nil {
		now := opts.Now
		if now.IsZero() {
			now = time.Now()
		}
		for _, e := range b.Expire(now) {
			tree.Notices = append(tree.Notices, model.Notice{File: e.File, Warning: true, Message: fmt.Sprintf(
				"baseline entry %s expired on %s (until in %s); its findings are reported again", e.Identity, e.Until, opts.Baseline)})
		}
		stale = b.Apply(findings, opts.Baseline)
	}
	atRev := 0
	if opts.NewFromRev != "" {
		wt := opts
		wt.workTree = p
		old, notices, err := RevisionFindings(context.Background(), root, opts.NewFromRev, cfg.File, wt)
		if err != nil {
			return nil, err
		}
		tree.Notices = append(tree.Notices, notices...)
		matched, _ := baseline.New(old).Match(findings)
		kept := findings[:0]
		for i, f := range findings {
			if !matched[i] {
				kept = append(kept, f)
			} else if f.Suppression == nil && (targets == nil || touches(f, targets)) {
				atRev++
			}
		}
		findings = kept
	}
	outside := 0
	if targets != nil {
		findings = slices.DeleteFunc(findings, func(f lint.Finding) bool {
			if touches(f, targets) {
				return false
			}
			if f.Suppression == nil {
				outside++
			}
			return true
		})
	}
	return &Result{Project: p, Config: cfg, Tree: tree, Graph: g, Findings: findings, Failures: failures, Targets: targets,
		BaselineStale: stale, AtRevision: atRev, OutsideTargets: outside}, nil
}

// RevisionFindings lints the project whose root is root as it was at git
// revision rev (see AtRevision: the work tree with the few files that
// differ replaced, or the revision's files copied from the object store
// into a temporary directory; the work tree is not touched), with the
// configuration file configFile ("" for none;
// the current one, so a configuration change does not make every finding
// new) and no baseline. An unborn HEAD (no commits yet) has no findings.
// The notices say which files of the revision were skipped (symbolic
// links, submodules, files over the size cap).
func RevisionFindings(ctx context.Context, root, rev, configFile string, opts Options) ([]lint.Finding, []model.Notice, error) {
	at, err := AtRevision(ctx, "--new-from-rev", root, rev, configFile, opts)
	var notices []model.Notice
	if at != nil {
		for _, s := range at.Skipped {
			notices = append(notices, model.Notice{File: s.Path, Warning: true,
				Message: fmt.Sprintf("at %s, skipped: %s (its findings at that revision are unknown)", rev, s.Reason)})
		}
	}
	var unreadable *RevisionProjectError
	if errors.As(err, &unreadable) {
		// The project could not be linted as it was (an invalid
		// sfdx-project.json at REV, say): every finding counts as new,
		// so a commit that repairs the project is not blocked.
		notices = append(notices, model.Notice{Warning: true, Message: fmt.Sprintf(
			"--new-from-rev %s: the project could not be linted at %s (%s), so every finding is reported as new", rev, rev, unreadable.Msg)})
		return nil, notices, nil
	}
	if err != nil || at.Result == nil {
		return nil, notices, err
	}
	return at.Result.Findings, notices, nil
}

// Revision is the project as AtRevision read it.
type Revision struct {
	// Commit is the full object name rev resolved to ("" for an unborn HEAD).
	Commit string
	// Result is the pipeline's result, nil for an empty tree.
	Result *Result
	// Skipped are the files of the revision that were not read (symbolic
	// links, submodules, files over the size cap), relative to the project
	// root.
	Skipped []gitrev.Skip
	// virtual is true when the revision was linted as a virtual tree
	// (revision.go), false when materialized.
	virtual bool
}

// RevisionProjectError is returned by AtRevision when the revision's files
// were read but the project could not be loaded from them (an invalid
// sfdx-project.json at that revision, say).
type RevisionProjectError struct {
	Rev string
	// Msg is the error, with the temporary directory's path removed.
	Msg string
}

func (e *RevisionProjectError) Error() string {
	return fmt.Sprintf("the project could not be read at %s: %s", e.Rev, e.Msg)
}

// AtRevision runs the pipeline (opts.Rules) on the project whose root is
// root as it was at git revision rev. When few files below root differ
// from the work tree, it lints the work tree with those files replaced by
// their content at rev (read from the object store into memory, given to
// the parser as an overlay; see revision.go for when that stands for the
// revision); otherwise the revision's files are read from the object
// store into a temporary directory that is removed before it returns.
// configFile is the configuration to use ("" for none). The result's file paths are relative
// to the project root, as for the working tree, and its Project is nil. For
// an empty tree (an unborn HEAD, or no metadata below root at rev) the
// Result is nil. Errors reading the revision (not a git repository, unknown
// revision) are prefixed with flag and rev and wrap gitrev's errors; a
// project that cannot be loaded at rev is a *RevisionProjectError, returned
// with the Revision (and what it skipped).
func AtRevision(ctx context.Context, flag, root, rev, configFile string, opts Options) (*Revision, error) {
	fail := func(err error) error { return fmt.Errorf("%s %s: %w", flag, rev, err) }
	top, err := gitrev.TopLevel(ctx, root)
	if err != nil {
		return nil, fail(err)
	}
	realTop, err1 := filepath.EvalSymlinks(top)
	realRoot, err2 := filepath.EvalSymlinks(root)
	if err := errors.Join(err1, err2); err != nil {
		return nil, fail(err)
	}
	sub, err := filepath.Rel(realTop, realRoot)
	if err != nil || sub == ".." || strings.HasPrefix(sub, ".."+string(filepath.Separator)) {
		return nil, fail(fmt.Errorf("project root %s is outside the repository %s", root, top))
	}
	if virtualRevisions { // a few files changed: the work tree with those replaced (revision.go)
		if at, err := virtualRevision(ctx, top, root, filepath.ToSlash(sub), rev, configFile, opts); err == nil {
			return at, nil
		}
	}
	// Otherwise (many changes, or a tree the virtual one cannot stand for):
	tmp, removeTmp, err := gitrev.MkdirTemp("nclint-rev-") // removed on SIGINT/SIGTERM too
	if err != nil {
		return nil, fail(err)
	}
	defer removeTmp()
	res, err := gitrev.Materialize(ctx, top, rev, filepath.ToSlash(sub), tmp, gitrev.Options{
		MaxFileSize: parse.DefaultMaxFileSize,
		Keep: func(rel string) bool {
			switch path.Base(rel) {
			case project.ProjectFileName, project.PackageManifest, ".forceignore":
				return true
			}
			_, ok := project.Classify(rel)
			return ok
		},
	})
	if err != nil {
		return nil, fail(err)
	}
	at := &Revision{Commit: res.Commit, Skipped: res.Skipped}
	if res.Commit == "" || res.Files == 0 {
		return at, nil // an empty tree
	}
	o := opts
	o.NewFromRev, o.Baseline, o.ConfigFile, o.NoConfig = "", "", configFile, configFile == ""
	o.Overlay = nil // the revision is not the editor's
	o.workTree, o.virtual = nil, nil
	o.CacheDir = "" // its files are new copies in a temporary directory: nothing to reuse
	old, err := Run([]string{tmp}, o)
	if err != nil {
		msg := strings.ReplaceAll(err.Error(), tmp+string(filepath.Separator), "")
		msg = strings.ReplaceAll(msg, tmp, ".")
		return at, &RevisionProjectError{Rev: rev, Msg: msg}
	}
	old.Project = nil // its root was the temporary directory, now removed
	at.Result = old
	return at, nil
}

// configNotices warns about configuration entries that name nothing in the
// tree where they must: installed_packages lists named credentials of this
// project, so a name that is not there is a typo that silences NC401.
func configNotices(cfg *config.Config, g *graph.Graph) []model.Notice {
	var out []model.Notice
	for _, pkg := range cfg.Settings.InstalledPackages {
		for _, name := range pkg.NamedCredentials {
			if g.NamedCredential(name) == nil {
				out = append(out, model.Notice{Warning: true, Message: fmt.Sprintf(
					"%s: installed_packages.%s lists named credential %q, which is not in the tree; its allowlist cannot be checked",
					cfg.File, pkg.Namespace, name)})
			}
		}
	}
	return out
}

// safeRel reports whether a relative path stays inside its base.
func safeRel(rel string) bool {
	return rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// touches reports whether a location of f lies in one of the targets
// (files, or directories and everything below them).
func touches(f lint.Finding, targets []string) bool {
	in := func(file string) bool {
		for _, t := range targets {
			if file == t || strings.HasPrefix(file, t+"/") {
				return true
			}
		}
		return false
	}
	if in(f.Span.File) {
		return true
	}
	for _, r := range slices.Concat(f.Related, f.Flow) {
		if in(r.Span.File) {
			return true
		}
	}
	return false
}
