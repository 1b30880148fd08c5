package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestFilteredFindingsInJSONAndSARIF: the findings left out by a baseline
// or by --new-from-rev, which the text summary counts "(34 in the
// baseline, 3 already at HEAD)", are counted in the JSON summary and in the
// SARIF run's properties too, so a script or a code-scanning consumer can
// tell a clean project from a silenced one.
func TestFilteredFindingsInJSONAndSARIF(t *testing.T) {
	in := emptyInput()
	in.Baselined, in.AtRevision, in.Revision = 34, 3, "HEAD"

	var buf bytes.Buffer
	if err := JSON(&buf, in); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Summary map[string]any `json:"summary"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, buf.String())
	}
	want := map[string]any{"errors": 0.0, "warnings": 0.0, "notes": 0.0, "suppressed": 0.0,
		"baselined": 34.0, "alreadyAtRevision": 3.0, "revision": "HEAD"}
	if !mapsEqual(got.Summary, want) {
		t.Errorf("JSON summary: got %v, want %v", got.Summary, want)
	}

	if p, want := sarifRunProperties(t, in), map[string]any{"baselined": 34.0, "alreadyAtRevision": 3.0, "revision": "HEAD"}; !mapsEqual(p, want) {
		t.Errorf("SARIF run.properties: got %v, want %v", p, want)
	}

	// --new-from-rev with nothing left out still says so (0 at HEAD); no
	// baseline: no baselined key.
	in.Baselined, in.AtRevision = 0, 0
	if p, want := sarifRunProperties(t, in), map[string]any{"alreadyAtRevision": 0.0, "revision": "HEAD"}; !mapsEqual(p, want) {
		t.Errorf("SARIF run.properties, --new-from-rev only: got %v, want %v", p, want)
	}
	// Neither: no property bag, the log is as before.
	in.Revision = ""
	if p := sarifRunProperties(t, in); p != nil {
		t.Errorf("SARIF run.properties without baseline or revision: got %v, want none", p)
	}
	buf.Reset()
	if err := JSON(&buf, in); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte(`"baselined": 0,`)) || !bytes.Contains(buf.Bytes(), []byte(`"alreadyAtRevision": 0`)) ||
		bytes.Contains(buf.Bytes(), []byte(`"revision"`)) {
		t.Errorf("JSON without baseline or revision: counts must be 0 and no revision:\n%s", buf.String())
	}
}

func sarifRunProperties(t *testing.T, in Input) map[string]any {
	t.Helper()
	data := writeSARIF(t, in) // validated against the schema
	var log struct {
		Runs []struct {
			Properties map[string]any `json:"properties"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("SARIF: %v\n%s", err, data)
	}
	return log.Runs[0].Properties
}

func mapsEqual(a, b map[string]any) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range b {
		if av, ok := a[k]; !ok || av != v {
			return false
		}
	}
	return true
}

// TestCapNoticeSingular: one result left out is "1 result was", not "1
// results were".
func TestCapNoticeSingular(t *testing.T) {
	if got := CapNotice(1); !strings.HasPrefix(got, "1 result was left out of the SARIF: ") {
		t.Errorf("CapNotice(1) = %q", got)
	}
	if got := CapNotice(2); !strings.HasPrefix(got, "2 results were left out of the SARIF: ") {
		t.Errorf("CapNotice(2) = %q", got)
	}
}
