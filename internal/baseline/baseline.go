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
	"fmt"
	"os"
	"slices"

	"github.com/nclint/nclint/internal/lint"
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

// Load reads a baseline file.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read baseline: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var b File
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("%s: not a valid nclint baseline: %w", path, err)
	}
	if b.Version != Version {
		return nil, fmt.Errorf("%s: baseline version %d is not supported (want %d); write it again with 'nclint baseline write'", path, b.Version, Version)
	}
	return &b, nil
}

// Apply marks findings recorded in b as suppressed (kind "baseline"), at
// most Count per identity, and returns how many recorded findings no longer
// occur, so the baseline can be shrunk.
//
// The suppression's reason names source, the baseline file as given.
func (b *File) Apply(findings []lint.Finding, source string) (stale int) {
	left := map[string]int{}
	for _, e := range b.Findings {
		left[e.Identity] += max(e.Count, 1)
	}
	for i := range findings {
		f := &findings[i]
		if f.Suppression != nil || left[f.Identity] == 0 {
			continue
		}
		left[f.Identity]--
		f.Suppression = &lint.Suppression{Kind: "baseline", Reason: source}
	}
	for _, n := range left {
		stale += n
	}
	return stale
}
