package report

import (
	"bufio"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/nclint/nclint/internal/lint"
)

// MaxMarkdownFindings is the most findings the Markdown report lists one
// by one; the table counts them all. A GitHub job summary holds at most
// 1 MiB, and the SARIF and annotations carry every finding anyway.
const MaxMarkdownFindings = 100

// MarkdownOptions tune the Markdown report.
type MarkdownOptions struct {
	// PathPrefix is prepended to every path (the project root relative to
	// the repository root), as for GitHubOptions. "" for none.
	PathPrefix string
}

// Markdown writes in as a GitHub Markdown summary, written for a job
// summary ($GITHUB_STEP_SUMMARY) or a pull-request comment: a heading with
// the counts by level, a table of the findings by level and rule (each rule
// linked to its documentation), the findings one per line in a collapsed
// section (at most MaxMarkdownFindings), and the notifications. Suppressed
// findings are left out, as in SARIF. Text from findings is escaped, so a
// message cannot inject Markdown or HTML.
func Markdown(w io.Writer, in Input, opts MarkdownOptions) error {
	b := bufio.NewWriter(w)
	var findings []lint.Finding
	for _, f := range in.Findings {
		if f.Suppression == nil {
			findings = append(findings, f)
		}
	}
	type key struct {
		level lint.Level
		id    string
	}
	counts := map[key]int{}
	names := map[string]string{}
	byLevel := map[lint.Level]int{}
	for _, f := range findings {
		if _, err := notificationLevel(f.Level); err != nil {
			return err
		}
		counts[key{f.Level, f.RuleID}]++
		byLevel[f.Level]++
		names[f.RuleID] = f.RuleName
	}

	var parts []string
	for _, l := range []lint.Level{lint.LevelError, lint.LevelWarning, lint.LevelNote} {
		if n := byLevel[l]; n > 0 {
			parts = append(parts, plural(n, string(l), string(l)+"s"))
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "no findings")
	}
	heading := strings.Join(parts, ", ") + mdEscape(in.filtered())
	if !in.ExecutionSuccessful {
		heading += "; incomplete, some files could not be read"
	}
	fmt.Fprintf(b, "## %s: %s\n\n", in.toolName(), heading)
	fmt.Fprintf(b, "%s scanned.\n", plural(in.FilesScanned, "file", "files"))
	if !in.ExecutionSuccessful {
		b.WriteString("\n**The run is incomplete**: some files could not be read (see the notices below).\n")
	}

	if len(findings) > 0 {
		keys := make([]key, 0, len(counts))
		for k := range counts {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b key) int {
			if d := b.level.Rank() - a.level.Rank(); d != 0 {
				return d
			}
			return strings.Compare(a.id, b.id)
		})
		b.WriteString("\n| Level | Rule | Findings |\n|---|---|---:|\n")
		for _, k := range keys {
			rule := mdEscape(k.id + " " + names[k.id])
			if in.ToolName == "" || in.ToolName == DefaultToolName {
				rule = "[" + rule + "](" + RuleHelpURI(in.ToolVersion, k.id) + ")"
			}
			fmt.Fprintf(b, "| %s | %s | %d |\n", k.level, rule, counts[k])
		}

		fmt.Fprintf(b, "\n<details><summary>%s</summary>\n\n", plural(len(findings), "finding", "findings"))
		for i, f := range findings {
			if i == MaxMarkdownFindings {
				fmt.Fprintf(b, "\n… and %d more (the SARIF file and the annotations have them all).\n", len(findings)-i)
				break
			}
			file, _ := relPath(in.Root, f.Span.File)
			where := path.Join(opts.PathPrefix, file)
			if line := f.Span.Start.Line; line > 0 {
				where += ":" + strconv.Itoa(line)
			}
			fmt.Fprintf(b, "- %s %s %s: %s\n", f.Level, mdCode(where), f.RuleID, mdEscape(f.Message))
		}
		b.WriteString("\n</details>\n")
	}

	if len(in.Notifications) > 0 {
		b.WriteString("\n### Notices\n\n")
		for _, n := range in.Notifications {
			level, err := notificationLevel(n.Level)
			if err != nil {
				return err
			}
			if level != lint.LevelError {
				level = levelNotice // about the run, not a finding: as in the text report
			}
			line := "- " + string(level)
			if n.File != "" {
				line += " " + mdCode(path.Join(opts.PathPrefix, n.File))
			}
			b.WriteString(line + ": " + mdEscape(n.Message) + "\n")
		}
	}
	if err := b.Flush(); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// mdCharRef matches a character reference at the start of a string.
var mdCharRef = regexp.MustCompile(`^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});`)

// mdEscape escapes text for a Markdown paragraph, list item or table cell:
// a backslash before what could start emphasis, code, a link, a table
// cell, strikethrough or HTML ("_" only at a word's edge, where it can
// start or end emphasis, so that "Billing_EC" and "Score__c" stay readable), "&amp;" for
// an "&" that could start a character reference, and line breaks become
// spaces (one finding, one line).
func mdEscape(s string) string {
	var b strings.Builder
	rs := []rune(s)
	word := func(i int) bool {
		return i >= 0 && i < len(rs) && (unicode.IsLetter(rs[i]) || unicode.IsDigit(rs[i]))
	}
	for i, r := range rs {
		switch r {
		case '\\', '`', '*', '[', ']', '<', '>', '|', '~':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '_':
			// A run of underscores inside a word (Score__c) cannot
			// open or close emphasis.
			before, after := i-1, i+1
			for before >= 0 && rs[before] == '_' {
				before--
			}
			for after < len(rs) && rs[after] == '_' {
				after++
			}
			if !word(before) || !word(after) {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		case '&':
			if mdCharRef.MatchString(string(rs[i:min(len(rs), i+40)])) {
				b.WriteString("&amp;")
			} else {
				b.WriteRune(r)
			}
		case '\r', '\n':
			if i == 0 || rs[i-1] != '\r' || r != '\n' {
				b.WriteByte(' ')
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mdCode writes s as inline code, with a fence longer than any run of
// backticks inside (and spaces when s starts or ends with one).
func mdCode(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// MarkdownEscape escapes text for a Markdown paragraph, list item or table
// cell (see mdEscape). Other Markdown writers (internal/render) use it, so
// that there is one escaper, the fuzzed one.
func MarkdownEscape(s string) string { return mdEscape(s) }

// MarkdownCode writes s as inline code (see mdCode).
func MarkdownCode(s string) string { return mdCode(s) }
