package lsp

import (
	"net/url"
	"path/filepath"
	"runtime"
	"strings"
	"unicode/utf16"

	"github.com/nclint/nclint/internal/loc"
)

// lines splits a document's text into lines (without their terminators:
// \n, \r\n or \r, as LSP counts them).
func lines(text string) []string {
	var out []string
	for {
		i := strings.IndexAny(text, "\r\n")
		if i < 0 {
			return append(out, text)
		}
		out = append(out, text[:i])
		if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
			i++
		}
		text = text[i+1:]
	}
}

// toUTF16 converts a 1-based code-point column on line to a 0-based UTF-16
// offset, clamped to the line's length.
func toUTF16(line string, col int) int {
	n := 0
	for _, r := range line {
		if col <= 1 {
			break
		}
		col--
		n += utf16.RuneLen(r) // -1 never: range yields valid runes or U+FFFD
	}
	return n
}

// fromUTF16 converts a 0-based UTF-16 offset on line to a 1-based
// code-point column.
func fromUTF16(line string, char int) int {
	col := 1
	for _, r := range line {
		w := utf16.RuneLen(r)
		if w < 0 {
			w = 1
		}
		if char < w {
			break
		}
		char -= w
		col++
	}
	return col
}

// document is a file's text split into lines.
type document []string

// position converts a loc.Pos (1-based line, code-point column) to an LSP
// position. An unknown position is the start of the file.
func (d document) position(p loc.Pos) Position {
	if !p.IsValid() {
		return Position{}
	}
	line := p.Line - 1
	if line >= len(d) {
		if len(d) == 0 {
			return Position{}
		}
		return Position{Line: len(d) - 1, Character: toUTF16(d[len(d)-1], 1<<30)}
	}
	return Position{Line: line, Character: toUTF16(d[line], p.Col)}
}

// span converts a loc.Span to a range. A span without an end covers the
// rest of its start line.
func (d document) span(s loc.Span) Range {
	start := d.position(s.Start)
	if !s.End.IsValid() {
		end := start
		if s.Start.IsValid() && start.Line < len(d) {
			end.Character = toUTF16(d[start.Line], 1<<30)
		}
		return Range{Start: start, End: end}
	}
	return Range{Start: start, End: d.position(s.End)}
}

// pos converts an LSP position to a loc.Pos (Line and Col; Offset unset).
func (d document) pos(p Position) loc.Pos {
	line := ""
	if p.Line >= 0 && p.Line < len(d) {
		line = d[p.Line]
	}
	return loc.Pos{Line: p.Line + 1, Col: fromUTF16(line, p.Character)}
}

// uriToPath converts a file:// URI to a clean absolute path ("" when it is
// not a file URI).
func uriToPath(u DocumentURI) string {
	parsed, err := url.Parse(string(u))
	if err != nil || parsed.Scheme != "file" {
		return ""
	}
	p := parsed.Path
	if runtime.GOOS == "windows" {
		p = strings.TrimPrefix(p, "/")
	}
	return filepath.Clean(filepath.FromSlash(p))
}

// pathToURI converts an absolute path to a file:// URI.
func pathToURI(p string) DocumentURI {
	p = filepath.ToSlash(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x on Windows
	}
	return DocumentURI((&url.URL{Scheme: "file", Path: p}).String())
}

// applyChange applies an incremental change to text.
func applyChange(text string, r Range, newText string) string {
	start, end := offset(text, r.Start), offset(text, r.End)
	if end < start {
		start, end = end, start
	}
	return text[:start] + newText + text[end:]
}

// offset converts an LSP position to a byte offset in text (clamped).
func offset(text string, p Position) int {
	i := 0
	for line := 0; line < p.Line; line++ {
		j := strings.IndexAny(text[i:], "\r\n")
		if j < 0 {
			return len(text)
		}
		i += j
		if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
			i++
		}
		i++
	}
	char := p.Character
	for j, r := range text[i:] {
		if r == '\n' || r == '\r' || char <= 0 {
			return i + j
		}
		w := utf16.RuneLen(r)
		if w < 0 {
			w = 1
		}
		char -= w
	}
	return len(text)
}
