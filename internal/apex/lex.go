package apex

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/nclint/nclint/internal/loc"
)

// Kind is the kind of a lexical token.
type Kind uint8

// The token kinds. Keywords are not a kind of their own: Apex keywords are
// case-insensitive, so they come as Ident tokens and callers compare the
// text with strings.EqualFold (see Token.Is).
const (
	// Ident is an identifier or keyword: [A-Za-z_][A-Za-z0-9_]*.
	Ident Kind = iota + 1
	// Number is a numeric literal such as 42, 3.14 or 10L.
	Number
	// String is a terminated single-quoted string literal, quotes included.
	String
	// Annotation is "@" followed by a name, with optional blanks (spaces or
	// tabs) in between: "@future", "@ future". Parameters in parentheses
	// are separate tokens.
	Annotation
	// Punct is one ASCII operator or punctuation character. Operators are
	// never combined: "==" is two tokens and "List<List<X>>" ends with two
	// ">" tokens, which is what balancing generics needs.
	Punct
	// LineComment is a "//" comment up to (not including) the line break.
	LineComment
	// BlockComment is a "/* */" comment, possibly spanning lines. Apex block
	// comments do not nest. An unterminated one runs to the end of the input.
	BlockComment
	// Invalid is an unterminated string literal, from its quote to the end
	// of the line. Lexing resumes on the next line.
	Invalid
	// Other is a character that cannot start an Apex token: an ASCII control
	// character, a non-ASCII code point (such as a no-break space) or a
	// byte that is not valid UTF-8. It is tolerated, not reported.
	Other
)

var kindNames = [...]string{
	Ident:        "Ident",
	Number:       "Number",
	String:       "String",
	Annotation:   "Annotation",
	Punct:        "Punct",
	LineComment:  "LineComment",
	BlockComment: "BlockComment",
	Invalid:      "Invalid",
	Other:        "Other",
}

// String returns the name of the kind, e.g. "Ident".
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// Token is one lexical token with its exact source text and position.
// Start and End carry no file name; End is exclusive. Columns count Unicode
// code points (an invalid UTF-8 byte counts as one), offsets count bytes
// from the start of the input, a leading byte order mark included.
type Token struct {
	Kind Kind
	// Text is the token exactly as written in the source.
	Text  string
	Start loc.Pos
	End   loc.Pos
}

// Span returns the token's span in the given file.
func (t Token) Span(file string) loc.Span {
	return loc.Span{File: file, Start: t.Start, End: t.End}
}

// Is reports whether the token is an identifier equal to s ignoring case
// (Apex keywords are case-insensitive), or a token of another kind whose
// text is exactly s.
func (t Token) Is(s string) bool {
	if t.Kind == Ident {
		return strings.EqualFold(t.Text, s)
	}
	return t.Text == s
}

// Value returns the meaning of the token's text:
//   - String: the content between the quotes with the escapes \b \t \n \f
//     \r \" \' \\ and \uXXXX decoded; an unknown escape is kept as written;
//   - LineComment: the text after "//";
//   - BlockComment: the text between "/*" and "*/" (to the end for an
//     unterminated comment);
//   - Annotation: the name without "@" and blanks, as written ("future");
//   - any other kind: Text.
func (t Token) Value() string {
	switch t.Kind {
	case String:
		return unquote(t.Text)
	case LineComment:
		return strings.TrimPrefix(t.Text, "//")
	case BlockComment:
		return strings.TrimSuffix(strings.TrimPrefix(t.Text, "/*"), "*/")
	case Annotation:
		return strings.TrimLeft(strings.TrimPrefix(t.Text, "@"), " \t")
	}
	return t.Text
}

// LexError is a lexical error: an unterminated string literal or block
// comment. Start is where the literal or comment begins, End where the lexer
// gave up on it (the end of the line for a string, of the input for a
// comment).
type LexError struct {
	Start loc.Pos
	End   loc.Pos
	Msg   string
}

// Error formats the error as "line:col: message".
func (e LexError) Error() string { return e.Start.String() + ": " + e.Msg }

// Messages of LexError.
const (
	msgUnterminatedString  = "unterminated string literal (Apex strings cannot span lines)"
	msgUnterminatedComment = "unterminated block comment"
	msgTooLarge            = "file too large to scan as Apex (2 GiB or more)"
)

