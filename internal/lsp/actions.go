package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// ruleID matches nclint rule IDs.
var ruleID = regexp.MustCompile(`^NC\d{3}$`)

// reasonPlaceholder is the reason a suppression is inserted with: the
// developer replaces it with why the finding is acceptable.
const reasonPlaceholder = "REASON: say why this is safe"

// codeActions offers, for each nclint diagnostic in the request, "Suppress
// NCxxx here": an nclint-ignore comment on its own line above the
// diagnostic's line, indented like it (an XML comment covers the next
// element and everything inside it; an Apex line comment alone on its line
// covers the next line).
func (s *Server) codeActions(p CodeActionParams) []CodeAction {
	abs := uriToPath(p.TextDocument.URI)
	out := []CodeAction{}
	if abs == "" {
		return out
	}
	apex := false
	switch strings.ToLower(filepath.Ext(abs)) {
	case ".cls", ".trigger":
		apex = true
	case ".xml":
	default:
		return out
	}
	text, ok := s.text(abs)
	if !ok {
		return out
	}
	doc := lines(text)
	out = append(out, s.fixActions(abs, p.Context.Diagnostics)...)
	seen := map[string]bool{}
	for _, d := range p.Context.Diagnostics {
		if d.Source != "nclint" || !ruleID.MatchString(d.Code) || d.Range.Start.Line < 0 || d.Range.Start.Line >= len(doc) {
			continue
		}
		line := d.Range.Start.Line
		key := fmt.Sprintf("%s:%d", d.Code, line)
		if seen[key] {
			continue
		}
		seen[key] = true
		indent := doc[line][:len(doc[line])-len(strings.TrimLeft(doc[line], " \t"))]
		comment := fmt.Sprintf("<!-- nclint-ignore %s: %s -->", d.Code, reasonPlaceholder)
		title := fmt.Sprintf("Suppress %s here (nclint-ignore comment)", d.Code)
		if apex {
			comment = fmt.Sprintf("// nclint-ignore %s: %s", d.Code, reasonPlaceholder)
		} else if strings.HasPrefix(strings.TrimPrefix(doc[line], "\ufeff"), "<?xml") {
			// A finding on the whole file: nothing may precede the XML
			// declaration, so the file-wide form goes after it.
			line, indent = line+1, ""
			comment = fmt.Sprintf("<!-- nclint-ignore-file %s: %s -->", d.Code, reasonPlaceholder)
			title = fmt.Sprintf("Suppress %s in this file (nclint-ignore-file comment)", d.Code)
		}
		out = append(out, CodeAction{
			Title:       title,
			Kind:        "quickfix",
			Diagnostics: []Diagnostic{d},
			Edit: &WorkspaceEdit{Changes: map[DocumentURI][]TextEdit{p.TextDocument.URI: {{
				Range:   Range{Start: Position{Line: line}, End: Position{Line: line}},
				NewText: indent + comment + eol(text),
			}}}},
		})
	}
	return out
}

// eol is the line ending text uses.
func eol(text string) string {
	if strings.Contains(text, "\r\n") {
		return "\r\n"
	}
	return "\n"
}

// text returns the open document's text, else the file's on disk.
func (s *Server) text(abs string) (string, bool) {
	s.mu.Lock()
	d := s.docs[abs]
	s.mu.Unlock()
	if d != nil {
		return d.text, true
	}
	data, err := os.ReadFile(abs)
	return string(data), err == nil
}

// fixActions offers the findings' own fixes (lint.Fix) for the
// diagnostics of the request.
func (s *Server) fixActions(abs string, diags []Diagnostic) []CodeAction {
	pr := s.projectOf(abs)
	if pr == nil {
		return nil
	}
	s.mu.Lock()
	st := pr.state
	s.mu.Unlock()
	if st == nil {
		return nil
	}
	var out []CodeAction
	for _, d := range diags {
		for _, f := range st.fixes[abs] {
			if d.Source == "nclint" && f.code == d.Code && f.rng == d.Range {
				out = append(out, CodeAction{Title: fmt.Sprintf("%s (%s)", f.title, f.code), Kind: "quickfix",
					Diagnostics: []Diagnostic{d}, IsPreferred: true, Edit: &WorkspaceEdit{Changes: f.edits}})
			}
		}
	}
	return out
}
