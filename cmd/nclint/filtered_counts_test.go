package main

import (
	"encoding/json"
	"path/filepath"
	"testing"
)

// filteredCounts decodes the counts of left-out findings from a JSON
// report's summary and a SARIF log's run.properties.
type filteredCounts struct {
	Baselined         *int   `json:"baselined"`
	AlreadyAtRevision *int   `json:"alreadyAtRevision"`
	Revision          string `json:"revision"`
}

func (c filteredCounts) String() string {
	s := func(p *int) string {
		if p == nil {
			return "absent"
		}
		return itoa(*p)
	}
	return "baselined " + s(c.Baselined) + ", alreadyAtRevision " + s(c.AlreadyAtRevision) + ", revision " + c.Revision
}

func jsonSummaryCounts(t *testing.T, out string) filteredCounts {
	t.Helper()
	var r struct{ Summary filteredCounts }
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, out)
	}
	return r.Summary
}

func sarifRunCounts(t *testing.T, out string) filteredCounts {
	t.Helper()
	var r struct {
		Runs []struct{ Properties filteredCounts }
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || len(r.Runs) != 1 {
		t.Fatalf("invalid SARIF (%v):\n%s", err, out)
	}
	return r.Runs[0].Properties
}

func isInt(p *int, n int) bool { return p != nil && *p == n }

// TestBaselinedCountInJSONAndSARIF: the text summary says "(2 in the
// baseline)"; the JSON summary and the SARIF run say it too.
func TestBaselinedCountInJSONAndSARIF(t *testing.T) {
	dir := opsTree(t, ecWith("    ", false, "Alpha", "Beta"))
	if code, out, stderr := runCLI(t, "baseline", "write", dir); code != exitOK {
		t.Fatalf("baseline write: exit %d, %q %q", code, out, stderr)
	}
	bl := filepath.Join(dir, ".nclint-baseline.json")
	for _, args := range [][]string{{"--format", "json"}, {"--format", "json", "--show-suppressed"}} {
		code, out, _ := runCLI(t, append(args, "--baseline", bl, dir)...)
		if c := jsonSummaryCounts(t, out); code != exitOK || !isInt(c.Baselined, 2) || !isInt(c.AlreadyAtRevision, 0) || c.Revision != "" {
			t.Errorf("%v: exit %d, summary %s; want baselined 2, alreadyAtRevision 0, no revision", args, code, c)
		}
	}
	code, out, _ := runCLI(t, "--format", "sarif", "--baseline", bl, dir)
	if c := sarifRunCounts(t, out); code != exitOK || !isInt(c.Baselined, 2) || c.AlreadyAtRevision != nil || c.Revision != "" {
		t.Errorf("sarif: exit %d, run.properties %s; want baselined 2 only", code, c)
	}
	// Without a baseline: 0 in JSON, no property in SARIF.
	_, out, _ = runCLI(t, "--format", "json", dir)
	if c := jsonSummaryCounts(t, out); !isInt(c.Baselined, 0) || !isInt(c.AlreadyAtRevision, 0) {
		t.Errorf("json without baseline: summary %s; want 0 and 0", c)
	}
	_, out, _ = runCLI(t, "--format", "sarif", dir)
	if c := sarifRunCounts(t, out); c.Baselined != nil || c.AlreadyAtRevision != nil {
		t.Errorf("sarif without baseline: run.properties %s; want none", c)
	}
}

// TestAlreadyAtRevisionCountInJSONAndSARIF: the text summary says "(1
// already at HEAD)"; the JSON summary and the SARIF run say it too.
func TestAlreadyAtRevisionCountInJSONAndSARIF(t *testing.T) {
	_, proj := revRepo(t)
	code, out, _ := runCLI(t, "--new-from-rev", "HEAD", "--format", "json", proj)
	if c := jsonSummaryCounts(t, out); code != exitOK || !isInt(c.AlreadyAtRevision, 1) || c.Revision != "HEAD" || !isInt(c.Baselined, 0) {
		t.Errorf("json: exit %d, summary %s; want alreadyAtRevision 1 at HEAD", code, c)
	}
	code, out, _ = runCLI(t, "--new-from-rev", "HEAD", "--format", "sarif", proj)
	if c := sarifRunCounts(t, out); code != exitOK || !isInt(c.AlreadyAtRevision, 1) || c.Revision != "HEAD" || c.Baselined != nil {
		t.Errorf("sarif: exit %d, run.properties %s; want alreadyAtRevision 1 at HEAD", code, c)
	}
}