// DefaultMaxTokens is the most tokens (comments and white-space-free
// tokens of every kind) read from one file. Each token the scanner keeps
// costs about 28 bytes, so the limit bounds the memory of one file at
// about 56 MB, whatever its content: 49 MB of ";" would otherwise be 49
// million tokens and several gigabytes. Real Apex has about one token per
// four to eight bytes, so a class at the 50 MiB file size limit would still
// be far above any real one (the largest real classes are a few hundred
// kilobytes).
const DefaultMaxTokens = 2_000_000

// tokenLimitMsg is the message of the LexError for a file over the token
// limit; the limit is formatted in.
const tokenLimitMsg = "not read: the file has more than %d Apex tokens, the limit that bounds memory (real Apex has far fewer)"

// Lex splits Apex source into tokens, comments and Other tokens included,
// in source order; white space and line breaks are dropped. It is meant for
// code that needs more than Parse returns. Code that only reads comments
// (suppressions such as "// nclint-ignore NC201: reason") should use
// Comments, which is much cheaper.
//
// A UTF-8 byte order mark at the start is skipped (the first line's columns
// start after it). Line breaks are "\n", "\r\n" and a lone "\r". Lex never
// fails: an unterminated string literal becomes an Invalid token up to the
// end of its line and a LexError, and lexing resumes on the next line; an
// unterminated block comment runs to the end and gives a LexError. The work
// is linear in len(src). Inputs of 2 GiB or more are not supported: Lex
// returns no tokens and one LexError for them.
//
// A file with more than DefaultMaxTokens tokens is lexed only up to the
// limit: the last LexError then says so, at the token that crosses it.
func Lex(src []byte) ([]Token, []LexError) {
	return lexTokens(src, keepAll)
}

// Comments returns the comment tokens (LineComment and BlockComment) of src
// in source order, and the lexical errors, as Lex would.
func Comments(src []byte) ([]Token, []LexError) {
	return lexTokens(src, keepComments)
}

func lexTokens(src []byte, keep keepMode) ([]Token, []LexError) {
	if len(src) > math.MaxInt32 {
		return nil, []LexError{{Start: loc.Pos{Line: 1, Col: 1}, End: loc.Pos{Line: 1, Col: 1}, Msg: msgTooLarge}}
	}
	text := string(src)
	cs, errs, limit := lexCompact(text, keep, DefaultMaxTokens)
	if limit != nil {
		errs = append(errs, *limit)
	}
	toks := make([]Token, len(cs))
	for i, c := range cs {
		toks[i] = Token{
			Kind:  c.kind,
			Text:  text[c.off:c.end],
			Start: loc.Pos{Line: int(c.line), Col: int(c.col), Offset: int(c.off)},
			End:   loc.Pos{Line: int(c.endLine), Col: int(c.endCol), Offset: int(c.end)},
		}
	}
	return toks, errs
}

// keepMode says which tokens the lexer returns.
type keepMode uint8

const (
	keepScan     keepMode = iota // what the scanner needs: no comments, Other or Invalid
	keepAll                      // every token
	keepComments                 // comments only
)

func (m keepMode) keeps(k Kind) bool {
	switch m {
	case keepAll:
		return true
	case keepComments:
		return k == LineComment || k == BlockComment
	}
	return k != LineComment && k != BlockComment && k != Other && k != Invalid
}

// lexCompact tokenizes src, at most math.MaxInt32 bytes, into compact
// tokens. It stops at the token that would be the (maxTokens+1)-th, kept
// or not, and returns a LexError for it as limit (nil below the limit).
func lexCompact(src string, keep keepMode, maxTokens int) ([]ctok, []LexError, *LexError) {
	return lexInto(nil, src, keep, maxTokens)
}

