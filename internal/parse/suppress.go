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
//	nclint-ignore-file NC904: reason
//
// ok is false when the comment is not a directive.
func parseDirective(text string) (fileWide bool, rules []string, reason string, ok bool) {
	t := strings.TrimSpace(text)
	rest, found := strings.CutPrefix(t, "nclint-ignore-file")
	if found {
		fileWide = true
	} else if rest, found = strings.CutPrefix(t, "nclint-ignore"); !found {
		return false, nil, "", false
	}
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' && rest[0] != ':' {
		return false, nil, "", false // "nclint-ignored", say
	}
	list, reason, _ := strings.Cut(rest, ":")
	for _, r := range strings.Split(list, ",") {
		if r = strings.TrimSpace(r); r != "" {
			rules = append(rules, r)
		}
	}
	return fileWide, rules, strings.TrimSpace(reason), true
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
				fileWide, rules, reason, ok := parseDirective(c.Data)
				if !ok {
					continue
				}
				s := model.Suppression{Span: doc.CommentSpan(c), Rules: rules, Reason: reason, FileWide: fileWide}
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
	lineSpan := func(n int) loc.Span { // 1-based line n, whole line
		text := string(bytes.TrimRight(lines[n-1], "\r"))
		return loc.Span{File: file, Start: loc.Pos{Line: n, Col: 1}, End: loc.Pos{Line: n, Col: len([]rune(text)) + 1}}
	}
	var out []model.Suppression
	for _, c := range comments {
		fileWide, rules, reason, ok := parseDirective(c.Value())
		if !ok {
			continue
		}
		s := model.Suppression{Span: c.Span(file), Rules: rules, Reason: reason, FileWide: fileWide}
		lineStart := bytes.LastIndexByte(data[:c.Start.Offset], '\n') + 1
		if len(bytes.TrimSpace(data[lineStart:c.Start.Offset])) > 0 {
			s.Scope = lineSpan(c.Start.Line) // after code: its own line
		} else if n := nextCodeLine(lines, c.End.Line+1); n > 0 {
			s.Scope = loc.Span{File: file, Start: lineSpan(n).Start, End: lineSpan(statementEnd(lines, n)).End}
		}
		out = append(out, s)
	}
	return out
}

// maxStatementLines bounds how far a statement covered by a suppression
// may extend.
const maxStatementLines = 30

// isCommentLine reports whether a trimmed line is only a comment.
func isCommentLine(t []byte) bool {
	return bytes.HasPrefix(t, []byte("//")) || bytes.HasPrefix(t, []byte("/*")) || bytes.HasPrefix(t, []byte("*"))
}

// nextCodeLine returns the first 1-based line from n on that holds code
// (not blank, not only a comment), or 0.
func nextCodeLine(lines [][]byte, n int) int {
	for ; n <= len(lines); n++ {
		if t := bytes.TrimSpace(lines[n-1]); len(t) > 0 && !isCommentLine(t) {
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
