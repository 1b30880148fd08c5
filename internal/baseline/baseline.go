// Package baseline records accepted findings in .nclint-baseline.json and
// silences them in later runs, so a team can adopt nclint on an existing
// project and fail only on new findings. Findings match on their stable
// identity (rule and components involved, never line numbers), so moving
// lines or reformatting files does not bring baselined findings back.
package baseline

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/safeio"
)

// FileName is the default baseline file name at the project root.
const FileName = ".nclint-baseline.json"

// Version is the version of the file format.
const Version = 1

// File is the baseline file.
type File struct {
	Version  int     `json:"version"`
	Findings []Entry `json:"findings"`
}

// Entry is one accepted finding identity.
type Entry struct {
	// Identity is the finding's stable identity.
	Identity string `json:"identity"`
	// RuleID and File are informational, for people reading the file.
	RuleID string `json:"ruleId"`
	File   string `json:"file"`
	// Count is how many findings share the identity.
	Count int `json:"count"`
	// Until, when set (YYYY-MM-DD, added by hand), is the last day the
	// entry silences its findings; after it they are reported again.
	Until string `json:"until,omitempty"`
}

// Expire removes the entries whose Until date is before now's date (UTC)
// and returns them.
func (b *File) Expire(now time.Time) (expired []Entry) {
	y, m, d := now.UTC().Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	kept := b.Findings[:0]
	for _, e := range b.Findings {
		if until, err := time.Parse(time.DateOnly, e.Until); err == nil && today.After(until) {
			expired = append(expired, e)
			continue
		}
		kept = append(kept, e)
	}
	b.Findings = kept
	return expired
}

// New builds a baseline from the findings that are not suppressed, sorted
// by identity so the file is deterministic.
func New(findings []lint.Finding) *File {
	byID := map[string]*Entry{}
	for _, f := range findings {
		if f.Suppression != nil {
			continue
		}
		e := byID[f.Identity]
		if e == nil {
			e = &Entry{Identity: f.Identity, RuleID: f.RuleID, File: f.Span.File}
			byID[f.Identity] = e
		}
		e.Count++
	}
	b := &File{Version: Version, Findings: []Entry{}}
	for _, e := range byID {
		b.Findings = append(b.Findings, *e)
	}
	slices.SortFunc(b.Findings, func(a, b Entry) int { return cmp.Compare(a.Identity, b.Identity) })
	return b
}

// Marshal returns the file's bytes: indented JSON ending in a newline.
func (b *File) Marshal() []byte {
	data, _ := json.MarshalIndent(b, "", "  ") // cannot fail: plain strings and ints
	return append(data, '\n')
}

// Load reads a baseline file. The file may lie anywhere (it is named on
// the command line) but must be a regular file of at most
// safeio.MaxBaselineSize bytes holding exactly one JSON object: a named
// pipe, device or directory is refused at once, and trailing data after
// the object is an error. Messages quote no content of the file beyond a
// short redacted excerpt.
func Load(path string) (*File, error) {
	data, err := safeio.ReadFile(path, safeio.Options{MaxSize: safeio.MaxBaselineSize})
	if err != nil {
		return nil, fmt.Errorf("read baseline %s: %w", path, safeio.Cause(err))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var b File
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("%s: not a valid nclint baseline: %s", path, describeJSONError(data, err))
	}
	end := int(dec.InputOffset())
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		end += len(data[end:]) - len(bytes.TrimLeft(data[end:], " \t\r\n"))
		line, col := lineCol(data, end)
		return nil, fmt.Errorf("%s:%d:%d: not a valid nclint baseline: unexpected data after the JSON object", path, line, col)
	}
	if b.Version != Version {
		return nil, fmt.Errorf("%s: baseline version %d is not supported (want %d); write it again with 'nclint baseline write'", path, b.Version, Version)
	}
	for i, e := range b.Findings {
		if e.Until == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, e.Until); err != nil {
			return nil, fmt.Errorf("%s: findings[%d]: until %s is not a date (YYYY-MM-DD)", path, i, safeio.Quote(e.Until))
		}
	}
	return &b, nil
}

// describeJSONError describes a decoding error with its position, quoting
// input (an unknown field name) only as a short redacted excerpt.
func describeJSONError(data []byte, err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "unexpected end of file"
	case errors.As(err, &syn):
		line, col := lineCol(data, int(syn.Offset)-1)
		return fmt.Sprintf("line %d, column %d: %s", line, col, syn.Error())
	case errors.As(err, &typ):
		line, col := lineCol(data, int(typ.Offset)-1)
		return fmt.Sprintf("line %d, column %d: %s has the wrong type (JSON %s)", line, col, typ.Field, typ.Value)
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		unq, uerr := strconv.Unquote(name)
		if uerr != nil {
			unq = name
		}
		return "unknown field " + safeio.Quote(unq)
	}
	return safeio.Excerpt(msg)
}

// lineCol returns the 1-based line and column (in bytes) of offset off.
func lineCol(data []byte, off int) (line, col int) {
	off = max(0, min(off, len(data)))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return bytes.Count(data[:off], []byte("\n")) + 1, off - start + 1
}

// Apply marks findings recorded in b as suppressed (kind "baseline"), at
// most Count per identity, and returns how many recorded findings no longer
// occur, so the baseline can be shrunk.
//
// The suppression's reason names source, the baseline file as given.
func (b *File) Apply(findings []lint.Finding, source string) (stale int) {
	matched, stale := b.Match(findings)
	for i, m := range matched {
		if m {
			findings[i].Suppression = &lint.Suppression{Kind: "baseline", Reason: source}
		}
	}
	return stale
}

// Match reports which findings b records: in order, at most Count findings
// per identity, skipping findings that are already suppressed. stale is how
// many recorded findings matched nothing. Apply and --new-from-rev (which
// drops the findings that already occur at a revision) share it.
func (b *File) Match(findings []lint.Finding) (matched []bool, stale int) {
	left := map[string]int{}
	for _, e := range b.Findings {
		left[e.Identity] += max(e.Count, 1)
	}
	matched = make([]bool, len(findings))
	for i := range findings {
		f := &findings[i]
		if f.Suppression != nil || left[f.Identity] == 0 {
			continue
		}
		left[f.Identity]--
		matched[i] = true
	}
	for _, n := range left {
		stale += n
	}
	return matched, stale
}
