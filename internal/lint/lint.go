// Package lint defines what a rule is, what a finding is, and the engine
// that runs rules over a link graph. Like golang.org/x/tools/go/analysis, a
// rule is a value with a name, documentation and a Check function; the
// engine iterates over rules and knows none of them.
package lint

import (
	"cmp"
	"fmt"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/loc"
)

// Level is the severity of a finding, named as in SARIF.
type Level string

// Levels, from most to least severe. LevelNone turns a rule off.
const (
	LevelError   Level = "error"
	LevelWarning Level = "warning"
	LevelNote    Level = "note"
	LevelNone    Level = "none"
)

// Rank orders levels: error 3, warning 2, note 1, none 0, unknown -1.
func (l Level) Rank() int {
	switch l {
	case LevelError:
		return 3
	case LevelWarning:
		return 2
	case LevelNote:
		return 1
	case LevelNone:
		return 0
	}
	return -1
}

// ParseLevel parses "error", "warning", "note" or "none" (case-insensitive).
func ParseLevel(s string) (Level, error) {
	l := Level(strings.ToLower(s))
	if l.Rank() < 0 {
		return "", fmt.Errorf("unknown level %q (want error, warning, note or none)", s)
	}
	return l, nil
}

// Rule is one check. Its documentation fields feed `nclint rules`, the SARIF
// rule metadata and the docs/rules pages, so they are written once, here.
type Rule struct {
	// ID is the stable identifier, "NC" and three digits.
	ID string
	// Name is the stable kebab-case name, e.g. "principal-not-granted".
	Name string
	// Level is the default level of the rule's findings.
	Level Level
	// Short is a one-line description (no trailing period).
	Short string
	// Full is a paragraph describing what the rule checks and why it matters.
	Full string
	// Help is Markdown: why it breaks, how to fix it, a minimal XML example.
	Help string
	// Tags classify the rule (e.g. "security", "access", "metadata").
	Tags []string
	// Precision is the SARIF precision: "very-high", "high", "medium" or "low".
	Precision string
	// SecuritySeverity is the GitHub security-severity ("0.1" to "10.0")
	// for security rules, "" otherwise.
	SecuritySeverity string
	// Check reports the rule's findings through pass.Report. It is nil
	// for rules whose findings the engine itself produces (suppression
	// comments, see ApplySuppressionsWith).
	Check func(pass *Pass)
}

// Related is a secondary location of a finding: the other side of a cross-link.
type Related struct {
	Span    loc.Span
	Message string
}

// Finding is one problem reported by a rule.
type Finding struct {
	RuleID   string
	RuleName string
	Level    Level
	// Message says what is wrong, what breaks at run time and what to change.
	Message string
	// Span is the primary location: the element a developer must edit.
	Span loc.Span
	// Related are other locations involved (e.g. the named credentials that
	// use an ungranted principal).
	Related []Related
	// Flow, when set, is the path from an entry point to the primary
	// location (emitted as a SARIF codeFlow).
	Flow []Related
	// Identity is stable across reformatting: built from the rule ID and the
	// names of the components involved, never from line numbers. Rules set
	// the component part; the engine prefixes the rule ID.
	Identity string
	// Suppression is set when an inline suppression or the baseline
	// silences the finding; reporters leave such findings out unless asked.
	Suppression *Suppression
	// Fix, when set, is a deterministic edit that resolves the finding
	// (editors offer it as a quick fix); nil for most findings.
	Fix *Fix
}

// Fix is a set of edits that resolves a finding.
type Fix struct {
	// Title says what the fix does, e.g. "Use https://".
	Title string
	Edits []Edit
}

// Edit changes the text of one span. With Old == "", the whole span is
// replaced by New (New == "" deletes it; an editor deletes an element
// alone on its lines with its lines). Otherwise the first occurrence of
// Old inside the span is replaced by New: rules know elements' spans and
// values, not their raw text.
type Edit struct {
	Span loc.Span
	Old  string
	New  string
}

// Suppression says why a finding is silenced.
type Suppression struct {
	// Kind is "inline" (a nclint-ignore comment), "config" (an ignore:
	// entry of the configuration) or "baseline".
	Kind string
	// Reason is the reason written in the comment ("" when none).
	Reason string
	// Span is the comment (zero for the baseline).
	Span loc.Span
}

// Pass is what a rule's Check sees: the graph and a way to report.
type Pass struct {
	Rule  *Rule
	Graph *graph.Graph
	// Now is the reference time for date checks (certificate expiry).
	Now time.Time
	// Settings are the project facts from the configuration file.
	Settings *Settings

	findings []Finding
	skips    []Skip
}

