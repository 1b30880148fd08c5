package report

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/loc"
)

func writeText(t *testing.T, in Input, opts TextOptions) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Text(&buf, in, opts); err != nil {
		t.Fatalf("Text: %v", err)
	}
	return buf.String()
}

func TestTextGolden(t *testing.T) {
	// Written by hand; do not regenerate from the output.
	want := `force-app/main/default/Named Credentials App/Zürich API.namedCredential-meta.xml:7:5: error: Principal "Callout" of external credential Zurich_EC is granted by no permission set; callouts through Zürich API fail with an authentication error. [NC001/principal-not-granted]
    force-app/main/default/externalCredentials/Zurich_EC.externalCredential-meta.xml:12:9: note: principal defined here
    force-app/main/default/permissionsets/Callout_User.permissionset-meta.xml:3:5: note: permission set that grants the external credential
    force-app/main/default/Named Credentials App/Zürich API.namedCredential-meta.xml:7:5: note: step 1: named credential uses external credential Zurich_EC
    force-app/main/default/externalCredentials/Zurich_EC.externalCredential-meta.xml:12:9: note: step 2: external credential declares principal Callout
force-app/main/default/profiles/AMLCTF Retail Audit Case R%2FW.profile-meta.xml:40:9: warning: Field Account.Score__c is read-only but the profile grants edit. [NC002/profile-field-access]
force-app/main/default/profiles/AMLCTF Retail Audit Case R%2FW.profile-meta.xml: note: The profile could not be located precisely. [NC002/profile-field-access]
force-app/main/default/classes/Broken File.cls: error: cannot read file: permission denied
12 files scanned: 1 error, 1 warning, 1 note
`
	got := writeText(t, testInput(), TextOptions{})
	if got != want {
		t.Errorf("text output differs.\ngot:\n%s\nwant:\n%s", got, want)
	}
}

