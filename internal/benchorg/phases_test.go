package benchorg

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/parse"
	"github.com/nclint/nclint/internal/project"
	"github.com/nclint/nclint/internal/report"
	"github.com/nclint/nclint/internal/rules"
)

// credentialCounts is an org of n external credentials, n named
// credentials and n permission sets (one in seven granting a principal,
// half of those without the object access it needs), all in one group,
// with a few of everything else: what makes the link and rule phases grow
// with the number of credentials.
func credentialCounts(n int) Counts {
	c := CountsFor(0.001)
	c.ExternalCredentials, c.NamedCredentials, c.PermissionSets, c.AllGroup = n, n, n, n
	return c
}

// phaseOrg writes the org for c into the temporary directory, once: a
// later run reuses it (delete $TMPDIR/nclint-benchorg-* to rewrite it).
func phaseOrg(b *testing.B, name string, c Counts) string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), "nclint-benchorg-"+name)
	if _, err := os.Stat(filepath.Join(dir, ".complete")); err != nil {
		_ = os.RemoveAll(dir)
		if err := Write(dir, c); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, ".complete"), nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

var now = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// benchPhases times each phase of a run over dir on its own: discover
// (walking the tree), parse, link (graph.New), rules (lint.RunAll) and
// report (JSON).
func benchPhases(b *testing.B, dir string) {
	p, err := project.Discover(dir, project.Options{})
	if err != nil {
		b.Fatal(err)
	}
	tree := parse.Tree(p, parse.Options{})
	g := graph.New(tree)
	all := rules.All()
	findings, _, _ := lint.RunAll(all, g, lint.Options{Now: now})
	b.Run("discover", func(b *testing.B) {
		for b.Loop() {
			if _, err := project.Discover(dir, project.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			parse.Tree(p, parse.Options{})
		}
	})
	b.Run("link", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			graph.New(tree)
		}
	})
	b.Run("rules", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			lint.RunAll(all, g, lint.Options{Now: now})
		}
	})
	b.Run("report", func(b *testing.B) {
		b.ReportAllocs()
		in := report.Input{Rules: all, Findings: findings, FilesScanned: tree.FilesScanned, Root: dir}
		for b.Loop() {
			if err := report.JSON(io.Discard, in); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkPhases: each phase over the benchmark org at scale 0.25 (about
// 5,400 files; scripts/bench.sh times whole runs at larger scales).
func BenchmarkPhases(b *testing.B) {
	benchPhases(b, phaseOrg(b, "scale-0.25", CountsFor(0.25)))
}

// BenchmarkCredentialGrowth: each phase with 1k, 2k, 4k and 8k external
// and named credentials and permission sets in one group. Every phase
// should take about twice as long at each step (linear growth).
func BenchmarkCredentialGrowth(b *testing.B) {
	for _, n := range []int{1000, 2000, 4000, 8000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			benchPhases(b, phaseOrg(b, fmt.Sprintf("cred-%d", n), credentialCounts(n)))
		})
	}
}

// TestCredentialCounts: the growth org holds what its benchmark says.
func TestCredentialCounts(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, credentialCounts(50)); err != nil {
		t.Fatal(err)
	}
	p, err := project.Discover(dir, project.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tree := parse.Tree(p, parse.Options{})
	var all *model.PermissionSetGroup
	for _, g := range tree.PermissionSetGroups {
		if g.Name == "PSG_All" {
			all = g
		}
	}
	if len(tree.ExternalCredentials) != 50 || len(tree.PermissionSets) != 50 || all == nil || len(all.PermissionSets) != 50 ||
		len(tree.Problems) != 0 {
		t.Errorf("%d external credentials, %d permission sets, group %v, problems %v",
			len(tree.ExternalCredentials), len(tree.PermissionSets), all != nil, tree.Problems)
	}
}

// BenchmarkDiscover: discovery alone over the benchmark org at scale 1
// (21,600 files, 4,090 of them metadata nclint reads, a .forceignore),
// walking with GOMAXPROCS goroutines reading ahead and with none.
func BenchmarkDiscover(b *testing.B) {
	dir := phaseOrg(b, "scale-1", CountsFor(1))
	p, err := project.Discover(dir, project.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, workers := range []int{0, 1} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := project.Discover(dir, project.Options{Workers: workers}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(p.Files)), "files")
		})
	}
}
