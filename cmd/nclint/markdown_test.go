package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMarkdownSummaryBesideSARIFAndAnnotations is the GitHub Action's run:
// one nclint run writes the SARIF file, the annotations on standard output
// and the Markdown job summary, which counts what the JSON report counts.
func TestMarkdownSummaryBesideSARIFAndAnnotations(t *testing.T) {
	ws, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("GITHUB_WORKSPACE", ws)
	dir := t.TempDir()
	sarifFile, mdFile := filepath.Join(dir, "nclint.sarif"), filepath.Join(dir, "summary.md")
	code, out, stderr := runCLI(t, "--now", "2026-06-01", "--fail-on", "error",
		"--output", "sarif="+sarifFile, "--output", "github=-", "--output", "markdown="+mdFile, sample)
	if code != exitFindings {
		t.Fatalf("exit %d, want 1: %s", code, stderr)
	}
	if !strings.Contains(out, "::warning file=testdata/sfdx-sample/force-app/main/default/classes/PartnerSyncJob.cls,line=14,") {
		t.Errorf("no NC201 annotation on standard output:\n%.600s", out)
	}
	if b, err := os.ReadFile(sarifFile); err != nil || !strings.Contains(string(b), `"ruleId": "NC201"`) {
		t.Errorf("SARIF file without NC201: %v", err)
	}
	b, err := os.ReadFile(mdFile)
	if err != nil {
		t.Fatal(err)
	}
	md := string(b)

	_, js, _ := runCLI(t, "--now", "2026-06-01", "--format", "json", sample)
	var rep struct {
		FilesScanned int
		Summary      struct{ Errors, Warnings, Notes int }
	}
	if err := json.Unmarshal([]byte(js), &rep); err != nil {
		t.Fatal(err)
	}
	head := fmt.Sprintf("## nclint: %d errors, %d warnings, %d notes\n\n%d files scanned.\n\n| Level | Rule | Findings |\n",
		rep.Summary.Errors, rep.Summary.Warnings, rep.Summary.Notes, rep.FilesScanned)
	if !strings.HasPrefix(md, head) {
		t.Errorf("summary does not start with %q:\n%.400s", head, md)
	}
	for _, want := range []string{
		"| warning | [NC201 per-user-principal-in-service-context](https://github.com/nclint/nclint/blob/main/docs/rules/NC201.md) | 1 |\n",
		"| note | [NC903 legacy-named-credential](https://github.com/nclint/nclint/blob/main/docs/rules/NC903.md) | 3 |\n",
		"- warning `testdata/sfdx-sample/force-app/main/default/classes/PartnerSyncJob.cls:14` NC201: Callout to Partner_Portal runs as",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("summary lacks %q", want)
		}
	}
	if rows := strings.Count(md, "\n| error | "); rows == 0 || strings.Index(md, "\n| warning | ") < strings.LastIndex(md, "\n| error | ") {
		t.Errorf("errors are not listed first in the table:\n%s", md)
	}
}
