package lint

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/safeio"
)

// Rule IDs of the findings ApplySuppressionsWith reports about suppression
// comments themselves.
const (
	UnusedSuppressionID    = "NC001"
	MalformedSuppressionID = "NC002"
	ExpiredSuppressionID   = "NC003"
	ForbiddenSuppressionID = "NC004"
)

// SuppressOptions are the suppression policy of a run.
type SuppressOptions struct {
	// Now is the reference date for expiry ("until DATE"); zero means
	// time.Now(). A suppression is in force through its date (UTC) and
	// expires the day after.
	Now time.Time
	// NoInline ignores every inline comment: none silences anything, and
	// each is reported (ForbiddenSuppressionID).
	NoInline bool
	// Forbid are rule IDs that inline comments cannot suppress; a comment
	// naming one is reported (ForbiddenSuppressionID) and silences only
	// its other rules.
	Forbid []string
	// Ignores are suppressions from the configuration file.
	Ignores []Ignore
}

// Ignore is a suppression written in the configuration (for files that
// cannot carry comments: managed or generated metadata).
type Ignore struct {
	// RuleID is the rule silenced.
	RuleID string
	// Component is a glob matched against the finding's component
	// identity (its Identity without the rule ID, such as
	// "NamedCredential:Tracking_API|HttpHeader:X-Api-Key") or a prefix of
	// it that ends before a "|": "*" matches any text, "?" one character.
	Component string
	// Reason says why (required in the configuration).
	Reason string
	// Until, when not zero, is the last day the entry is in force.
	Until time.Time
	// Span is the entry in the configuration file.
	Span loc.Span
}

// globRE compiles a component glob: anchored at the start, and at the end
// or a "|" boundary.
func globRE(glob string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for _, r := range glob {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString(`(?:\|.*)?$`)
	return regexp.MustCompile("(?s)" + b.String())
}

// expired reports whether a suppression valid through until has expired
// at now (dates compared in UTC).
func expired(until, now time.Time) bool {
	y, m, d := now.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).After(until)
}

