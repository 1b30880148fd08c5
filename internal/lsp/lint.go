package lsp

import (
	"fmt"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/nclint/nclint/internal/access"
	"github.com/nclint/nclint/internal/config"
	"github.com/nclint/nclint/internal/driver"
	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/parse"
	"github.com/nclint/nclint/internal/project"
	"github.com/nclint/nclint/internal/report"
	"github.com/nclint/nclint/internal/safeio"
)

// proj is one SFDX project (or Metadata API folder) of the workspace.
type proj struct {
	root string

	lintMu sync.Mutex // one lint at a time

	// Guarded by Server.mu.
	timer     *time.Timer
	state     *state
	published map[string]bool // absolute paths with diagnostics
}

func (p *proj) linted() bool { return p.state != nil }

// state is what the last lint of a project produced.
type state struct {
	root  string
	g     *graph.Graph
	ix    *access.Index
	refs  []ref
	texts map[string]document // by absolute path: the text positions were converted with
	// overlay is the open documents' text the lint read.
	overlay map[string]string
	// fixes are the findings' fixes by absolute path, as text edits.
	fixes map[string][]fixEntry
}

// fixEntry is a finding's fix, matched to a diagnostic by code and range.
type fixEntry struct {
	code  string
	rng   Range
	title string
	edits map[DocumentURI][]TextEdit
}

// lintSoon lints p after delay, replacing a lint already scheduled.
func (s *Server) lintSoon(p *proj, delay time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	if p.timer != nil && p.timer.Stop() {
		s.wg.Done() // the replaced lint will not run
	}
	s.wg.Add(1)
	p.timer = time.AfterFunc(delay, func() {
		defer s.wg.Done()
		s.lint(p)
	})
}

// lint runs nclint on p with the open documents overlaid and publishes
// the diagnostics. A panic is logged; the session goes on.
func (s *Server) lint(p *proj) {
	p.lintMu.Lock()
	defer p.lintMu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			s.logf("internal error while linting %s: %v\n%s", p.root, r, debug.Stack())
		}
	}()
	s.mu.Lock()
	overlay := map[string]string{}
	for abs, d := range s.docs {
		if within(abs, p.root) {
			overlay[abs] = d.text
		}
	}
	cfgFile := s.opts.ConfigFile
	if cfgFile != "" && !filepath.IsAbs(cfgFile) {
		cfgFile = filepath.Join(p.root, cfgFile)
	}
	s.mu.Unlock()

	start := time.Now()
	res, err := driver.Run([]string{p.root}, driver.Options{
		ConfigFile: cfgFile,
		Rules:      s.opts.Rules,
		LookupRule: s.opts.LookupRule,
		Now:        s.opts.Now,
		CacheDir:   s.opts.CacheDir,
		Overlay: func(abs string) ([]byte, bool) {
			t, ok := overlay[abs]
			return []byte(t), ok
		},
	})
	st := &state{root: p.root, texts: map[string]document{}, overlay: overlay, fixes: map[string][]fixEntry{}}
	diags := map[string][]Diagnostic{}
	if err != nil {
		// The project or configuration file is invalid: say so on it.
		abs, d := s.errorDiagnostic(p.root, err, st)
		diags[abs] = append(diags[abs], d)
	} else {
		for _, f := range res.Failures {
			s.logf("rule %s failed on %s (its findings are missing): %v", f.RuleID, p.root, f)
		}
		st.g = graph.New(res.Tree)
		st.ix = access.New(st.g, &res.Config.Settings)
		st.refs = buildRefs(st.g)
		for _, f := range res.Findings {
			if f.Suppression != nil || f.Level.Rank() <= 0 || f.Span.File == "" {
				continue
			}
			abs := st.abs(f.Span.File)
			d := s.diagnostic(st, f)
			diags[abs] = append(diags[abs], d)
			if f.Fix != nil {
				if edits, ok := st.edits(f.Fix); ok {
					st.fixes[abs] = append(st.fixes[abs], fixEntry{code: f.RuleID, rng: d.Range, title: f.Fix.Title, edits: edits})
				}
			}
		}
	}
	s.logf("linted %s in %s: %d files with findings", p.root, time.Since(start).Round(time.Millisecond), len(diags))

	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	if err == nil || p.state == nil {
		if err == nil {
			p.state = st
		}
	}
	old := p.published
	p.published = map[string]bool{}
	for abs := range diags {
		p.published[abs] = true
	}
	s.mu.Unlock()

	files := slices.Sorted(func(yield func(string) bool) {
		for abs := range diags {
			if !yield(abs) {
				return
			}
		}
	})
	for _, abs := range files {
		s.publish(abs, diags[abs])
	}
	for _, abs := range slices.Sorted(func(yield func(string) bool) {
		for abs := range old {
			if !yield(abs) {
				return
			}
		}
	}) {
		if diags[abs] == nil {
			s.publish(abs, []Diagnostic{})
		}
	}
	if s.opts.AfterLint != nil {
		s.opts.AfterLint(p.root)
	}
}

// clear removes a project's diagnostics (its folder was closed).
func (s *Server) clear(p *proj) {
	s.mu.Lock()
	if p.timer != nil && p.timer.Stop() {
		s.wg.Done()
	}
	old := p.published
	p.published = map[string]bool{}
	s.mu.Unlock()
	for abs := range old {
		s.publish(abs, []Diagnostic{})
	}
}

