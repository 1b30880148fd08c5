package report

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/loc"
)

// TextOptions control the text reporter.
type TextOptions struct {
	// Color colours the level word and dims the rule ID with ANSI escape
	// sequences. See ColorEnabled.
	Color bool
}

// ANSI SGR sequences used when TextOptions.Color is set.
const (
	ansiReset  = "\x1b[0m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[1;31m"
	ansiYellow = "\x1b[1;33m"
	ansiCyan   = "\x1b[1;36m"
)

// Text writes in as compiler-style lines, one finding after another in the
// given order:
//
//	path:line:col: level: message [NC001/rule-name]
//	    path:line:col: note: related message
//	    path:line:col: note: step 1: flow step message
//
// Paths are relative to the root; ":line:col" is omitted when unknown (and
// ":col" alone when only the line is known). Related locations, then the
// steps of a flow, are indented beneath their finding. Notifications follow
// as "path: level: message" ("nclint: level: message" without a file; the
// level is "notice" unless the notification is an error), and a summary
// line ends the output, e.g. "12 files scanned: 2 errors, 3 warnings,
// 1 note", "1 file scanned: no findings" or
// "3 files scanned: 1 warning; 1 notice". Control characters in paths and messages
// are written escaped (\x1b), so file names cannot drive the terminal.
func Text(w io.Writer, in Input, opts TextOptions) error {
	bw := bufio.NewWriter(w)
	p := textPrinter{w: bw, root: in.Root, color: opts.Color}
	rules := make(map[string]*lint.Rule, len(in.Rules))
	for _, r := range in.Rules {
		if r != nil {
			rules[r.ID] = r
		}
	}
	var errs, warns, notes, others, suppressed int
	for i := range in.Findings {
		f := &in.Findings[i]
		level, name := f.Level, f.RuleName
		if r := rules[f.RuleID]; r != nil {
			level = lint.Level(firstNonEmpty(string(level), string(r.Level)))
			name = firstNonEmpty(name, r.Name)
		}
		msg := f.Message
		if s := f.Suppression; s != nil {
			suppressed++
			msg += " (suppressed by " + s.Kind
			if s.Reason != "" {
				msg += ": " + s.Reason
			}
			msg += ")"
			p.line("", p.position(f.Span), level, msg, f.RuleID, name)
			continue
		}
		switch level {
		case lint.LevelError:
			errs++
		case lint.LevelWarning:
			warns++
		case lint.LevelNote:
			notes++
		default:
			others++
		}
		p.line("", p.position(f.Span), level, msg, f.RuleID, name)
		for _, r := range f.Related {
			p.line("    ", p.position(r.Span), lint.LevelNote, firstNonEmpty(r.Message, "related location"), "", "")
		}
		for j, s := range f.Flow {
			p.line("    ", p.position(s.Span), lint.LevelNote, "step "+strconv.Itoa(j+1)+": "+s.Message, "", "")
		}
	}
	notices := 0
	for _, n := range in.Notifications {
		where := in.toolName()
		if n.File != "" {
			where = p.path(n.File)
		}
		level := lint.Level(firstNonEmpty(string(n.Level), string(lint.LevelWarning)))
		if level != lint.LevelError {
			// About the run, not a finding: "notice", so it does not read
			// like a finding without a rule, and counted apart below.
			level = levelNotice
			notices++
		}
		p.line("", where, level, n.Message, "", "")
	}

	bw.WriteString(plural(in.FilesScanned, "file", "files") + " scanned: ")
	var parts []string
	for _, c := range []struct {
		n            int
		one, several string
	}{
		{errs, "error", "errors"},
		{warns, "warning", "warnings"},
		{notes, "note", "notes"},
		{others, "other finding", "other findings"},
		{suppressed, "suppressed", "suppressed"},
	} {
		if c.n > 0 {
			parts = append(parts, plural(c.n, c.one, c.several))
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "no findings")
	}
	summary := strings.Join(parts, ", ") + in.filtered()
	if notices > 0 {
		summary += "; " + plural(notices, "notice", "notices")
	}
	bw.WriteString(summary + "\n")
	if err := bw.Flush(); err != nil { // bufio keeps the first write error
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// filtered is " (34 in the baseline, 3 already at HEAD, 1 in other files
// not shown)", or "" when no finding was left out that way.
func (in *Input) filtered() string {
	var parts []string
	if in.Baselined > 0 {
		parts = append(parts, strconv.Itoa(in.Baselined)+" in the baseline")
	}
	if in.AtRevision > 0 {
		parts = append(parts, strconv.Itoa(in.AtRevision)+" already at "+firstNonEmpty(in.Revision, "the revision"))
	}
	if in.OutsideTargets > 0 {
		parts = append(parts, strconv.Itoa(in.OutsideTargets)+" in other files not shown")
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// levelNotice is the word the text report writes for notifications that
// are not errors (a package directory that does not exist, a certificate
// whose content could not be checked): they are about the run, not findings.
const levelNotice lint.Level = "notice"

type textPrinter struct {
	w     *bufio.Writer
	root  string
	color bool
}

// line writes indent + where + ": " + level + ": " + message and, when
// ruleID is set, " [ruleID/ruleName]".
func (p *textPrinter) line(indent, where string, level lint.Level, message, ruleID, ruleName string) {
	b := p.w
	b.WriteString(indent)
	if where != "" {
		b.WriteString(where)
		b.WriteString(": ")
	}
	if p.color {
		b.WriteString(levelColor(level))
		b.WriteString(sanitize(string(level)))
		b.WriteString(ansiReset)
	} else {
		b.WriteString(sanitize(string(level)))
	}
	b.WriteString(": ")
	b.WriteString(sanitize(message))
	if ruleID != "" {
		tag := "[" + ruleID
		if ruleName != "" {
			tag += "/" + ruleName
		}
		tag = sanitize(tag + "]")
		b.WriteByte(' ')
		if p.color {
			b.WriteString(ansiDim + tag + ansiReset)
		} else {
			b.WriteString(tag)
		}
	}
	b.WriteByte('\n')
}

// position formats s as "path:line:col", "path:line" or "path".
func (p *textPrinter) position(s loc.Span) string {
	if s.File == "" {
		return ""
	}
	out := p.path(s.File)
	if s.Start.IsValid() {
		out += ":" + strconv.Itoa(s.Start.Line)
		if s.Start.Col > 0 {
			out += ":" + strconv.Itoa(s.Start.Col)
		}
	}
	return out
}

func (p *textPrinter) path(file string) string {
	rel, _ := relPath(p.root, file)
	return sanitize(rel)
}

func levelColor(l lint.Level) string {
	switch l {
	case lint.LevelError:
		return ansiRed
	case lint.LevelWarning:
		return ansiYellow
	}
	return ansiCyan
}

// sanitize escapes C0 and C1 control characters other than tab, so that
// text from file names and messages cannot move the cursor or change
// colours.
func sanitize(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isControl(r) {
			fmt.Fprintf(&b, `\x%02x`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isControl(r rune) bool {
	return (r < 0x20 && r != '\t') || (r >= 0x7f && r < 0xa0)
}

func plural(n int, one, several string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + several
}

// ColorEnabled reports whether output to f should be coloured: f is a
// terminal (a character device) and NO_COLOR is not set to a non-empty
// value (https://no-color.org) and TERM is not "dumb". It needs no
// dependency beyond the standard library. A character device that is not
// a terminal, such as /dev/null, also counts; its output is unseen.
func ColorEnabled(f *os.File) bool {
	if f == nil || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	return fi.Mode()&os.ModeCharDevice != 0
}
