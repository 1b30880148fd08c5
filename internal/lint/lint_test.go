package lint

import (
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
)

func span(file string, line, col int) loc.Span {
	return loc.Span{File: file, Start: loc.Pos{Line: line, Col: col}}
}

func TestRunSortsDedupsAndFillsRuleFields(t *testing.T) {
	r := &Rule{ID: "NC999", Name: "test-rule", Level: LevelWarning, Check: func(p *Pass) {
		p.Report(Finding{Message: "b", Span: span("b.xml", 1, 1), Identity: "B"})
		p.Report(Finding{Message: "a2", Span: span("a.xml", 9, 1), Identity: "A2"})
		p.Report(Finding{Message: "a1", Span: span("a.xml", 2, 7), Identity: "A1", Level: LevelError})
		p.Report(Finding{Message: "a1", Span: span("a.xml", 2, 7), Identity: "A1", Level: LevelError})
	}}
	got, failures := Run([]*Rule{r}, graph.New(&model.Tree{}), Options{})
	if len(failures) != 0 {
		t.Fatalf("failures: %v", failures)
	}
	var order []string
	for _, f := range got {
		order = append(order, f.Message)
		if f.RuleID != "NC999" || f.RuleName != "test-rule" {
			t.Errorf("rule fields not filled: %+v", f)
		}
		if !strings.HasPrefix(f.Identity, "NC999|") {
			t.Errorf("identity %q lacks the rule prefix", f.Identity)
		}
	}
	if strings.Join(order, ",") != "a1,a2,b" {
		t.Errorf("order = %v, want a1,a2,b (duplicate removed)", order)
	}
	if got[0].Level != LevelError || got[1].Level != LevelWarning {
		t.Errorf("levels = %s,%s; want the explicit error kept and the default filled", got[0].Level, got[1].Level)
	}
}

func TestRunLevelsOverrideAndDisable(t *testing.T) {
	mk := func(id string) *Rule {
		return &Rule{ID: id, Name: id, Level: LevelWarning, Check: func(p *Pass) {
			p.Report(Finding{Message: id, Span: span("x", 1, 1), Level: LevelError})
		}}
	}
	got, _ := Run([]*Rule{mk("NC001"), mk("NC002")}, graph.New(&model.Tree{}),
		Options{Levels: map[string]Level{"NC001": LevelNone, "NC002": LevelNote}})
	if len(got) != 1 || got[0].RuleID != "NC002" || got[0].Level != LevelNote {
		t.Fatalf("got %+v, want only NC002 at note", got)
	}
}

func TestRunRecoversFromPanickingRule(t *testing.T) {
	bad := &Rule{ID: "NC998", Name: "bad", Level: LevelError, Check: func(p *Pass) {
		p.Report(Finding{Message: "partial", Span: span("x", 1, 1)})
		panic("boom")
	}}
	good := &Rule{ID: "NC997", Name: "good", Level: LevelError, Check: func(p *Pass) {
		p.Report(Finding{Message: "ok", Span: span("x", 1, 1)})
	}}
	got, failures := Run([]*Rule{bad, good}, graph.New(&model.Tree{}), Options{})
	if len(failures) != 1 || failures[0].RuleID != "NC998" || !strings.Contains(failures[0].Message, "panicked") {
		t.Fatalf("failures = %+v", failures)
	}
	if len(got) != 1 || got[0].RuleID != "NC997" {
		t.Fatalf("findings = %+v, want only the good rule's (a panicking rule's partial findings are dropped)", got)
	}
}

func TestParseLevel(t *testing.T) {
	for in, want := range map[string]Level{"error": LevelError, "WARNING": LevelWarning, "note": LevelNote, "none": LevelNone} {
		if got, err := ParseLevel(in); err != nil || got != want {
			t.Errorf("ParseLevel(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseLevel("high"); err == nil {
		t.Error("ParseLevel(high) must fail")
	}
}

func TestNotEvaluatedSkips(t *testing.T) {
	r := &Rule{ID: "NC998", Name: "skip-rule", Level: LevelWarning, Check: func(p *Pass) {
		p.NotEvaluated("external credential B", "z.xml")
		p.NotEvaluated("external credential A", "a.xml", "z.xml")
		p.NotEvaluated("external credential A", "a.xml") // duplicate
	}}
	off := &Rule{ID: "NC997", Name: "off-rule", Level: LevelWarning, Check: func(p *Pass) { p.NotEvaluated("x", "a.xml") }}
	_, _, skips := RunAll([]*Rule{r, off}, graph.New(&model.Tree{}), Options{Levels: map[string]Level{"NC997": LevelNone}})
	var got []string
	for _, s := range skips {
		got = append(got, s.File+" "+s.RuleID+" "+s.RuleName+" "+s.What)
	}
	want := "a.xml NC998 skip-rule external credential A|z.xml NC998 skip-rule external credential A|z.xml NC998 skip-rule external credential B"
	if strings.Join(got, "|") != want {
		t.Errorf("skips:\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
	msg := SkipMessage("NC101", "principal-not-granted", []string{"a", "b", "c", "d", "e", "f", "g"})
	if msg != "NC101 principal-not-granted not evaluated for a; b; c; d; e and 2 more: this file could not be read and may change the result" {
		t.Errorf("SkipMessage = %q", msg)
	}
}