// Skip says that a rule was not evaluated for something because a file
// (or directory) it needs could not be read: the rule would otherwise
// judge from missing evidence. The driver turns skips into notices.
type Skip struct {
	RuleID   string
	RuleName string
	// File is the unreadable file or directory, relative to the root.
	File string
	// What names what was not evaluated, e.g. "external credential Ops_EC".
	What string
}

// Message is the notice text for the skip.
func (s Skip) Message() string { return SkipMessage(s.RuleID, s.RuleName, []string{s.What}) }

// maxSkipItems is the number of skipped items a notice names before it
// says how many more there are.
const maxSkipItems = 5

// SkipMessage is the notice text for the skips of one rule caused by one
// file: the items not evaluated (at most five, then "and N more").
func SkipMessage(ruleID, ruleName string, whats []string) string {
	items := whats
	more := ""
	if len(items) > maxSkipItems {
		items, more = items[:maxSkipItems], fmt.Sprintf(" and %d more", len(whats)-maxSkipItems)
	}
	return fmt.Sprintf("%s %s not evaluated for %s%s: this file could not be read and may change the result",
		ruleID, ruleName, strings.Join(items, "; "), more)
}

// NotEvaluated records that the rule draws no conclusion about what
// because each of files could not be read. Call it instead of reporting a
// finding that the unreadable content might contradict.
func (p *Pass) NotEvaluated(what string, files ...string) {
	for _, f := range files {
		p.skips = append(p.skips, Skip{RuleID: p.Rule.ID, RuleName: p.Rule.Name, File: f, What: what})
	}
}

// Report records a finding for the pass's rule. RuleID, RuleName and
// (when empty) Level are filled in from the rule.
func (p *Pass) Report(f Finding) {
	f.RuleID = p.Rule.ID
	f.RuleName = p.Rule.Name
	if f.Level == "" {
		f.Level = p.Rule.Level
	}
	f.Identity = p.Rule.ID + "|" + f.Identity
	p.findings = append(p.findings, f)
}

// Options control a run of the engine.
type Options struct {
	// Now is the reference time for date checks; zero means time.Now().
	Now time.Time
	// Levels overrides rule levels by rule ID; LevelNone turns a rule off.
	Levels map[string]Level
	// Settings are the project facts from the configuration file.
	Settings Settings
}

// Failure is a rule that panicked. The run continues without its findings.
type Failure struct {
	RuleID  string
	Message string
}

// Run runs every rule over g and returns the findings sorted by location,
// then rule ID, then message, with exact duplicates removed. A rule that
// panics does not stop the run; it is returned as a Failure.
func Run(rules []*Rule, g *graph.Graph, opts Options) ([]Finding, []Failure) {
	findings, failures, _ := RunAll(rules, g, opts)
	return findings, failures
}

// RunAll is Run that also returns the skips of every rule (see
// Pass.NotEvaluated), sorted by file, rule and text, without duplicates.
func RunAll(rules []*Rule, g *graph.Graph, opts Options) ([]Finding, []Failure, []Skip) {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	var all []Finding
	var failures []Failure
	var skips []Skip
	for _, r := range rules {
		level := r.Level
		if l, ok := opts.Levels[r.ID]; ok {
			level = l
		}
		if level == LevelNone || r.Check == nil {
			continue // off, or reported by the engine rather than a check
		}
		pass := &Pass{Rule: r, Graph: g, Now: now, Settings: &opts.Settings}
		if err := runCheck(pass); err != nil {
			failures = append(failures, Failure{RuleID: r.ID, Message: err.Error()})
			continue
		}
		skips = append(skips, pass.skips...)
		for _, f := range pass.findings {
			if _, overridden := opts.Levels[r.ID]; overridden {
				f.Level = level
			}
			all = append(all, f)
		}
	}
	SortFindings(all)
	all = slices.CompactFunc(all, func(a, b Finding) bool {
		return a.RuleID == b.RuleID && a.Message == b.Message && a.Span == b.Span && a.Identity == b.Identity
	})
	slices.SortFunc(skips, func(a, b Skip) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.RuleID, b.RuleID), cmp.Compare(a.What, b.What))
	})
	return all, failures, slices.Compact(skips)
}

func runCheck(pass *Pass) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("rule %s panicked: %v\n%s", pass.Rule.ID, r, debug.Stack())
		}
	}()
	pass.Rule.Check(pass)
	return nil
}

// SortFindings sorts findings by file, line, column, then rule ID, then message.
func SortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		if c := loc.Compare(a.Span, b.Span); c != 0 {
			return c
		}
		if c := cmp.Compare(a.RuleID, b.RuleID); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Message, b.Message); c != 0 {
			return c
		}
		return cmp.Compare(a.Identity, b.Identity)
	})
}
