package report

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/loc"
)

func formatsInput() Input {
	span := func(file string, line, col, endCol int) loc.Span {
		return loc.Span{File: file, Start: loc.Pos{Line: line, Col: col}, End: loc.Pos{Line: line, Col: endCol}}
	}
	return Input{
		ToolName: "nclint", ToolVersion: "1.2.3", Rules: testRules(), FilesScanned: 3, Root: "/repo/app",
		Findings: []lint.Finding{
			{RuleID: "NC001", RuleName: "principal-not-granted", Level: lint.LevelError,
				Message:  "Principal \"A, B: 100%\"\nis not granted",
				Span:     span("force-app/x.xml", 7, 5, 30),
				Related:  []lint.Related{{Span: span("force-app/y.xml", 2, 1, 10), Message: "named credential Y uses it"}},
				Flow:     []lint.Related{{Span: span("force-app/z.cls", 4, 9, 20), Message: "entry"}},
				Identity: "NC001|EC:A"},
			{RuleID: "NC002", RuleName: "profile-field-access", Level: lint.LevelNote, Message: "note here",
				Span: span("force-app/w.xml", 1, 1, 5), Identity: "NC002|P",
				Suppression: &lint.Suppression{Kind: "inline", Reason: "accepted", Span: span("force-app/w.xml", 1, 1, 40)}},
		},
		Notifications: []Notification{{File: "force-app/bad.xml", Message: "cannot read", Level: lint.LevelError}},
	}
}

func TestJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, formatsInput()); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Version      int
		Tool         struct{ Name, Version string }
		FilesScanned int
		Summary      struct{ Errors, Warnings, Notes, Suppressed int }
		Findings     []struct {
			RuleID, RuleName, Level, Message, Identity string
			Location                                   struct {
				File                                       string
				StartLine, StartColumn, EndLine, EndColumn int
			}
			Related     []struct{ Message string }
			Flow        []struct{ Message string }
			Suppression *struct{ Kind, Reason string }
		}
		Notifications []struct{ File, Level, Message string }
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, buf.String())
	}
	if got.Version != JSONVersion || got.Tool.Name != "nclint" || got.Tool.Version != "1.2.3" || got.FilesScanned != 3 {
		t.Errorf("header: %+v", got)
	}
	if got.Summary.Errors != 1 || got.Summary.Notes != 0 || got.Summary.Suppressed != 1 {
		t.Errorf("summary: %+v (the suppressed note must not count as a note)", got.Summary)
	}
	if len(got.Findings) != 2 {
		t.Fatalf("findings: %d", len(got.Findings))
	}
	f := got.Findings[0]
	if f.RuleID != "NC001" || f.Level != "error" || f.Location.File != "force-app/x.xml" || f.Location.StartLine != 7 ||
		f.Location.StartColumn != 5 || f.Location.EndColumn != 30 || f.Identity != "NC001|EC:A" ||
		len(f.Related) != 1 || len(f.Flow) != 1 || f.Suppression != nil || !strings.Contains(f.Message, "\nis not granted") {
		t.Errorf("finding 0: %+v", f)
	}
	if s := got.Findings[1].Suppression; s == nil || s.Kind != "inline" || s.Reason != "accepted" {
		t.Errorf("finding 1 suppression: %+v", s)
	}
	if len(got.Notifications) != 1 || got.Notifications[0].Level != "error" {
		t.Errorf("notifications: %+v", got.Notifications)
	}
	// Empty lists are [] rather than null, so scripts can iterate.
	buf.Reset()
	if err := JSON(&buf, Input{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"findings": []`) || !strings.Contains(buf.String(), `"notifications": []`) {
		t.Errorf("empty report: %s", buf.String())
	}
}

func TestGitHub(t *testing.T) {
	var buf bytes.Buffer
	if err := GitHub(&buf, formatsInput(), GitHubOptions{PathPrefix: "apps/crm"}); err != nil {
		t.Fatal(err)
	}
	// Written by hand from the workflow command syntax; do not regenerate.
	want := "::error file=apps/crm/force-app/x.xml,line=7,col=5,endLine=7,endColumn=30,title=NC001 principal-not-granted::" +
		"Principal \"A, B: 100%25\"%0Ais not granted%0Anamed credential Y uses it (apps/crm/force-app/y.xml:2)\n" +
		"::error file=apps/crm/force-app/bad.xml::nclint: cannot read\n"
	if got := buf.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if got := escapeProperty("a:b,c%d\ne"); got != "a%3Ab%2Cc%25d%0Ae" {
		t.Errorf("escapeProperty = %q", got)
	}
}

func TestTextShowsSuppressedSeparately(t *testing.T) {
	out := writeText(t, formatsInput(), TextOptions{})
	if !strings.Contains(out, "note here (suppressed by inline: accepted) [NC002/profile-field-access]") {
		t.Errorf("suppressed finding not marked:\n%s", out)
	}
	if !strings.HasSuffix(out, "3 files scanned: 1 error, 1 suppressed\n") {
		t.Errorf("summary must count the suppressed finding apart:\n%s", out)
	}
}

// positionless is a finding about a whole file (no line known) in a file
// whose name holds control characters, as a hostile pull request can make.
func positionless() Input {
	return Input{
		ToolName: "nclint", Rules: testRules(), Root: "/repo",
		Findings: []lint.Finding{{RuleID: "NC001", RuleName: "principal-not-granted", Level: lint.LevelError,
			Message: "bad\x1b[2J file\x07", Span: loc.Span{File: "force-app/evil\x1b[31m\r\n::error::x%,y.xml"}, Identity: "NC001|X",
			Related: []lint.Related{{Span: loc.Span{File: "force-app/other.xml"}, Message: "the other file"}}}},
		Notifications: []Notification{{File: "force-app/a\x1bb.cls", Message: "skipped\x00", Level: lint.LevelWarning}},
	}
}

func TestGitHubPositionlessAndControlCharacters(t *testing.T) {
	var buf bytes.Buffer
	if err := GitHub(&buf, positionless(), GitHubOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	want := "::error file=force-app/evil\\x1b[31m%0D%0A%3A%3Aerror%3A%3Ax%25%2Cy.xml,title=NC001 principal-not-granted::bad\\x1b[2J file\\x07%0Athe other file (force-app/other.xml)\n" +
		"::warning file=force-app/a\\x1bb.cls::nclint: skipped\\x00\n"
	if out != want {
		t.Errorf("got\n%q\nwant\n%q", out, want)
	}
	if strings.Contains(out, "line=0") || strings.ContainsAny(out, "\x1b\x07\x00\r") || strings.Count(out, "\n") != 2 {
		t.Errorf("line=0, raw control characters or extra lines in %q", out)
	}
}

func TestJSONPositionless(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, positionless()); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Findings []struct{ Location map[string]any }
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	loc := got.Findings[0].Location
	if loc["startLine"] != 1.0 || len(loc) != 2 {
		t.Errorf("location %v, want startLine 1 and no columns or end (as in SARIF)", loc)
	}
	if regexp.MustCompile(`"(start|end)(Line|Column)": 0`).MatchString(buf.String()) {
		t.Errorf("a position is 0:\n%s", buf.String())
	}
}
