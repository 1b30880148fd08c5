package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/loc"
)

func sarifOf(t *testing.T, in Input) sLog {
	t.Helper()
	var buf bytes.Buffer
	if err := SARIF(&buf, in); err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, buf.Bytes())
	return parseSARIF(t, buf.Bytes())
}

// TestSARIFRepositoryRelativeURIs: GitHub places alerts by URIs relative
// to the repository root, so a project in a subfolder gets the subfolder
// in every URI; without a repository root they stay relative to the project.
func TestSARIFRepositoryRelativeURIs(t *testing.T) {
	in := testInput()
	in.Root = "/home/dev/repo/apps/crm"
	in.RepoRoot = "/home/dev/repo"
	run := sarifOf(t, in).Runs[0]
	if got := run.OriginalURIBaseIDs["%SRCROOT%"].URI; got != "file:///home/dev/repo/" {
		t.Errorf("%%SRCROOT%% = %s, want the repository root", got)
	}
	for _, r := range run.Results {
		for _, l := range append(r.Locations, r.RelatedLocations...) {
			if l.PhysicalLocation == nil {
				continue
			}
			if uri := l.PhysicalLocation.ArtifactLocation.URI; !strings.HasPrefix(uri, "apps/crm/force-app/") {
				t.Errorf("uri %s, want apps/crm/force-app/...", uri)
			}
		}
	}

	in.RepoRoot = ""
	run = sarifOf(t, in).Runs[0]
	if uri := run.Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI; !strings.HasPrefix(uri, "force-app/") {
		t.Errorf("outside git: uri %s, want relative to the project root", uri)
	}
	// A repository root that does not contain the project is ignored.
	in.RepoRoot = "/elsewhere"
	run = sarifOf(t, in).Runs[0]
	if uri := run.Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI; !strings.HasPrefix(uri, "force-app/") {
		t.Errorf("unrelated repository root: uri %s", uri)
	}
}

// TestSARIFMessageLinksRelatedLocations: each related location is linked
// from the message text as [text](id), and literal brackets are escaped.
func TestSARIFMessageLinksRelatedLocations(t *testing.T) {
	in := emptyInput()
	in.Root = testRoot
	in.Findings = []lint.Finding{{
		RuleID: "NC001", Level: lint.LevelError, Message: "Principal [Alpha] is not granted.",
		Span: loc.FileSpan("a.xml"), Identity: "x",
		Related: []lint.Related{
			{Span: loc.FileSpan("nc.xml"), Message: "used by Ops_API"},
			{Span: loc.FileSpan("force-app/ps.xml")},
		},
	}}
	res := sarifOf(t, in).Runs[0].Results[0]
	want := `Principal \[Alpha\] is not granted. Related: [used by Ops_API](1); [ps.xml](2).`
	if res.Message.Text != want {
		t.Errorf("message %q, want %q", res.Message.Text, want)
	}
	if len(res.RelatedLocations) != 2 || *res.RelatedLocations[1].ID != 2 {
		t.Errorf("related locations: %+v", res.RelatedLocations)
	}
}

func TestRuleHelpURI(t *testing.T) {
	for v, ref := range map[string]string{
		"0.4.0": "v0.4.0", "v1.2.3": "v1.2.3", "1.0.0-rc.1": "v1.0.0-rc.1",
		"": "main", "dev": "main", "0.1.0-devel": "main", "0.0.0-20260101120000-abcdef123456": "main",
		"1.2.3-0.20260101120000-abcdef123456": "main", "1.2.3+dirty": "main",
	} {
		if got, want := RuleHelpURI(v, "NC101"), "https://github.com/nclint/nclint/blob/"+ref+"/docs/rules/NC101.md"; got != want {
			t.Errorf("RuleHelpURI(%q) = %s, want %s", v, got, want)
		}
	}
}

func TestCapResultsKeepsMostSevere(t *testing.T) {
	var fs []lint.Finding
	for i, l := range []lint.Level{lint.LevelNote, lint.LevelError, lint.LevelWarning, lint.LevelNote, lint.LevelError} {
		fs = append(fs, lint.Finding{Level: l, Message: fmt.Sprint(i)})
	}
	kept, dropped := capResults(fs, 3)
	var got []string
	for _, f := range kept {
		got = append(got, f.Message)
	}
	if dropped != 2 || strings.Join(got, ",") != "1,2,4" {
		t.Errorf("kept %v, dropped %d; want 1,2,4 (errors and the warning, in order) and 2", got, dropped)
	}
	if kept, dropped := capResults(fs, 5); dropped != 0 || len(kept) != 5 {
		t.Errorf("at the limit: %d kept, %d dropped", len(kept), dropped)
	}
}

// TestSARIFResultLimit: over GitHub's 25,000 results per run, the most
// severe are kept and a tool notification says how many were left out.
func TestSARIFResultLimit(t *testing.T) {
	in := emptyInput()
	in.Root = testRoot
	n := SARIFResultLimit + 10
	for i := range n {
		level := lint.LevelNote
		if i%1000 == 0 {
			level = lint.LevelError
		}
		in.Findings = append(in.Findings, lint.Finding{RuleID: "NC001", Level: level, Message: "m",
			Span: loc.Span{File: "a.xml", Start: loc.Pos{Line: i + 1, Col: 1}}, Identity: fmt.Sprint(i)})
	}
	var buf bytes.Buffer
	if err := SARIF(&buf, in); err != nil {
		t.Fatal(err)
	}
	run := parseSARIF(t, buf.Bytes()).Runs[0]
	errors := 0
	for _, r := range run.Results {
		if r.Level == "error" {
			errors++
		}
	}
	if len(run.Results) != SARIFResultLimit || errors != n/1000+1 {
		t.Errorf("%d results with %d errors, want %d with all %d errors", len(run.Results), errors, SARIFResultLimit, n/1000+1)
	}
	notes := run.Invocations[0].ToolExecutionNotifications
	if len(notes) != 1 || notes[0].Level != "warning" || !strings.HasPrefix(notes[0].Message.Text, "10 results were left out") {
		t.Errorf("notifications %+v, want one warning saying 10 results were left out", notes)
	}
	if len(in.Findings) != n || len(in.Notifications) != 0 {
		t.Error("SARIF changed its input")
	}
}