// lexInto is lexCompact appending to buf[:0] when buf has room for the
// tokens src may have (a buffer reused from an earlier file).
func lexInto(buf []ctok, src string, keep keepMode, maxTokens int) ([]ctok, []LexError, *LexError) {
	l := &lexer{src: src, line: 1, keep: keep, maxTokens: maxTokens}
	if strings.HasPrefix(src, "\uFEFF") {
		l.off, l.lineStart = 3, 3
	}
	l.colOff, l.col = l.lineStart, 1
	if n := min(len(src)/4+8, maxTokens); keep != keepComments && cap(buf) >= n {
		l.toks = buf[:0]
	} else if keep != keepComments {
		l.toks = make([]ctok, 0, n)
	}
	l.run()
	return l.toks, l.errs, l.limit
}

// ctok is the compact token the lexer produces: a third of a Token's size,
// which matters for large files. Its text is src[off:end].
type ctok struct {
	off, end        int32
	line, col       int32
	endLine, endCol int32
	kind            Kind
}

type lexer struct {
	src       string
	off       int // next byte to read
	line      int // current line, 1-based
	lineStart int // offset of the first byte of the current line
	colOff    int // offset whose column is col (memo for pos)
	col       int
	keep      keepMode
	toks      []ctok
	errs      []LexError
	// count is the number of tokens lexed, kept or not; past maxTokens the
	// lexer stops and limit says where.
	count     int
	maxTokens int
	limit     *LexError
}

// over counts one more token starting at start and reports whether it is
// over the limit, which then stops the lexer.
func (l *lexer) over(start int) bool {
	if l.count++; l.count <= l.maxTokens {
		return false
	}
	if l.limit == nil {
		p := l.pos(start)
		l.limit = &LexError{Start: p, End: p, Msg: fmt.Sprintf(tokenLimitMsg, l.maxTokens)}
	}
	return true
}

// pos returns the position of offset off, which must lie on the current
// line at or after the last offset asked for. Columns are counted
// incrementally, so the total work stays linear.
func (l *lexer) pos(off int) loc.Pos {
	if l.colOff < l.lineStart || off < l.colOff {
		l.colOff, l.col = l.lineStart, 1
	}
	if off > l.colOff {
		l.col += runeCount(l.src[l.colOff:off])
		l.colOff = off
	}
	return loc.Pos{Line: l.line, Col: l.col, Offset: off}
}

// runeCount counts code points the way utf8.RuneCountInString does, with
// a fast path for ASCII.
func runeCount(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return i + utf8.RuneCountInString(s[i:])
		}
	}
	return len(s)
}

func (l *lexer) emit(k Kind, start, end int) {
	if l.over(start) || !l.keep.keeps(k) {
		return
	}
	sp, ep := l.pos(start), l.pos(end)
	l.toks = append(l.toks, ctok{
		off: int32(start), end: int32(end),
		line: int32(sp.Line), col: int32(sp.Col),
		endLine: int32(ep.Line), endCol: int32(ep.Col),
		kind: k,
	})
}

// lines advances the line counters over src[from:to], which may hold line
// breaks (a block comment).
func (l *lexer) lines(from, to int) {
	for i := from; i < to; i++ {
		switch l.src[i] {
		case '\n':
			l.line++
			l.lineStart = i + 1
		case '\r':
			if i+1 < len(l.src) && l.src[i+1] == '\n' {
				continue // counted at the '\n'
			}
			l.line++
			l.lineStart = i + 1
		}
	}
}

