package lint

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
)

var supRules = []*Rule{
	{ID: "NC101", Name: "principal-not-granted", Level: LevelError},
	{ID: "NC102", Name: "grant-unknown-principal", Level: LevelError},
	{ID: UnusedSuppressionID, Name: "unused-suppression", Level: LevelWarning},
	{ID: MalformedSuppressionID, Name: "malformed-suppression", Level: LevelWarning},
}

// naiveSuppress is the former O(findings x suppressions) matching, kept as
// the reference the index must agree with: for each suppression in order
// and each rule it names, every finding of that rule in the file and scope
// is silenced unless already silenced.
func naiveSuppress(findings []Finding, sups []model.Suppression) []bool {
	var used []bool
	for _, s := range sups {
		for _, name := range s.Rules {
			u := false
			for i := range findings {
				f := &findings[i]
				if f.RuleID != name || f.Span.File != s.Span.File {
					continue
				}
				if !s.FileWide && !naiveCovers(s.Scope, f.Span.Start) {
					continue
				}
				u = true
				if f.Suppression == nil {
					f.Suppression = &Suppression{Kind: "inline", Reason: s.Reason, Span: s.Span}
				}
			}
			used = append(used, u)
		}
	}
	return used
}

func naiveCovers(s loc.Span, p loc.Pos) bool {
	if !s.IsValid() {
		return false
	}
	after := p.Line > s.Start.Line || p.Line == s.Start.Line && p.Col >= s.Start.Col
	before := p.Line < s.End.Line || p.Line == s.End.Line && p.Col <= s.End.Col
	return after && before
}

// TestSuppressionIndexMatchesNaive: on random findings and overlapping,
// nested, file-wide and empty-scope suppressions, the index silences the
// same findings with the same (first) suppression and finds the same
// suppressions used as the quadratic matching it replaced.
func TestSuppressionIndexMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 5))
	pos := func() loc.Pos { return loc.Pos{Line: 1 + rng.IntN(30), Col: 1 + rng.IntN(4)} }
	files := []string{"a.xml", "b.xml"}
	for round := 0; round < 300; round++ {
		var findings []Finding
		for i := rng.IntN(40); i > 0; i-- {
			p := pos()
			f := Finding{RuleID: supRules[rng.IntN(2)].ID, Span: loc.Span{File: files[rng.IntN(2)], Start: p, End: p}, Message: fmt.Sprint(i)}
			if rng.IntN(10) == 0 {
				f.Suppression = &Suppression{Kind: "baseline"}
			}
			findings = append(findings, f)
		}
		var sups []model.Suppression
		for i := rng.IntN(12); i > 0; i-- {
			a, b := pos(), pos()
			if b.Line < a.Line || b.Line == a.Line && b.Col < a.Col {
				a, b = b, a
			}
			s := model.Suppression{
				Span:   loc.Span{File: files[rng.IntN(2)], Start: loc.Pos{Line: i, Col: 1}, End: loc.Pos{Line: i, Col: 9}},
				Rules:  []string{supRules[rng.IntN(2)].ID},
				Reason: fmt.Sprint("r", i),
				Scope:  loc.Span{File: "x", Start: a, End: b},
			}
			switch rng.IntN(6) {
			case 0:
				s.FileWide = true
			case 1:
				s.Scope = loc.Span{}
			case 2:
				s.Rules = append(s.Rules, s.Rules[0])
			}
			sups = append(sups, s)
		}
		want := append([]Finding(nil), findings...)
		for i := range want {
			if want[i].Suppression != nil {
				c := *want[i].Suppression
				want[i].Suppression = &c
			}
		}
		wantUsed := naiveSuppress(want, sups)

		ix := newFindingIndex(findings)
		var gotUsed []bool
		for _, s := range sups {
			for _, name := range s.Rules {
				gotUsed = append(gotUsed, ix.suppress(name, s))
			}
		}
		if !reflect.DeepEqual(findings, want) {
			t.Fatalf("round %d: findings differ\n got %+v\nwant %+v\nsups %+v", round, findings, want, sups)
		}
		if !reflect.DeepEqual(gotUsed, wantUsed) {
			t.Fatalf("round %d: used = %v, want %v", round, gotUsed, wantUsed)
		}
	}
}