func (s *Server) publish(abs string, diags []Diagnostic) {
	if err := s.conn.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: pathToURI(abs), Diagnostics: diags}); err != nil {
		s.logf("publishing diagnostics: %v", err)
	}
}

// abs returns the absolute path of a finding's file (relative to the
// root, or absolute for a configuration file outside it).
func (st *state) abs(file string) string {
	if filepath.IsAbs(file) {
		return filepath.Clean(file)
	}
	return filepath.Join(st.root, filepath.FromSlash(file))
}

// doc returns the text of the file at abs as the lint saw it: the open
// document's, else the file on disk's (nil when unreadable).
func (st *state) doc(abs string) document {
	if d, ok := st.texts[abs]; ok {
		return d
	}
	var d document
	if t, ok := st.overlay[abs]; ok {
		d = lines(t)
	} else if data, err := safeio.ReadFile(abs, safeio.Options{MaxSize: parse.DefaultMaxFileSize}); err == nil {
		d = lines(string(data))
	}
	st.texts[abs] = d
	return d
}

// location converts a span to an LSP location.
func (st *state) location(sp loc.Span) Location {
	abs := st.abs(sp.File)
	return Location{URI: pathToURI(abs), Range: st.doc(abs).span(sp)}
}

// severity maps a finding's level to an LSP severity.
func severity(l lint.Level) int {
	switch l {
	case lint.LevelError:
		return SeverityError
	case lint.LevelWarning:
		return SeverityWarning
	}
	return SeverityInformation
}

func (s *Server) diagnostic(st *state, f lint.Finding) Diagnostic {
	d := Diagnostic{
		Range:           st.location(f.Span).Range,
		Severity:        severity(f.Level),
		Code:            f.RuleID,
		CodeDescription: &CodeDescription{Href: report.RuleHelpURI(s.opts.Version, f.RuleID)},
		Source:          "nclint",
		Message:         f.Message,
	}
	for _, r := range f.Related {
		if r.Span.File == "" {
			continue
		}
		d.RelatedInformation = append(d.RelatedInformation, DiagnosticRelatedInformation{Location: st.location(r.Span), Message: r.Message})
	}
	return d
}

// posPrefix matches the "file:line:col: " an error message starts with.
var posPrefix = regexp.MustCompile(`^(.+?):(\d+):(\d+): `)

// errorDiagnostic places a configuration or project error on the file it
// names (the project file when it names none it can find).
func (s *Server) errorDiagnostic(root string, err error, st *state) (string, Diagnostic) {
	msg := err.Error()
	abs := filepath.Join(root, project.ProjectFileName)
	if f, e := config.Locate(root); e == nil && f != "" && strings.Contains(msg, filepath.Base(f)) {
		abs = f
	}
	var pos loc.Pos
	if m := posPrefix.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		cand := m[1]
		if !filepath.IsAbs(cand) {
			cand = filepath.Join(root, cand)
		}
		if isFile(cand) {
			abs, pos = cand, loc.Pos{Line: line, Col: col}
		}
	}
	sp := loc.Span{File: abs, Start: pos}
	return abs, Diagnostic{
		Range:    st.doc(abs).span(sp),
		Severity: SeverityError,
		Source:   "nclint",
		Message:  fmt.Sprintf("nclint cannot lint this project: %s", msg),
	}
}

// edits converts a fix to LSP text edits; false when an edit cannot be
// placed in the text (its Old text is not where the span says).
func (st *state) edits(fix *lint.Fix) (map[DocumentURI][]TextEdit, bool) {
	out := map[DocumentURI][]TextEdit{}
	for _, e := range fix.Edits {
		abs := st.abs(e.Span.File)
		doc := st.doc(abs)
		if !e.Span.Start.IsValid() || !e.Span.End.IsValid() || e.Span.Start.Line > len(doc) || e.Span.End.Line > len(doc) {
			return nil, false
		}
		rng := doc.span(e.Span)
		switch {
		case e.Old != "":
			// The first occurrence of Old from the span's start, on its first line.
			line := doc[e.Span.Start.Line-1]
			from := byteIndex(line, e.Span.Start.Col)
			i := strings.Index(line[from:], e.Old)
			if i < 0 || (e.Span.Start.Line == e.Span.End.Line && from+i+len(e.Old) > byteIndex(line, e.Span.End.Col)) {
				return nil, false
			}
			start := toUTF16(line, utf8.RuneCountInString(line[:from+i])+1)
			end := toUTF16(line, utf8.RuneCountInString(line[:from+i+len(e.Old)])+1)
			rng = Range{Start: Position{Line: rng.Start.Line, Character: start}, End: Position{Line: rng.Start.Line, Character: end}}
		case e.New == "":
			// Deleting an element alone on its lines deletes the lines.
			first, last := doc[rng.Start.Line], doc[rng.End.Line]
			if strings.TrimSpace(first[:byteIndex(first, e.Span.Start.Col)]) == "" &&
				strings.TrimSpace(last[byteIndex(last, e.Span.End.Col):]) == "" && rng.End.Line+1 < len(doc) {
				rng = Range{Start: Position{Line: rng.Start.Line}, End: Position{Line: rng.End.Line + 1}}
			}
		}
		uri := pathToURI(abs)
		out[uri] = append(out[uri], TextEdit{Range: rng, NewText: e.New})
	}
	return out, true
}

// byteIndex is the byte index of 1-based code-point column col in line
// (clamped to its length).
func byteIndex(line string, col int) int {
	for i := range line {
		if col <= 1 {
			return i
		}
		col--
	}
	return len(line)
}
