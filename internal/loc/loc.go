// Package loc holds source positions: where in which file a piece of
// metadata was read. Every layer of nclint (parsers, the link graph, rules
// and reporters) speaks in these types, so a finding can point at the exact
// element a developer must edit.
package loc

import (
	"fmt"
	"strings"
)

// Pos is a position in a file. Line and Col are 1-based; Col counts Unicode
// code points from the start of the line (SARIF columnKind
// "unicodeCodePoints"). Offset is the 0-based byte offset. The zero Pos means
// "unknown".
type Pos struct {
	Line   int
	Col    int
	Offset int
}

// IsValid reports whether p is a known position.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String formats p as "line:col".
func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// Span is a range in one file: from Start (inclusive) to End (exclusive).
// File is the path relative to the project root, with forward slashes
// (for example "force-app/main/default/namedCredentials/X.namedCredential-meta.xml").
type Span struct {
	File  string
	Start Pos
	End   Pos
}

// IsValid reports whether s names a file.
func (s Span) IsValid() bool { return s.File != "" }

// String formats s as "file:line:col", or "file" when the position is unknown.
func (s Span) String() string {
	if !s.Start.IsValid() {
		return s.File
	}
	return s.File + ":" + s.Start.String()
}

// Compare orders spans by file, then start line, then start column, then end.
// It returns -1, 0 or +1.
func Compare(a, b Span) int {
	if c := strings.Compare(a.File, b.File); c != 0 {
		return c
	}
	for _, d := range [...]int{
		a.Start.Line - b.Start.Line,
		a.Start.Col - b.Start.Col,
		a.End.Line - b.End.Line,
		a.End.Col - b.End.Col,
	} {
		if d < 0 {
			return -1
		}
		if d > 0 {
			return 1
		}
	}
	return 0
}

// FileSpan is a span covering a whole file with no known position inside it.
func FileSpan(file string) Span { return Span{File: file} }