// TestApplySuppressions: end to end through ApplySuppressionsWith, a scoped
// and a file-wide suppression silence their findings and an unmatched one
// is reported as unused.
func TestApplySuppressions(t *testing.T) {
	at := func(line int) loc.Span { return span("a.xml", line, 5) }
	findings := []Finding{
		{RuleID: "NC101", Span: at(4), Message: "in scope"},
		{RuleID: "NC101", Span: at(9), Message: "out of scope"},
		{RuleID: "NC102", Span: at(12), Message: "file-wide"},
	}
	sups := []model.Suppression{
		{Span: at(2), Rules: []string{"NC101"}, Reason: "scoped", Scope: loc.Span{File: "a.xml", Start: loc.Pos{Line: 3, Col: 5}, End: loc.Pos{Line: 6, Col: 20}}},
		{Span: at(1), Rules: []string{"grant-unknown-principal"}, Reason: "whole file", FileWide: true},
		{Span: at(20), Rules: []string{"NC102"}, Reason: "nothing follows"},
	}
	got := ApplySuppressionsWith(findings, sups, supRules, nil, SuppressOptions{})
	silenced := map[string]string{}
	var unused []int
	for _, f := range got {
		if f.Suppression != nil {
			silenced[f.Message] = f.Suppression.Reason
		}
		if f.RuleID == UnusedSuppressionID {
			unused = append(unused, f.Span.Start.Line)
		}
	}
	if want := map[string]string{"in scope": "scoped", "file-wide": "whole file"}; !reflect.DeepEqual(silenced, want) {
		t.Errorf("silenced = %v, want %v", silenced, want)
	}
	if !reflect.DeepEqual(unused, []int{20}) {
		t.Errorf("unused suppressions at lines %v, want [20]", unused)
	}
}

// BenchmarkApplySuppressions: n findings in one file, each covered by its
// own suppression, plus n/8 suppressions that match nothing. The work grows
// as n log n: ns/op about 4x (not 16x) from 8k to 32k. Before the index,
// 32k suppressions took 25 s.
func BenchmarkApplySuppressions(b *testing.B) {
	for _, n := range []int{8_000, 32_000} {
		b.Run(fmt.Sprintf("suppressions=%d", n), func(b *testing.B) {
			findings := make([]Finding, n)
			var sups []model.Suppression
			for i := range findings {
				sp := span("big.permissionset-meta.xml", 2*i+2, 5)
				findings[i] = Finding{RuleID: "NC101", Span: sp, Message: "m"}
				sups = append(sups, model.Suppression{Span: span(sp.File, 2*i+1, 5), Rules: []string{"NC101"}, Reason: "r",
					Scope: loc.Span{File: sp.File, Start: sp.Start, End: loc.Pos{Line: 2*i + 2, Col: 40}}})
				if i%8 == 0 {
					sups = append(sups, model.Suppression{Span: span(sp.File, 2*i+1, 50), Rules: []string{"NC102"}, Reason: "r",
						Scope: loc.Span{File: sp.File, Start: sp.Start, End: loc.Pos{Line: 2*i + 2, Col: 40}}})
				}
			}
			work := make([]Finding, n)
			for b.Loop() {
				copy(work, findings)
				ApplySuppressionsWith(work, sups, supRules, nil, SuppressOptions{})
			}
		})
	}
}

// TestComponentIndexMatchesRegexp: for literal and wildcard globs, the
// index returns exactly the findings of the rule whose identity component
// globRE matches, in order.
func TestComponentIndexMatchesRegexp(t *testing.T) {
	comps := []string{"NamedCredential:A", "NamedCredential:A|grant:x", "NamedCredential:AB", "A", "A|", "A||B", "a", "x|y|z", "", "\xff", "\uFFFD", "é"}
	var findings []Finding
	for i, c := range comps {
		for _, rule := range []string{"NC101", "NC102"} {
			findings = append(findings, Finding{RuleID: rule, Identity: rule + "|" + c, Message: fmt.Sprint(i)})
		}
	}
	ix := newComponentIndex(findings)
	globs := append([]string{"*", "?", "NamedCredential:*", "NamedCredential:A?", "*|*", "A|", "x|y", "x", "\xfe", "\xff", "\uFFFD", "E", "é", "NamedCredential:A|grant:x|more"}, comps...)
	for _, g := range globs {
		for _, rule := range []string{"NC101", "NC103"} {
			re := globRE(g)
			var want []int
			for i, f := range findings {
				if _, comp, _ := strings.Cut(f.Identity, "|"); f.RuleID == rule && re.MatchString(comp) {
					want = append(want, i)
				}
			}
			if got := ix.matching(rule, g); !slices.Equal(got, want) {
				t.Errorf("matching(%s, %q) = %v, want %v", rule, g, got, want)
			}
		}
	}
}

// BenchmarkConfigIgnores: n findings and n ignore entries of the
// configuration naming one component each. Linear: ns/op about 4x from
// 8k to 32k (every entry tested every finding before).
func BenchmarkConfigIgnores(b *testing.B) {
	for _, n := range []int{8_000, 32_000} {
		b.Run(fmt.Sprintf("ignores=%d", n), func(b *testing.B) {
			findings := make([]Finding, n)
			var opts SuppressOptions
			for i := range findings {
				findings[i] = Finding{RuleID: "NC101", Span: span("a.xml", i+1, 1), Identity: fmt.Sprintf("NC101|ExternalCredential:EC_%d|principal:P", i)}
				opts.Ignores = append(opts.Ignores, Ignore{RuleID: "NC101", Component: fmt.Sprintf("ExternalCredential:EC_%d", i), Reason: "r"})
			}
			work := make([]Finding, n)
			for b.Loop() {
				copy(work, findings)
				ApplySuppressionsWith(work, nil, supRules, nil, opts)
			}
		})
	}
}
