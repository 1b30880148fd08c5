package parse

import (
	"bytes"
	"strings"

	"github.com/beevik/etree"

	"github.com/nclint/nclint/internal/apex"
	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/xmlpos"
)

// directiveMarker starts every suppression comment; files without it are
// not searched.
var directiveMarker = []byte("nclint-ignore")

// parseDirective reads the text of a comment:
//
//	nclint-ignore NC101, NC102: reason
//	nclint-ignore NC101 until 2027-03-31: reason
//	nclint-ignore-file NC904: reason
//
// into the Rules, Reason, FileWide, HasUntil and Until fields of a
// suppression (Until as written; the engine checks it is a date). ok is
// false when the comment is not a directive.
func parseDirective(text string) (s model.Suppression, ok bool) {
	t := strings.TrimSpace(text)
	rest, found := strings.CutPrefix(t, "nclint-ignore-file")
	if found {
		s.FileWide = true
	} else if rest, found = strings.CutPrefix(t, "nclint-ignore"); !found {
		return s, false
	}
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' && rest[0] != ':' {
		return s, false // "nclint-ignored", say
	}
	list, reason, _ := strings.Cut(rest, ":")
	if i := untilIndex(list); i >= 0 {
		s.HasUntil = true
		s.Until = strings.TrimSpace(list[i+len("until"):])
		list = list[:i]
	}
	for _, r := range strings.Split(list, ",") {
		if r = strings.TrimSpace(r); r != "" {
			s.Rules = append(s.Rules, r)
		}
	}
	s.Reason = strings.TrimSpace(reason)
	return s, true
}

// untilIndex returns the index of the word "until" (any case, preceded by
// a space or tab) in a directive's rule list, or -1.
func untilIndex(list string) int {
	lower := strings.ToLower(list)
	for i := 0; ; {
		j := strings.Index(lower[i:], "until")
		if j < 0 {
			return -1
		}
		j += i
		end := j + len("until")
		if j > 0 && (lower[j-1] == ' ' || lower[j-1] == '\t') && (end == len(lower) || lower[end] == ' ' || lower[end] == '\t') {
			return j
		}
		i = end
	}
}

// xmlSuppressions finds directive comments anywhere in doc. A line
// directive covers the next sibling element and everything inside it.
func xmlSuppressions(doc *xmlpos.Document, data []byte) []model.Suppression {
	if !bytes.Contains(data, directiveMarker) {
		return nil
	}
	var out []model.Suppression
	var walk func(children []etree.Token)
	walk = func(children []etree.Token) {
		for i, tok := range children {
			switch c := tok.(type) {
			case *etree.Comment:
				s, ok := parseDirective(c.Data)
				if !ok {
					continue
				}
				s.Span = doc.CommentSpan(c)
				for _, next := range children[i+1:] {
					if e, isElem := next.(*etree.Element); isElem {
						s.Scope = doc.Span(e)
						break
					}
				}
				out = append(out, s)
			case *etree.Element:
				walk(c.Child)
			}
		}
	}
	walk(doc.Child)
	return out
}

// apexSuppressions finds directive comments ("// nclint-ignore ..." or
// "/* nclint-ignore ... */"). A comment after code covers its own line; a
// comment alone on its line covers the next statement: from the next line
// that holds code to the line that ends it (";", "{" or "}"), so a call
// split over several lines is covered whole.
func apexSuppressions(file string, data []byte) []model.Suppression {
	if !bytes.Contains(data, directiveMarker) {
		return nil
	}
	comments, _ := apex.Comments(data)
	lines := bytes.Split(data, []byte("\n"))
	// code is the source with every comment blanked (line breaks kept), so a
	// line such as "/*x*/ req.send();" counts as code and a line inside a
	// block comment does not.
	code := bytes.Clone(data)
	for _, c := range comments {
		for i := c.Start.Offset; i < c.End.Offset && i < len(code); i++ {
			if code[i] != '\n' && code[i] != '\r' {
				code[i] = ' '
			}
		}
	}
	codeLines := bytes.Split(code, []byte("\n"))
	lineSpan := func(n int) loc.Span { // 1-based line n, whole line
		text := string(bytes.TrimRight(lines[n-1], "\r"))
		return loc.Span{File: file, Start: loc.Pos{Line: n, Col: 1}, End: loc.Pos{Line: n, Col: len([]rune(text)) + 1}}
	}
	var out []model.Suppression
	for _, c := range comments {
		s, ok := parseDirective(c.Value())
		if !ok {
			continue
		}
		s.Span = c.Span(file)
		lineStart := bytes.LastIndexByte(data[:c.Start.Offset], '\n') + 1
		if len(bytes.TrimSpace(data[lineStart:c.Start.Offset])) > 0 {
			s.Scope = lineSpan(c.Start.Line) // after code: its own line
		} else if n := nextCodeLine(codeLines, c.End.Line+1); n > 0 {
			s.Scope = loc.Span{File: file, Start: lineSpan(n).Start, End: lineSpan(statementEnd(codeLines, n)).End}
		}
		out = append(out, s)
	}
	return out
}

// maxStatementLines bounds how far a statement covered by a suppression
// may extend.
const maxStatementLines = 30

// nextCodeLine returns the first 1-based line from n on that holds code
// (lines are the source with comments blanked), or 0.
func nextCodeLine(lines [][]byte, n int) int {
	for ; n <= len(lines); n++ {
		if len(bytes.TrimSpace(lines[n-1])) > 0 {
			return n
		}
	}
	return 0
}

// statementEnd returns the line that ends the statement starting on line n:
// the first line ending in ";", "{" or "}", at most maxStatementLines on.
func statementEnd(lines [][]byte, n int) int {
	end := n
	for m := n; m <= len(lines) && m < n+maxStatementLines; m++ {
		end = m
		if t := bytes.TrimSpace(lines[m-1]); len(t) > 0 && bytes.ContainsAny(t[len(t)-1:], ";{}") {
			break
		}
	}
	return end
}
