package rules

import (
	"fmt"
	"testing"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
)

// TestUnresolvedReferenceGroupsAndCaps: 1,500 call sites of one missing
// named credential give one finding at the first call site, with the rest
// as related locations capped at 1,000 (GitHub's limit per result).
func TestUnresolvedReferenceGroupsAndCaps(t *testing.T) {
	const file = "force-app/main/default/classes/Bulk.cls"
	src := &model.ApexSource{Meta: model.Meta{Kind: model.KindApexClass, Name: "Bulk", File: file}}
	// Written in reverse order: the finding must still sit at the first line.
	for i := 1500; i >= 1; i-- {
		sp := loc.Span{File: file, Start: loc.Pos{Line: i + 1, Col: 9}, End: loc.Pos{Line: i + 1, Col: 30}}
		src.Callouts = append(src.Callouts, model.Callout{Literal: "callout:Gone_API/x", Name: "Gone_API", Span: sp})
	}
	tree := &model.Tree{Apex: []*model.ApexSource{src}}
	findings, failures := lint.Run([]*lint.Rule{UnresolvedReference}, graph.New(tree), lint.Options{})
	if len(failures) > 0 {
		t.Fatal(failures)
	}
	if len(findings) != 1 {
		t.Fatalf("%d findings, want 1", len(findings))
	}
	f := findings[0]
	if f.Span.Start.Line != 2 {
		t.Errorf("finding at line %d, want 2 (the first call site)", f.Span.Start.Line)
	}
	if len(f.Related) != maxRelated {
		t.Errorf("%d related locations, want %d", len(f.Related), maxRelated)
	}
	if f.Related[0].Span.Start.Line != 3 {
		t.Errorf("first related location at line %d, want 3", f.Related[0].Span.Start.Line)
	}
}

// BenchmarkUnresolvedReference: 200 Apex files, each with 50 callouts to 10
// missing named credentials and one suppression comment.
func BenchmarkUnresolvedReference(b *testing.B) {
	tree := &model.Tree{}
	for f := 0; f < 200; f++ {
		file := fmt.Sprintf("force-app/main/default/classes/C%03d.cls", f)
		src := &model.ApexSource{Meta: model.Meta{Kind: model.KindApexClass, Name: fmt.Sprintf("C%03d", f), File: file}}
		for i := 0; i < 50; i++ {
			name := fmt.Sprintf("Gone_%d", i%10)
			sp := loc.Span{File: file, Start: loc.Pos{Line: i + 2, Col: 9}, End: loc.Pos{Line: i + 2, Col: 30}}
			src.Callouts = append(src.Callouts, model.Callout{Literal: "callout:" + name, Name: name, Span: sp})
		}
		tree.Apex = append(tree.Apex, src)
		scope := loc.Span{File: file, Start: loc.Pos{Line: 40, Col: 1}, End: loc.Pos{Line: 40, Col: 80}}
		tree.Suppressions = append(tree.Suppressions, model.Suppression{Span: scope, Rules: []string{"NC501"}, Reason: "r", Scope: scope})
	}
	g := graph.New(tree)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		findings, _ := lint.Run([]*lint.Rule{UnresolvedReference}, g, lint.Options{})
		if len(findings) != 10 {
			b.Fatalf("%d findings, want 10", len(findings))
		}
	}
}

// BenchmarkUnresolvedManyNames: 4,000 named credentials in the tree and
// 4,000 callouts, each to a different missing one, so every finding asks
// for a "did you mean" hint over every candidate.
func BenchmarkUnresolvedManyNames(b *testing.B) {
	tree := &model.Tree{}
	const n = 4000
	for i := 0; i < n; i++ {
		tree.NamedCredentials = append(tree.NamedCredentials, &model.NamedCredential{Meta: model.Meta{
			Kind: model.KindNamedCredential, Name: fmt.Sprintf("Service_%05d_API", i),
			File: fmt.Sprintf("force-app/main/default/namedCredentials/Service_%05d_API.namedCredential-meta.xml", i)}})
	}
	file := "force-app/main/default/classes/C.cls"
	src := &model.ApexSource{Meta: model.Meta{Kind: model.KindApexClass, Name: "C", File: file}}
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("Missing_%05d_Endpoint", i)
		sp := loc.Span{File: file, Start: loc.Pos{Line: i + 2, Col: 9}, End: loc.Pos{Line: i + 2, Col: 30}}
		src.Callouts = append(src.Callouts, model.Callout{Literal: "callout:" + name, Name: name, Span: sp})
	}
	tree.Apex = append(tree.Apex, src)
	g := graph.New(tree)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		findings, _ := lint.Run([]*lint.Rule{UnresolvedReference}, g, lint.Options{})
		if len(findings) != n {
			b.Fatalf("%d findings, want %d", len(findings), n)
		}
	}
}
