package report

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/sarifcheck"
)

// jsonText is what s reads as after a JSON round trip (invalid UTF-8
// becomes U+FFFD).
func jsonText(t *testing.T, s string) string {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var out string
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkArtifactURI checks that the SARIF artifact location of file decodes
// back to the path relPath makes of it.
func checkArtifactURI(t *testing.T, root, file, uri, baseID string) {
	t.Helper()
	p, rel := relPath(root, file)
	if rel {
		if baseID != SourceRootBaseID {
			t.Fatalf("relative %q: uriBaseId %q", file, baseID)
		}
	} else {
		if baseID != "" || !strings.HasPrefix(uri, "file://") {
			t.Fatalf("absolute %q: uri %q, uriBaseId %q", file, uri, baseID)
		}
		uri = strings.TrimPrefix(uri, "file://")
		if !strings.HasPrefix(p, "/") {
			p = "/" + p
		}
	}
	got, err := url.PathUnescape(uri)
	if err != nil || got != p {
		t.Fatalf("file %q: uri %q decodes to %q (%v), want %q", file, uri, got, err, p)
	}
}

// FuzzSARIF writes a log with one finding (with a related location and a
// flow step) and one notification built from arbitrary messages, paths,
// positions and root, and checks that it is written exactly when the
// finding has a file, that the output always validates against the SARIF
// 2.1.0 schema, and that messages and paths read back as given. The JSON
// output of the same input must be valid JSON too.
func FuzzSARIF(f *testing.F) {
	f.Add("Principal \"Callout\" is not granted", fileNC, "principal defined here", fileEC, fileProfile,
		"cannot read file: permission denied", "force-app/Broken File.cls", testRoot, 7, 5, 7, 48, uint8(0))
	f.Add("", "a", "", "", "", "", "", "", 0, 0, 0, 0, uint8(1))
	f.Add("m", "", "r", "x", "y", "n", "", "/", 1, 1, 1, 1, uint8(2))
	f.Add("<b>&amp;</b> \x00\x1b[31m\u2028", "/elsewhere/x y.xml", "\xff\xfe", "../../etc/passwd", "C:\\x\\y.xml",
		"\ufffd", "%2F%%", "relative/root", 3, 2, 1, 1, uint8(3))
	f.Add(strings.Repeat("é", 3000), "a:b/c?d#e[f]g", "", "./.././/x", "\t", "", "..", "/home/dev/my project/", -1, -5, 1<<40, 1<<40, uint8(0))
	f.Fuzz(func(t *testing.T, msg, file, relMsg, relFile, flowFile, noteMsg, noteFile, root string,
		l1, c1, l2, c2 int, level uint8) {
		levels := []lint.Level{lint.LevelError, lint.LevelWarning, lint.LevelNote, ""}
		in := emptyInput()
		in.Root = root
		in.ExecutionSuccessful = noteMsg == ""
		sp := loc.Span{File: file, Start: loc.Pos{Line: l1, Col: c1}, End: loc.Pos{Line: l2, Col: c2}}
		in.Findings = []lint.Finding{{
			RuleID:   "NC001",
			Level:    levels[int(level)%len(levels)],
			Message:  msg,
			Span:     sp,
			Related:  []lint.Related{{Span: loc.Span{File: relFile, Start: sp.End, End: sp.Start}, Message: relMsg}},
			Flow:     []lint.Related{{Span: loc.FileSpan(flowFile), Message: msg}},
			Identity: "NC001|" + msg,
		}}
		in.Notifications = []Notification{{File: noteFile, Message: noteMsg, Level: levels[int(level)%len(levels)]}}

		var buf bytes.Buffer
		err := SARIF(&buf, in)
		if file == "" {
			if err == nil || buf.Len() != 0 {
				t.Fatalf("finding without a file: err %v, %d bytes written", err, buf.Len())
			}
			return
		}
		if err != nil {
			t.Fatalf("SARIF: %v", err)
		}
		data := buf.Bytes()
		if err := sarifcheck.Validate(data); err != nil {
			t.Fatalf("%v\n%s", err, data)
		}
		var l sLog
		if err := json.Unmarshal(data, &l); err != nil {
			t.Fatalf("unmarshal: %v", err)
		}
		if len(l.Runs) != 1 || len(l.Runs[0].Results) != 1 || len(l.Runs[0].Invocations) != 1 {
			t.Fatalf("want one run with one result and one invocation:\n%s", data)
		}
		res := l.Runs[0].Results[0]
		if want := jsonText(t, linkedMessage(&in.Findings[0])); res.Message.Text != want || res.RuleID != "NC001" {
			t.Fatalf("result %q of %s, want message %q", res.Message.Text, res.RuleID, want)
		}
		pl := res.Locations[0].PhysicalLocation
		checkArtifactURI(t, root, file, pl.ArtifactLocation.URI, pl.ArtifactLocation.URIBaseID)
		if r := pl.Region; r == nil || r.StartLine < 1 || (r.EndLine != 0 && r.EndLine < r.StartLine) {
			t.Fatalf("region %+v for span %+v", r, sp)
		}
		if len(res.RelatedLocations) != 1 || len(res.CodeFlows) != 1 {
			t.Fatalf("related or flow lost:\n%s", data)
		}
		if rl := res.RelatedLocations[0]; relFile != "" {
			checkArtifactURI(t, root, relFile, rl.PhysicalLocation.ArtifactLocation.URI, rl.PhysicalLocation.ArtifactLocation.URIBaseID)
		} else if rl.PhysicalLocation != nil {
			t.Fatalf("related location without a file has a physical location")
		}
		inv := l.Runs[0].Invocations[0]
		if inv.ExecutionSuccessful == nil || *inv.ExecutionSuccessful != in.ExecutionSuccessful {
			t.Fatalf("executionSuccessful %v, want %v", inv.ExecutionSuccessful, in.ExecutionSuccessful)
		}
		if n := inv.ToolExecutionNotifications; len(n) != 1 || n[0].Message.Text != jsonText(t, noteMsg) {
			t.Fatalf("notification %+v, want message %q", n, noteMsg)
		}

		var jb bytes.Buffer
		if err := JSON(&jb, in); err != nil {
			t.Fatalf("JSON: %v", err)
		}
		if !json.Valid(jb.Bytes()) {
			t.Fatalf("JSON output is not valid JSON:\n%s", jb.Bytes())
		}
	})
}
