package rules

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nclint/nclint/internal/driver"
	"github.com/nclint/nclint/internal/lint"
)

// fixtureNow is the reference time of every fixture run, so certificate
// expiry findings do not change with the calendar.
var fixtureNow = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// expectation is one line of a fixture's expected.txt:
//
//	path/to/file.xml:12:9: NC101: substring of the message
//	path/to/file.xml:12:9: NC101 warning: substring, and the level must match
//	path/to/file.xml:12:9: NC101 suppressed: the finding exists but an inline suppression silences it
//
// Blank lines and lines starting with # are ignored.
type expectation struct {
	file      string
	line, col int
	rule      string
	level     lint.Level // "" when the expectation does not say
	substr    string
	lineNo    int
	matched   bool
}

func readExpectations(t *testing.T, path string) []*expectation {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer f.Close()
	var out []*expectation
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		e, err := parseExpectation(line)
		if err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		e.lineNo = n
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func parseExpectation(s string) (*expectation, error) {
	// file:line:col: RULE: substring — the file may contain spaces but not ":".
	parts := strings.SplitN(s, ":", 5)
	if len(parts) < 4 {
		return nil, fmt.Errorf("want file:line:col: RULE: message, got %q", s)
	}
	line, err1 := strconv.Atoi(parts[1])
	col, err2 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("bad line or column in %q", s)
	}
	// The rule field is "NC101" or "NC101 warning".
	rule, level, _ := strings.Cut(strings.TrimSpace(parts[3]), " ")
	e := &expectation{file: parts[0], line: line, col: col, rule: rule, level: lint.Level(level)}
	if len(parts) == 5 {
		e.substr = strings.TrimSpace(parts[4])
	}
	return e, nil
}

// lintDir runs the whole pipeline (configuration, discover, parse, link,
// every rule) on dir, as the command line does.
func lintDir(t *testing.T, dir string) []lint.Finding {
	t.Helper()
	res, err := driver.Run([]string{dir}, driver.Options{Rules: All(), LookupRule: LookupID, Now: fixtureNow, Workers: 1})
	if err != nil {
		t.Fatalf("lint %s: %v", dir, err)
	}
	for _, f := range res.Failures {
		t.Errorf("rule failure: %s: %s", f.RuleID, f.Message)
	}
	return res.Findings
}

// checkFixture compares findings with the expectations, both ways.
func checkFixture(t *testing.T, findings []lint.Finding, expected []*expectation) {
	t.Helper()
	for _, f := range findings {
		found := false
		for _, e := range expected {
			if e.matched || e.file != f.Span.File || e.line != f.Span.Start.Line || e.col != f.Span.Start.Col || e.rule != f.RuleID {
				continue
			}
			if (e.level == "suppressed") != (f.Suppression != nil) {
				continue
			}
			if !strings.Contains(f.Message, e.substr) {
				t.Errorf("%s:%d:%d: %s message %q does not contain %q (expected.txt line %d)",
					f.Span.File, f.Span.Start.Line, f.Span.Start.Col, f.RuleID, f.Message, e.substr, e.lineNo)
			}
			if e.level != "" && e.level != "suppressed" && e.level != f.Level {
				t.Errorf("%s:%d:%d: %s level %s, want %s (expected.txt line %d)",
					f.Span.File, f.Span.Start.Line, f.Span.Start.Col, f.RuleID, f.Level, e.level, e.lineNo)
			}
			e.matched, found = true, true
			break
		}
		if !found && f.Suppression != nil {
			t.Errorf("unexpected suppressed finding %s:%d:%d: %s: %s", f.Span.File, f.Span.Start.Line, f.Span.Start.Col, f.RuleID, f.Message)
		} else if !found {
			t.Errorf("unexpected finding %s:%d:%d: %s: %s", f.Span.File, f.Span.Start.Line, f.Span.Start.Col, f.RuleID, f.Message)
		}
	}
	for _, e := range expected {
		if !e.matched {
			t.Errorf("missing finding %s:%d:%d: %s: %s (expected.txt line %d)", e.file, e.line, e.col, e.rule, e.substr, e.lineNo)
		}
	}
}

// TestFixtures runs every fixture project under testdata/rules and the
// bundled sample project, comparing all findings with the expected.txt
// written beside them.
func TestFixtures(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "..", "testdata", "rules", "*"))
	if err != nil {
		t.Fatal(err)
	}
	dirs = append(dirs, filepath.Join("..", "..", "testdata", "sfdx-sample"))
	for _, dir := range dirs {
		exp := filepath.Join(dir, "expected.txt")
		if _, err := os.Stat(exp); err != nil {
			t.Errorf("%s has no expected.txt", dir)
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			checkFixture(t, lintDir(t, dir), readExpectations(t, exp))
		})
	}
}
