package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/loc"
)

func writeMarkdown(t *testing.T, in Input, opts MarkdownOptions) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Markdown(&buf, in, opts); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestMarkdown(t *testing.T) {
	got := writeMarkdown(t, testInput(), MarkdownOptions{PathPrefix: "apps/crm"})
	// Written by hand; do not regenerate. Errors come first in the table,
	// a rule found at two levels has a row for each, the list keeps the
	// findings' order, and a finding with no line has none.
	const doc = "https://github.com/nclint/nclint/blob/v0.4.0/docs/rules/"
	want := "## nclint: 1 error, 1 warning, 1 note; incomplete, some files could not be read\n\n" +
		"12 files scanned.\n\n" +
		"**The run is incomplete**: some files could not be read (see the notices below).\n\n" +
		"| Level | Rule | Findings |\n|---|---|---:|\n" +
		"| error | [NC001 principal-not-granted](" + doc + "NC001.md) | 1 |\n" +
		"| warning | [NC002 profile-field-access](" + doc + "NC002.md) | 1 |\n" +
		"| note | [NC002 profile-field-access](" + doc + "NC002.md) | 1 |\n\n" +
		"<details><summary>3 findings</summary>\n\n" +
		"- error `apps/crm/force-app/main/default/Named Credentials App/Zürich API.namedCredential-meta.xml:7` NC001: " +
		"Principal \"Callout\" of external credential Zurich_EC is granted by no permission set; callouts through Zürich API fail with an authentication error.\n" +
		"- warning `apps/crm/force-app/main/default/profiles/AMLCTF Retail Audit Case R%2FW.profile-meta.xml:40` NC002: " +
		"Field Account.Score__c is read-only but the profile grants edit.\n" +
		"- note `apps/crm/force-app/main/default/profiles/AMLCTF Retail Audit Case R%2FW.profile-meta.xml` NC002: " +
		"The profile could not be located precisely.\n\n" +
		"</details>\n\n" +
		"### Notices\n\n" +
		"- error `apps/crm/force-app/main/default/classes/Broken File.cls`: cannot read file: permission denied\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestMarkdownNoFindingsAndSuppressed(t *testing.T) {
	if got, want := writeMarkdown(t, emptyInput(), MarkdownOptions{}), "## nclint: no findings\n\n1 file scanned.\n"; got != want {
		t.Errorf("no findings: got %q, want %q", got, want)
	}
	// formatsInput's note is suppressed: only the error is counted.
	got := writeMarkdown(t, formatsInput(), MarkdownOptions{})
	if !strings.HasPrefix(got, "## nclint: 1 error; incomplete, some files could not be read\n\n3 files scanned.\n") || strings.Contains(got, "note here") ||
		strings.Contains(got, "NC002") || !strings.Contains(got, "<summary>1 finding</summary>") {
		t.Errorf("suppressed finding counted or listed:\n%s", got)
	}
	// A finding's message never breaks its line.
	if !strings.Contains(got, "- error `force-app/x.xml:7` NC001: Principal \"A, B: 100%\" is not granted\n") {
		t.Errorf("the multi-line message is not one list item:\n%s", got)
	}
}

