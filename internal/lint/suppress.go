package lint

import (
	"fmt"
	"strings"

	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
)

// Rule IDs of the findings ApplySuppressions reports about suppression
// comments themselves.
const (
	UnusedSuppressionID    = "NC001"
	MalformedSuppressionID = "NC002"
)

// ApplySuppressions marks each finding that an inline suppression covers
// (same file, inside the comment's scope, rule listed by ID or name) and
// returns the findings together with new ones about the comments:
// UnusedSuppressionID for a listed rule that silenced nothing, and
// MalformedSuppressionID for a comment with no reason, no rule or an
// unknown rule. Those two are reported only when their rule is in rules
// and not turned off in levels. The result is sorted.
func ApplySuppressions(findings []Finding, sups []model.Suppression, rules []*Rule, levels map[string]Level) []Finding {
	if len(sups) == 0 {
		return findings
	}
	byKey := map[string]*Rule{}
	for _, r := range rules {
		byKey[strings.ToLower(r.ID)] = r
		byKey[strings.ToLower(r.Name)] = r
	}
	var extra []Finding
	report := func(id string, s model.Suppression, msg, identity string) {
		r := byKey[strings.ToLower(id)]
		if r == nil {
			return
		}
		level := r.Level
		if l, ok := levels[r.ID]; ok {
			level = l
		}
		if level == LevelNone {
			return
		}
		extra = append(extra, Finding{RuleID: r.ID, RuleName: r.Name, Level: level, Message: msg, Span: s.Span,
			Identity: r.ID + "|" + s.Span.File + "|" + identity})
	}
	for _, s := range sups {
		directive := "nclint-ignore"
		if s.FileWide {
			directive = "nclint-ignore-file"
		}
		if len(s.Rules) == 0 {
			report(MalformedSuppressionID, s, fmt.Sprintf("This %s comment names no rule, so it suppresses nothing. "+
				"Write the rule IDs and a reason: <!-- %s NC101: granted on the Integration profile -->.", directive, directive), "norule")
			continue
		}
		if s.Reason == "" {
			report(MalformedSuppressionID, s, fmt.Sprintf("This %s comment gives no reason. Add one after a colon "+
				"(%s %s: why the finding does not apply), so reviewers know why it is safe.", directive, directive, strings.Join(s.Rules, ", ")),
				"noreason|"+strings.Join(s.Rules, ","))
		}
		for _, name := range s.Rules {
			r := byKey[strings.ToLower(name)]
			if r == nil {
				hint := "run 'nclint rules' for the list"
				if strings.ContainsAny(name, " \t") {
					hint = "separate rules with commas and put the reason after a colon (" + directive + " NC101, NC104: reason)"
				}
				report(MalformedSuppressionID, s, fmt.Sprintf("This %s comment names %q, which is not a rule; %s.",
					directive, name, hint), "unknown|"+name)
				continue
			}
			if levels[r.ID] == LevelNone {
				continue // the rule is off: nothing to match, nothing to report
			}
			used := false
			for i := range findings {
				f := &findings[i]
				if f.RuleID != r.ID || f.Span.File != s.Span.File {
					continue
				}
				if !s.FileWide && !covers(s.Scope, f.Span.Start) {
					continue
				}
				used = true
				if f.Suppression == nil {
					f.Suppression = &Suppression{Kind: "inline", Reason: s.Reason, Span: s.Span}
				}
			}
			if !used {
				what := "the element or statement that follows it"
				if s.FileWide {
					what = "this file"
				} else if !s.Scope.IsValid() {
					what = "anything (nothing follows it)"
				}
				report(UnusedSuppressionID, s, fmt.Sprintf("Suppression of %s matches no finding in %s; remove it (or move it "+
					"before the element the finding points at).", r.ID, what), "unused|"+r.ID)
			}
		}
	}
	findings = append(findings, extra...)
	SortFindings(findings)
	return findings
}

// covers reports whether p lies within s (inclusive).
func covers(s loc.Span, p loc.Pos) bool {
	if !s.IsValid() {
		return false
	}
	after := p.Line > s.Start.Line || p.Line == s.Start.Line && p.Col >= s.Start.Col
	before := p.Line < s.End.Line || p.Line == s.End.Line && p.Col <= s.End.Col
	return after && before
}

// Suppresses reports whether the inline suppression s silences findings of
// rule r at span, by the same test ApplySuppressions applies to a finding's
// primary span: same file, the rule listed by ID or name, and span starting
// inside the comment's scope (anywhere in the file for nclint-ignore-file).
// A rule whose finding gathers several places (NC501's references) uses it
// to put the finding at a place the user suppressed.
func Suppresses(s model.Suppression, r *Rule, span loc.Span) bool {
	if s.Span.File != span.File {
		return false
	}
	named := false
	for _, name := range s.Rules {
		if strings.EqualFold(name, r.ID) || strings.EqualFold(name, r.Name) {
			named = true
			break
		}
	}
	return named && (s.FileWide || covers(s.Scope, span.Start))
}