func TestTextNoFindings(t *testing.T) {
	if got, want := writeText(t, emptyInput(), TextOptions{}), "1 file scanned: no findings\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := writeText(t, Input{}, TextOptions{}), "0 files scanned: no findings\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestTextSummaryPlural(t *testing.T) {
	f := func(level lint.Level, line int) lint.Finding {
		return lint.Finding{RuleID: "NC002", RuleName: "profile-field-access", Level: level, Message: "m",
			Span: loc.Span{File: "a.xml", Start: loc.Pos{Line: line}}}
	}
	in := Input{
		Rules:        testRules(),
		FilesScanned: 2,
		Findings: []lint.Finding{
			f(lint.LevelError, 1), f(lint.LevelError, 2),
			f(lint.LevelWarning, 3), f(lint.LevelWarning, 4), f(lint.LevelWarning, 5),
			f(lint.LevelNote, 6),
		},
	}
	got := writeText(t, in, TextOptions{})
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if want := "2 files scanned: 2 errors, 3 warnings, 1 note"; lines[len(lines)-1] != want {
		t.Errorf("summary %q, want %q", lines[len(lines)-1], want)
	}
	// A known line and no column gives "path:line:".
	if want := "a.xml:1: error: m [NC002/profile-field-access]"; lines[0] != want {
		t.Errorf("line %q, want %q", lines[0], want)
	}

	in.Findings = in.Findings[2:4]
	lines = strings.Split(strings.TrimSuffix(writeText(t, in, TextOptions{}), "\n"), "\n")
	if want := "2 files scanned: 2 warnings"; lines[len(lines)-1] != want {
		t.Errorf("summary %q, want %q", lines[len(lines)-1], want)
	}
}

func TestTextColor(t *testing.T) {
	plain := writeText(t, testInput(), TextOptions{Color: false})
	if strings.Contains(plain, "\x1b") {
		t.Errorf("colour off wrote escape codes:\n%q", plain)
	}
	colored := writeText(t, testInput(), TextOptions{Color: true})
	first := strings.SplitN(colored, "\n", 2)[0]
	want := "force-app/main/default/Named Credentials App/Zürich API.namedCredential-meta.xml:7:5: " +
		"\x1b[1;31merror\x1b[0m: Principal \"Callout\" of external credential Zurich_EC is granted by no permission set; " +
		"callouts through Zürich API fail with an authentication error. \x1b[2m[NC001/principal-not-granted]\x1b[0m"
	if first != want {
		t.Errorf("coloured line\n got %q\nwant %q", first, want)
	}
	if !strings.Contains(colored, "\x1b[1;33mwarning\x1b[0m") || !strings.Contains(colored, "\x1b[1;36mnote\x1b[0m") {
		t.Error("warning or note not coloured")
	}
	// Stripping the escapes gives the plain output back.
	stripped := colored
	for _, seq := range []string{ansiReset, ansiDim, ansiRed, ansiYellow, ansiCyan} {
		stripped = strings.ReplaceAll(stripped, seq, "")
	}
	if stripped != plain {
		t.Error("coloured output is not the plain output plus escapes")
	}
}

func TestTextLevelAndNameFromRule(t *testing.T) {
	in := Input{
		Rules: testRules(),
		Findings: []lint.Finding{{
			RuleID: "NC002", Message: "m", Span: loc.Span{File: "p.xml", Start: loc.Pos{Line: 2, Col: 3}},
		}},
		FilesScanned: 1,
	}
	want := "p.xml:2:3: warning: m [NC002/profile-field-access]\n1 file scanned: 1 warning\n"
	if got := writeText(t, in, TextOptions{}); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestTextSanitizesControlCharacters(t *testing.T) {
	in := Input{
		Rules: testRules(),
		Findings: []lint.Finding{{
			RuleID: "NC003", RuleName: "no-findings-rule", Level: lint.LevelNote,
			Message: "bad\x1b[2Jname\nnext",
			Span:    loc.Span{File: "evil\x1b]0;x\x07.xml", Start: loc.Pos{Line: 1, Col: 2}},
		}},
		FilesScanned: 1,
	}
	got := writeText(t, in, TextOptions{})
	want := `evil\x1b]0;x\x07.xml:1:2: note: bad\x1b[2Jname\x0anext [NC003/no-findings-rule]` + "\n1 file scanned: 1 note\n"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestTextAbsolutePathIsMadeRelative(t *testing.T) {
	in := Input{
		Root:  testRoot,
		Rules: testRules(),
		Findings: []lint.Finding{{
			RuleID: "NC003", RuleName: "no-findings-rule", Level: lint.LevelNote, Message: "m",
			Span: loc.Span{File: filepath.Join(testRoot, "force-app", "x.xml"), Start: loc.Pos{Line: 3, Col: 1}},
		}},
	}
	if got := strings.SplitN(writeText(t, in, TextOptions{}), "\n", 2)[0]; got != "force-app/x.xml:3:1: note: m [NC003/no-findings-rule]" {
		t.Errorf("got %q", got)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestTextWriteError(t *testing.T) {
	if err := Text(failWriter{}, testInput(), TextOptions{}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("error %v, want the writer's error", err)
	}
	if err := SARIF(failWriter{}, testInput()); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("SARIF error %v, want the writer's error", err)
	}
}

func TestColorEnabled(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "out.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	t.Setenv("NO_COLOR", "")
	t.Setenv("TERM", "xterm")
	if ColorEnabled(f) {
		t.Error("a regular file is not a terminal")
	}
	if ColorEnabled(nil) {
		t.Error("nil file")
	}
	// /dev/null is a character device: it stands in for a terminal here.
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer null.Close()
	if fi, err := null.Stat(); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Skip("no character device to test with")
	}
	if !ColorEnabled(null) {
		t.Error("character device with NO_COLOR empty: want colour")
	}
	t.Setenv("NO_COLOR", "1")
	if ColorEnabled(null) {
		t.Error("NO_COLOR set: want no colour")
	}
	t.Setenv("NO_COLOR", "")
	t.Setenv("TERM", "dumb")
	if ColorEnabled(null) {
		t.Error("TERM=dumb: want no colour")
	}
}

// TestTextNotices: notifications that are not errors (a package directory
// that does not exist) print as "notice", not as a finding's level, and the
// summary counts them; an error notification keeps its level.
func TestTextNotices(t *testing.T) {
	in := emptyInput()
	in.Notifications = []Notification{
		{File: "gone", Message: "package directory gone is listed in sfdx-project.json but does not exist; nothing was scanned there", Level: lint.LevelWarning},
		{File: "bad.cls", Message: "cannot read: permission denied", Level: lint.LevelError},
	}
	want := "gone: notice: package directory gone is listed in sfdx-project.json but does not exist; nothing was scanned there\n" +
		"bad.cls: error: cannot read: permission denied\n" +
		"1 file scanned: no findings; 1 notice\n"
	if got := writeText(t, in, TextOptions{}); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
