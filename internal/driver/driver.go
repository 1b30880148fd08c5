// Package driver runs the whole pipeline for one project: find the project
// and its configuration, discover files, parse them, link the graph and run
// the rules. The command line and the fixture tests share it, so both see
// the same findings for the same tree.
package driver

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/nclint/nclint/internal/baseline"
	"github.com/nclint/nclint/internal/config"
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
	// Workers is the number of files parsed in parallel (0: one per CPU).
	Workers int
	// Baseline is a baseline file whose findings are silenced ("" for none).
	Baseline string
}

// Result is everything a run produced.
type Result struct {
	// Project is the discovered project (of the first path).
	Project *project.Project
	// Config is the configuration used (a zero Config when there is none).
	Config *config.Config
	// Tree is the parsed model.
	Tree *model.Tree
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
		file, within = config.Find(root), root
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
	p, err := project.Discover(paths[0], project.Options{ExtraExcludes: cfg.Exclude, Namespaces: cfg.Namespaces})
	if err != nil {
		return nil, err
	}
	tree := parse.Tree(p, parse.Options{Workers: opts.Workers})
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
	findings = lint.ApplySuppressions(findings, tree.Suppressions, opts.Rules, cfg.Levels)
	stale := 0
	if b != nil {
		stale = b.Apply(findings, opts.Baseline)
	}
	if targets != nil {
		findings = slices.DeleteFunc(findings, func(f lint.Finding) bool { return !touches(f, targets) })
	}
	return &Result{Project: p, Config: cfg, Tree: tree, Findings: findings, Failures: failures, Targets: targets, BaselineStale: stale}, nil
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