func (l *lexer) run() {
	src := l.src
	for l.off < len(src) && l.limit == nil {
		start := l.off
		c := src[start]
		switch {
		case c == '\n':
			l.off++
			l.line++
			l.lineStart = l.off
		case c == '\r':
			l.off++
			if l.off < len(src) && src[l.off] == '\n' {
				l.off++
			}
			l.line++
			l.lineStart = l.off
		case c == ' ' || c == '\t' || c == '\f' || c == '\v':
			l.off++
		case isIdentStart(c):
			j := start + 1
			for j < len(src) && isIdentChar(src[j]) {
				j++
			}
			l.emit(Ident, start, j)
			l.off = j
		case isDigit(c):
			j := start + 1
			for j < len(src) {
				if isIdentChar(src[j]) {
					j++
				} else if src[j] == '.' && j+1 < len(src) && isDigit(src[j+1]) {
					j += 2
				} else {
					break
				}
			}
			l.emit(Number, start, j)
			l.off = j
		case c == '\'':
			l.string()
		case c == '/' && start+1 < len(src) && src[start+1] == '/':
			j := start + 2
			for j < len(src) && src[j] != '\n' && src[j] != '\r' {
				j++
			}
			l.emit(LineComment, start, j)
			l.off = j
		case c == '/' && start+1 < len(src) && src[start+1] == '*':
			l.blockComment()
		case c == '@':
			j := start + 1
			for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
				j++
			}
			if j < len(src) && isIdentStart(src[j]) {
				j++
				for j < len(src) && isIdentChar(src[j]) {
					j++
				}
				l.emit(Annotation, start, j)
				l.off = j
			} else {
				l.emit(Punct, start, start+1)
				l.off = start + 1
			}
		case c < 0x20 || c == 0x7f:
			l.emit(Other, start, start+1)
			l.off = start + 1
		case c < utf8.RuneSelf:
			l.emit(Punct, start, start+1)
			l.off = start + 1
		default:
			_, w := utf8.DecodeRuneInString(src[start:])
			l.emit(Other, start, start+w)
			l.off = start + w
		}
	}
}

// string lexes a string literal starting at l.off.
func (l *lexer) string() {
	src := l.src
	start := l.off
	j := start + 1
	for j < len(src) {
		c := src[j]
		if c == '\'' {
			l.emit(String, start, j+1)
			l.off = j + 1
			return
		}
		if c == '\n' || c == '\r' {
			break
		}
		j++
		if c == '\\' && j < len(src) && src[j] != '\n' && src[j] != '\r' {
			j++ // the escaped byte, even a quote
		}
	}
	// Unterminated: up to the line break (or the end); resume there.
	if l.over(start) {
		return
	}
	l.count-- // counted again by emit
	l.errs = append(l.errs, LexError{Start: l.pos(start), End: l.pos(j), Msg: msgUnterminatedString})
	l.emit(Invalid, start, j)
	l.off = j
}

// blockComment lexes a /* */ comment starting at l.off.
func (l *lexer) blockComment() {
	start := l.off
	if l.over(start) {
		return
	}
	end := len(l.src)
	closed := false
	if i := strings.Index(l.src[start+2:], "*/"); i >= 0 {
		end = start + 2 + i + 2
		closed = true
	}
	sp := l.pos(start)
	l.lines(start, end)
	ep := l.pos(end)
	if !closed {
		l.errs = append(l.errs, LexError{Start: sp, End: ep, Msg: msgUnterminatedComment})
	}
	if l.keep.keeps(BlockComment) {
		l.toks = append(l.toks, ctok{
			off: int32(start), end: int32(end),
			line: int32(sp.Line), col: int32(sp.Col),
			endLine: int32(ep.Line), endCol: int32(ep.Col),
			kind: BlockComment,
		})
	}
	l.off = end
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func isIdentChar(c byte) bool {
	return isIdentStart(c) || isDigit(c)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// unquote decodes a string literal (quotes included) as Token.Value does.
func unquote(raw string) string {
	s := raw
	if len(s) >= 1 && s[0] == '\'' {
		s = s[1:]
	}
	if len(s) >= 1 && s[len(s)-1] == '\'' && !escapedAt(s, len(s)-1) {
		s = s[:len(s)-1]
	}
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch e := s[i]; e {
		case 'b':
			b.WriteByte('\b')
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'f':
			b.WriteByte('\f')
		case 'r':
			b.WriteByte('\r')
		case '\'', '"', '\\':
			b.WriteByte(e)
		case 'u':
			if r, ok := hex4(s[i+1:]); ok {
				b.WriteRune(r)
				i += 4
				break
			}
			b.WriteString(`\u`)
		default:
			b.WriteByte('\\')
			b.WriteByte(e)
		}
	}
	return b.String()
}

// escapedAt reports whether s[i] is preceded by an odd number of backslashes.
func escapedAt(s string, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && s[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

func hex4(s string) (rune, bool) {
	if len(s) < 4 {
		return 0, false
	}
	var r rune
	for i := 0; i < 4; i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// locSpan returns the span of a lexical error in file.
func locSpan(file string, e LexError) loc.Span {
	return loc.Span{File: file, Start: e.Start, End: e.End}
}