// ApplySuppressionsWith marks each finding that an inline suppression covers
// (same file, inside the comment's scope, rule listed by ID or name) and
// returns the findings together with new ones about the comments:
// UnusedSuppressionID for a listed rule that silenced nothing, and
// MalformedSuppressionID for a comment with no reason, no rule or an
// unknown rule. Those two are reported only when their rule is in rules
// and not turned off in levels. The result is sorted.
//
// The policy: comments and configuration entries past their "until" date
// silence nothing and are reported (ExpiredSuppressionID); a malformed date
// is MalformedSuppressionID; opts.NoInline and opts.Forbid refuse inline
// comments (ForbiddenSuppressionID); opts.Ignores silence findings as
// configured (kind "config"), an entry that silences nothing being
// UnusedSuppressionID.
func ApplySuppressionsWith(findings []Finding, sups []model.Suppression, rules []*Rule, levels map[string]Level, opts SuppressOptions) []Finding {
	if len(sups) == 0 && len(opts.Ignores) == 0 {
		return findings
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	byKey := map[string]*Rule{}
	for _, r := range rules {
		byKey[strings.ToLower(r.ID)] = r
		byKey[strings.ToLower(r.Name)] = r
	}
	idx := newFindingIndex(findings)
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
	forbidden := map[string]bool{}
	for _, id := range opts.Forbid {
		forbidden[id] = true
	}
	for _, s := range sups {
		directive := "nclint-ignore"
		if s.FileWide {
			directive = "nclint-ignore-file"
		}
		if opts.NoInline {
			report(ForbiddenSuppressionID, s, fmt.Sprintf("This %s comment is not applied: inline suppressions are "+
				"turned off (--no-inline-suppressions), so the findings it names are reported.", directive), "noinline")
			continue
		}
		if s.HasUntil {
			until, err := time.Parse(time.DateOnly, s.Until)
			if err != nil {
				report(MalformedSuppressionID, s, fmt.Sprintf("This %s comment's expiry %s is not a date; write "+
					"until YYYY-MM-DD before the colon (%s NC101 until 2027-03-31: reason).", directive, quoteShort(s.Until), directive),
					"baduntil")
			} else if expired(until, now) {
				report(ExpiredSuppressionID, s, fmt.Sprintf("This %s comment expired on %s, so the findings it "+
					"silenced (%s) are reported again. Fix them, or set a later date if the reason still holds.",
					directive, s.Until, strings.Join(s.Rules, ", ")), "expired|"+strings.Join(s.Rules, ","))
				continue
			}
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
			if forbidden[r.ID] {
				report(ForbiddenSuppressionID, s, fmt.Sprintf("%s cannot be suppressed inline (suppressions.forbid in the "+
					"configuration), so this %s comment does not silence it. Fix the finding instead.", r.ID, directive),
					"forbid|"+r.ID)
				continue
			}
			used := idx.suppress(r.ID, s)
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
	var cfg *componentIndex // built for the first ignore entry
	for _, ig := range opts.Ignores {
		r := byKey[strings.ToLower(ig.RuleID)]
		if r == nil || levels[r.ID] == LevelNone {
			continue
		}
		s := model.Suppression{Span: ig.Span}
		if !ig.Until.IsZero() && expired(ig.Until, now) {
			report(ExpiredSuppressionID, s, fmt.Sprintf("The ignore entry for %s (component %s) in the configuration expired "+
				"on %s, so the findings it silenced are reported again. Fix them, or set a later date if the reason still holds.",
				r.ID, quoteShort(ig.Component), ig.Until.Format(time.DateOnly)), "expired-config|"+r.ID+"|"+ig.Component)
			continue
		}
		if cfg == nil {
			cfg = newComponentIndex(findings)
		}
		used := false
		for _, i := range cfg.matching(r.ID, ig.Component) {
			f := &findings[i]
			used = true
			if f.Suppression == nil {
				f.Suppression = &Suppression{Kind: "config", Reason: ig.Reason, Span: ig.Span}
			}
		}
		if !used {
			report(UnusedSuppressionID, s, fmt.Sprintf("The ignore entry for %s (component %s) in the configuration matches "+
				"no finding; remove it, or check the component against the finding's identity (nclint --format json shows it).",
				r.ID, quoteShort(ig.Component)), "unused-config|"+r.ID+"|"+ig.Component)
		}
	}
	findings = append(findings, extra...)
	SortFindings(findings)
	return findings
}

// findingIndex finds the findings a suppression covers without scanning
// them all: findings are grouped by rule and file and sorted by position,
// so a suppression's scope is a range found by binary search, and a
// finding already silenced is skipped with a union-find pointer, so each
// is silenced once. ApplySuppressionsWith is O((F + S) log F) for F findings
// and S suppressed rule names, instead of O(F * S).
type findingIndex struct {
	findings []Finding
	groups   map[findingKey]*findingGroup
}

type findingKey struct{ rule, file string }

type findingGroup struct {
	// at are indexes into findings, sorted by start position.
	at []int
	// next[i] is the first j >= i in at whose finding may still be
	// unsilenced, or len(at); path-compressed as findings are silenced.
	next []int
}

func newFindingIndex(findings []Finding) *findingIndex {
	ix := &findingIndex{findings: findings, groups: map[findingKey]*findingGroup{}}
	for i := range findings {
		k := findingKey{findings[i].RuleID, findings[i].Span.File}
		g := ix.groups[k]
		if g == nil {
			g = &findingGroup{}
			ix.groups[k] = g
		}
		g.at = append(g.at, i)
	}
	for _, g := range ix.groups {
		slices.SortStableFunc(g.at, func(a, b int) int { return comparePos(findings[a].Span.Start, findings[b].Span.Start) })
		g.next = make([]int, len(g.at)+1)
		for i := range g.next {
			g.next[i] = i
		}
	}
	return ix
}

// suppress silences the findings of rule that s covers (those already
// silenced keep their suppression) and reports whether s covers any.
func (ix *findingIndex) suppress(rule string, s model.Suppression) bool {
	g := ix.groups[findingKey{rule, s.Span.File}]
	if g == nil {
		return false
	}
	lo, hi := 0, len(g.at)
	if !s.FileWide {
		if !s.Scope.IsValid() {
			return false
		}
		lo = firstWhere(g.at, func(i int) bool { return comparePos(ix.findings[i].Span.Start, s.Scope.Start) >= 0 })
		hi = firstWhere(g.at, func(i int) bool { return comparePos(ix.findings[i].Span.Start, s.Scope.End) > 0 })
	}
	if lo >= hi {
		return false
	}
	for i := g.find(lo); i < hi; i = g.find(i) {
		if f := &ix.findings[g.at[i]]; f.Suppression == nil {
			f.Suppression = &Suppression{Kind: "inline", Reason: s.Reason, Span: s.Span}
		}
		g.next[i] = i + 1
	}
	return true
}

// find returns the first index >= i not yet silenced by this index.
func (g *findingGroup) find(i int) int {
	root := i
	for g.next[root] != root {
		root = g.next[root]
	}
	for g.next[i] != root {
		i, g.next[i] = g.next[i], root
	}
	return root
}

// firstWhere returns the first position in at whose finding satisfies ok, which
// must be false and then true along at.
func firstWhere(at []int, ok func(i int) bool) int {
	n, _ := slices.BinarySearchFunc(at, true, func(i int, _ bool) int {
		if ok(i) {
			return 1
		}
		return -1
	})
	return n
}

// comparePos orders positions by line, then column: the order covers uses.
func comparePos(a, b loc.Pos) int {
	if c := cmp.Compare(a.Line, b.Line); c != 0 {
		return c
	}
	return cmp.Compare(a.Col, b.Col)
}

// quoteShort quotes input as a short, redacted excerpt.
func quoteShort(s string) string { return safeio.Quote(s) }

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
// rule r at span, by the same test ApplySuppressionsWith applies to a finding's
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

// componentIndex finds the findings an ignore entry of the configuration
// matches. A component without wildcards matches a finding's identity
// component exactly or up to a "|" (globRE), so such entries are a map
// lookup; entries with "*" or "?" test the findings of their rule only.
type componentIndex struct {
	findings []Finding
	byRule   map[string][]int
	// literal: rule -> identity component and each of its prefixes that
	// ends before a "|" -> findings, in order.
	literal map[string]map[string][]int
}

func newComponentIndex(findings []Finding) *componentIndex {
	ix := &componentIndex{findings: findings, byRule: map[string][]int{}, literal: map[string]map[string][]int{}}
	for i, f := range findings {
		ix.byRule[f.RuleID] = append(ix.byRule[f.RuleID], i)
		m := ix.literal[f.RuleID]
		if m == nil {
			m = map[string][]int{}
			ix.literal[f.RuleID] = m
		}
		_, comp, _ := strings.Cut(f.Identity, "|")
		m[comp] = append(m[comp], i)
		for j := 0; j < len(comp); j++ {
			if comp[j] == '|' {
				m[comp[:j]] = append(m[comp[:j]], i)
			}
		}
	}
	return ix
}

// matching returns the indexes of the findings of rule whose identity
// component matches the glob, in order.
func (ix *componentIndex) matching(rule, glob string) []int {
	if !strings.ContainsAny(glob, "*?") && utf8.ValidString(glob) && !strings.ContainsRune(glob, utf8.RuneError) {
		return ix.literal[rule][glob]
	}
	re := globRE(glob)
	var out []int
	for _, i := range ix.byRule[rule] {
		if _, comp, _ := strings.Cut(ix.findings[i].Identity, "|"); re.MatchString(comp) {
			out = append(out, i)
		}
	}
	return out
}