func TestMarkdownEscapesFindingText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"<script>alert(1)</script>", `\<script\>alert(1)\</script\>`},
		{"**bold** and *em* and `code`", "\\*\\*bold\\*\\* and \\*em\\* and \\`code\\`"},
		{"[click](https://evil.example) ![img](x)", `\[click\](https://evil.example) !\[img\](x)`},
		{"a | b ~~gone~~", `a \| b \~\~gone\~\~`},
		{"_em_ and __strong__ but Billing_EC, Score__c and snake_case_name", `\_em\_ and \_\_strong\_\_ but Billing_EC, Score__c and snake_case_name`},
		{"&lt; &#60; &#x3C; stay text; a & b, status=1&date", "&amp;lt; &amp;#60; &amp;#x3C; stay text; a & b, status=1&date"},
		{`C:\path\*`, `C:\\path\\\*`},
		{"line one\r\nline two\nthree\rfour", "line one line two three four"},
	} {
		if got := mdEscape(tc.in); got != tc.want {
			t.Errorf("mdEscape(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for in, want := range map[string]string{
		"force-app/a.xml":  "`force-app/a.xml`",
		"odd`name.cls":     "``odd`name.cls``",
		"`start.cls":       "`` `start.cls ``",
		"two\nlines.cls":   "`two lines.cls`",
		"run``of``ticks":   "```run``of``ticks```",
		"plain <html>.cls": "`plain <html>.cls`",
	} {
		if got := mdCode(in); got != want {
			t.Errorf("mdCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMarkdownListsAtMostMaxFindings(t *testing.T) {
	in := emptyInput()
	n := MaxMarkdownFindings + 5
	for i := range n {
		in.Findings = append(in.Findings, lint.Finding{RuleID: "NC002", RuleName: "profile-field-access", Level: lint.LevelWarning,
			Message: fmt.Sprintf("finding %d", i), Span: loc.Span{File: filePS, Start: loc.Pos{Line: i + 1}}})
	}
	got := writeMarkdown(t, in, MarkdownOptions{})
	if c := strings.Count(got, "\n- warning "); c != MaxMarkdownFindings {
		t.Errorf("%d findings listed, want %d", c, MaxMarkdownFindings)
	}
	if !strings.Contains(got, "| warning | [NC002 profile-field-access](https://github.com/nclint/nclint/blob/v0.4.0/docs/rules/NC002.md) | 105 |\n") ||
		!strings.Contains(got, "\n… and 5 more (the SARIF file and the annotations have them all).\n") ||
		strings.Contains(got, fmt.Sprintf("finding %d\n", MaxMarkdownFindings)) {
		t.Errorf("cap not applied as expected:\n%s", got[max(0, len(got)-400):])
	}
}

func TestMarkdownRejectsInvalidLevel(t *testing.T) {
	in := emptyInput()
	in.Findings = []lint.Finding{{RuleID: "NC001", RuleName: "principal-not-granted", Level: "fatal", Message: "x", Span: loc.FileSpan(filePS)}}
	if err := Markdown(&bytes.Buffer{}, in, MarkdownOptions{}); err == nil {
		t.Error("a finding of level \"fatal\" was written")
	}
}

// FuzzMarkdownEscape checks that no input leaves Markdown or HTML syntax
// unescaped: every special character is preceded by an odd number of
// backslashes, an "&" never starts a character reference other than the
// "&amp;" of the escape, and the text stays on one line.
func FuzzMarkdownEscape(f *testing.F) {
	for _, s := range []string{"<b>x</b>", "**a** _b_ `c` [d](e)", "Score__c _x_", "&lt;&#60;", `\*`, "a\r\nb", "~~s~~ | t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := []rune(mdEscape(s))
		backslashes := func(i int) int {
			n := 0
			for j := i - 1; j >= 0 && out[j] == '\\'; j-- {
				n++
			}
			return n
		}
		for i, r := range out {
			switch r {
			case '\n', '\r':
				t.Fatalf("mdEscape(%q) has a line break: %q", s, string(out))
			case '`', '*', '[', ']', '<', '>', '|', '~':
				if backslashes(i)%2 == 0 {
					t.Fatalf("mdEscape(%q) = %q: %q at %d is not escaped", s, string(out), r, i)
				}
			case '&':
				if rest := string(out[i:]); !strings.HasPrefix(rest, "&amp;") && mdCharRef.MatchString(rest) {
					t.Fatalf("mdEscape(%q) = %q: a character reference at %d", s, string(out), i)
				}
			}
		}
	})
}

// TestFilteredFindingsInSummaries: findings left out by a baseline or by
// --new-from-rev are counted in the text summary and the Markdown heading,
// so "no findings" does not read as a clean project.
func TestFilteredFindingsInSummaries(t *testing.T) {
	in := emptyInput()
	in.Baselined, in.AtRevision, in.Revision = 34, 3, "HEAD"
	if got, want := writeMarkdown(t, in, MarkdownOptions{}), "## nclint: no findings (34 in the baseline, 3 already at HEAD)\n\n1 file scanned.\n"; got != want {
		t.Errorf("markdown: got %q, want %q", got, want)
	}
	var buf bytes.Buffer
	if err := Text(&buf, in, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), "1 file scanned: no findings (34 in the baseline, 3 already at HEAD)\n"; got != want {
		t.Errorf("text: got %q, want %q", got, want)
	}
	in.AtRevision = 0
	buf.Reset()
	if err := Text(&buf, in, TextOptions{}); err != nil || buf.String() != "1 file scanned: no findings (34 in the baseline)\n" {
		t.Errorf("text, baseline only: %q (%v)", buf.String(), err)
	}
}

// TestMarkdownNoticesAreNotFindingLevels: a notification that is not an
// error is listed as a notice, as in the text report ("note" is a level of
// findings).
func TestMarkdownNoticesAreNotFindingLevels(t *testing.T) {
	in := emptyInput()
	in.Notifications = []Notification{{Level: lint.LevelNote, Message: "2 finding(s) recorded in b.json no longer occur"},
		{Level: lint.LevelWarning, File: "force-app/x.xml", Message: "skipped"}}
	got := writeMarkdown(t, in, MarkdownOptions{})
	want := "### Notices\n\n- notice: 2 finding(s) recorded in b.json no longer occur\n- notice `force-app/x.xml`: skipped\n"
	if !strings.HasSuffix(got, want) {
		t.Errorf("got:\n%s\nwant it to end with:\n%s", got, want)
	}
}
