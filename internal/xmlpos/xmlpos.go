// Package xmlpos reads an XML file into an ordinary *etree.Document while
// recording where every element and comment sits in the file.
//
// etree itself keeps no positions, so the document is built here in one pass
// over encoding/xml RawToken, taking the decoder's byte offset before and
// after each token and turning it into a loc.Pos with a forward-only cursor.
// The reader is strict in the ways Salesforce metadata needs: one root
// element, matching end tags, no text outside the root, no DOCTYPE, no
// entity expansion, UTF-8 only, bounded nesting depth and node count, and
// no work quadratic in the input. Every error is a *SyntaxError with a
// file, line and column.
//
// Position policy:
//   - Line is 1-based. "\n", "\r\n" and a lone "\r" each end a line (the
//     same three line ends XML itself normalises).
//   - Col is 1-based and counts Unicode code points from the start of the
//     line, not bytes. The "\r" of a "\r\n" pair is not a column. A byte
//     that is not valid UTF-8 counts as one column.
//   - Offset is the 0-based byte offset in the file as given, BOM included.
//   - A UTF-8 byte order mark is skipped and is not a column: on a file
//     that starts with a BOM, the character right after it is 1:1 with
//     Offset 3. This matches what editors show, since they hide the BOM.
package xmlpos

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/beevik/etree"

	"github.com/nclint/nclint/internal/loc"
)

// DefaultMaxDepth is the element nesting depth allowed when Options.MaxDepth
// is zero. Real metadata nests fewer than ten levels.
const DefaultMaxDepth = 256

// DefaultMaxNodes is the number of nodes allowed in one file when
// Options.MaxNodes is zero. Counted nodes are elements, attributes,
// comments, processing instructions and CDATA sections; text is not
// counted, since a run of text sits between two tags, so there are never
// many more runs than counted nodes. Real metadata has about one element per 47 bytes
// (the largest profiles and flows have 100,000-300,000 elements), so even a
// real-shaped file at the 50 MiB file size limit stays near half the limit;
// a file of 12 million <x/> exceeds it, and would otherwise build a tree
// of several gigabytes.
const DefaultMaxNodes = 2_000_000

// Options tune Parse.
type Options struct {
	// MaxDepth is the deepest element nesting allowed (the root element is
	// depth 1). Zero or less means DefaultMaxDepth.
	MaxDepth int
	// MaxNodes is the largest number of nodes read (see DefaultMaxNodes);
	// the first node over it is a *SyntaxError with Limit set. Zero or
	// less means DefaultMaxNodes.
	MaxNodes int
}

// SyntaxError is a file that is not well-formed XML or that breaks one of
// the rules this package enforces.
type SyntaxError struct {
	// File is the name given to Parse.
	File string
	// Pos is where the problem was found.
	Pos loc.Pos
	// Msg says what is wrong, e.g. "end tag </label> does not match start tag <endpoint>".
	Msg string
	// Limit is set when the file may be well-formed but was not read
	// because it has more nodes than Options.MaxNodes.
	Limit bool
}

// Error formats the error as "file:line:col: msg".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Pos.Line, e.Pos.Col, e.Msg)
}

// Span returns the error position as a zero-width span in File.
func (e *SyntaxError) Span() loc.Span {
	return loc.Span{File: e.File, Start: e.Pos, End: e.Pos}
}

// Document is a parsed file: the etree document plus the position of every
// element and comment in it.
type Document struct {
	*etree.Document
	// File is the name given to Parse; it is the File of every span.
	File string

	elems    map[*etree.Element]span
	comments map[*etree.Comment]span
}

// span is a compact element or comment span: the maps of a large file hold
// millions of them. Parse rejects data of 2 GiB or more, so every line,
// column and offset fits in 32 bits.
type span struct{ start, end pos32 }

type pos32 struct{ line, col, off int32 }

func pack(p loc.Pos) pos32 { return pos32{int32(p.Line), int32(p.Col), int32(p.Offset)} }

func (p pos32) unpack() loc.Pos {
	return loc.Pos{Line: int(p.line), Col: int(p.col), Offset: int(p.off)}
}

// Span returns the span of e: from the "<" of its start tag to just after
// the ">" of its end tag (or of "/>" for an empty-element tag). It returns
// the zero Span for an element that was not read by this Document.
func (d *Document) Span(e *etree.Element) loc.Span {
	s, ok := d.elems[e]
	if !ok {
		return loc.Span{}
	}
	return loc.Span{File: d.File, Start: s.start.unpack(), End: s.end.unpack()}
}

// CommentSpan returns the span of c from "<!--" to just after "-->". It
// returns the zero Span for a comment that was not read by this Document.
func (d *Document) CommentSpan(c *etree.Comment) loc.Span {
	s, ok := d.comments[c]
	if !ok {
		return loc.Span{}
	}
	return loc.Span{File: d.File, Start: s.start.unpack(), End: s.end.unpack()}
}

// Parse reads data, the content of file, with default Options.
func Parse(file string, data []byte) (*Document, error) {
	return ParseOptions(file, data, Options{})
}

// ParseOptions reads data, the content of file. It never panics. On error
// it returns a *SyntaxError and no Document.
func ParseOptions(file string, data []byte, opts Options) (doc *Document, err error) {
	defer func() {
		// encoding/xml is not known to panic, but a linter must never
		// crash on one hostile file.
		if r := recover(); r != nil {
			doc = nil
			err = &SyntaxError{File: file, Pos: loc.Pos{Line: 1, Col: 1}, Msg: fmt.Sprintf("internal error while reading XML: %v", r)}
		}
	}()
	p := newParser(file, data, opts)
	return p.run()
}

type parser struct {
	file     string
	data     []byte
	start    int // offset after a BOM
	maxDepth int
	maxNodes int
	nodes    int // nodes counted against maxNodes so far
	cur      cursor
	doc      *Document
	badEnc   string // encoding label rejected by the CharsetReader
	ws       map[string]string
	names    map[string]string // interned element names
}

func newParser(file string, data []byte, opts Options) *parser {
	p := &parser{file: file, data: data, maxDepth: opts.MaxDepth}
	if p.maxDepth <= 0 {
		p.maxDepth = DefaultMaxDepth
	}
	p.maxNodes = opts.MaxNodes
	if p.maxNodes <= 0 {
		p.maxNodes = DefaultMaxNodes
	}
	if bytes.HasPrefix(data, utf8BOM) {
		p.start = len(utf8BOM)
	}
	p.cur = cursor{data: data, off: p.start, line: 1, col: 1}
	return p
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// errAt builds a SyntaxError at byte offset off. Offsets must not go
// backwards across calls except through posOf on a fresh cursor.
func (p *parser) errAt(off int, format string, args ...any) *SyntaxError {
	return &SyntaxError{File: p.file, Pos: p.posOf(off), Msg: printable(fmt.Sprintf(format, args...))}
}

// printable escapes what a message quoting the input must not carry to a
// terminal, a SARIF log or a CI annotation: a byte that is not UTF-8
// becomes \xFF, a control character \u0001.
func printable(s string) string {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02X`, s[i])
		case unicode.IsControl(r):
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// posOf returns the position of off, advancing the cursor when off is
// ahead of it and recomputing from the start otherwise (only on errors).
func (p *parser) posOf(off int) loc.Pos {
	if off < p.cur.off {
		c := cursor{data: p.data, off: p.start, line: 1, col: 1}
		return c.advance(off)
	}
	return p.cur.advance(off)
}

func (p *parser) run() (*Document, error) {
	if err := p.checkEncodingBytes(); err != nil {
		return nil, err
	}
	body := p.data[p.start:]
	if len(bytes.Trim(body, " \t\r\n")) == 0 {
		return nil, p.errAt(p.start, "empty file")
	}
	if len(p.data) > math.MaxInt32 {
		return nil, &SyntaxError{File: p.file, Pos: loc.Pos{Line: 1, Col: 1}, Msg: "not read: the file is 2 GiB or larger", Limit: true}
	}

	dec := xml.NewDecoder(bytes.NewReader(body)) // a *bytes.Reader is an io.ByteReader: no bufio copy
	dec.Strict = true
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "us-ascii") {
			return in, nil
		}
		p.badEnc = label
		return nil, errors.New("unsupported encoding")
	}

	p.doc = &Document{
		Document: etree.NewDocument(),
		File:     p.file,
		// Sized for the start tags the file can hold (each element has a
		// start tag and, but for "<x/>", an end tag), so a large file's
		// map is allocated once instead of growing through copies.
		elems:    make(map[*etree.Element]span, min(bytes.Count(body, []byte("</"))+bytes.Count(body, []byte("/>")), p.maxNodes)),
		comments: make(map[*etree.Comment]span),
	}
	p.names = make(map[string]string)
	p.ws = make(map[string]string)

	type open struct {
		e     *etree.Element
		start loc.Pos
	}
	stack := make([]open, 0, 16)
	var root *etree.Element
	sawToken := false

	for {
		before := p.start + int(dec.InputOffset())
		tok, err := dec.RawToken()
		after := p.start + int(dec.InputOffset())
		if errors.Is(err, io.EOF) {
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				return nil, p.errAt(len(p.data), "unexpected end of file: <%s> opened at %s is not closed", qname(top.e.Space, top.e.Tag), top.start)
			}
			if root == nil {
				return nil, p.errAt(len(p.data), "no root element")
			}
			return p.doc, nil
		}
		if err != nil {
			return nil, p.decoderError(err, before, after)
		}
		if p.nodes += p.count(tok, before); p.nodes > p.maxNodes {
			se := p.errAt(before, "not read: the file has more than %d XML nodes (elements, attributes, comments), "+
				"the limit that bounds memory (real metadata has far fewer)", p.maxNodes)
			se.Limit = true
			return nil, se
		}

		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 && root != nil {
				return nil, p.errAt(before, "second root element <%s>; a metadata file has exactly one root element", qname(t.Name.Space, t.Name.Local))
			}
			if len(stack) >= p.maxDepth {
				return nil, p.errAt(before, "elements are nested more than %d levels deep", p.maxDepth)
			}
			parent := &p.doc.Element
			if len(stack) > 0 {
				parent = stack[len(stack)-1].e
			}
			e := parent.CreateElement(p.name(t.Name))
			if err := p.addAttrs(e, t.Attr, before); err != nil {
				return nil, err
			}
			if root == nil {
				root = e
			}
			stack = append(stack, open{e: e, start: p.posOf(before)})

		case xml.EndElement:
			if len(stack) == 0 {
				return nil, p.errAt(before, "end tag </%s> without a matching start tag", qname(t.Name.Space, t.Name.Local))
			}
			top := stack[len(stack)-1]
			if top.e.Space != t.Name.Space || top.e.Tag != t.Name.Local {
				return nil, p.errAt(before, "end tag </%s> does not match start tag <%s> opened at %s",
					qname(t.Name.Space, t.Name.Local), qname(top.e.Space, top.e.Tag), top.start)
			}
			p.doc.elems[top.e] = span{start: pack(top.start), end: pack(p.posOf(after))}
			stack = stack[:len(stack)-1]

		case xml.CharData:
			if len(stack) == 0 {
				if !isSpace(t) {
					return nil, p.errAt(before+leadingSpace(t), "text %q outside the root element", excerpt(t))
				}
				// Keep white space between top-level tokens, as etree does.
				p.doc.CreateText(p.intern(t))
				break
			}
			top := stack[len(stack)-1].e
			if isSpace(t) {
				top.CreateText(p.intern(t))
			} else {
				top.CreateText(string(t))
			}

		case xml.Comment:
			parent := &p.doc.Element
			if len(stack) > 0 {
				parent = stack[len(stack)-1].e
			}
			c := parent.CreateComment(string(t))
			p.doc.comments[c] = span{start: pack(p.posOf(before)), end: pack(p.posOf(after))}

		case xml.ProcInst:
			if t.Target == "xml" && (before != p.start || sawToken) {
				return nil, p.errAt(before, "the XML declaration <?xml ...?> must be at the very start of the file")
			}
			parent := &p.doc.Element
			if len(stack) > 0 {
				parent = stack[len(stack)-1].e
			}
			parent.CreateProcInst(t.Target, string(t.Inst))

		case xml.Directive:
			if bytes.HasPrefix(bytes.TrimSpace(t), []byte("DOCTYPE")) {
				return nil, p.errAt(before, "DOCTYPE not allowed in Salesforce metadata")
			}
			return nil, p.errAt(before, "<!%s> declaration not allowed in Salesforce metadata", excerpt(firstWord(t)))
		}
		sawToken = true
	}
}

// count returns the nodes tok counts for against the node limit: an
// element and its attributes, a comment, a processing instruction, a CDATA
// section (which, unlike a text run, can follow another without a tag in
// between). Text runs and end tags count nothing.
func (p *parser) count(tok xml.Token, at int) int {
	switch t := tok.(type) {
	case xml.StartElement:
		return 1 + len(t.Attr)
	case xml.Comment, xml.ProcInst:
		return 1
	case xml.CharData:
		if p.data[at] == '<' {
			return 1
		}
	}
	return 0
}

// addAttrs copies attributes onto e, rejecting duplicates (XML 1.0 WFC
// "Unique Att Spec"; encoding/xml accepts them silently).
//
// A few attributes are compared pairwise; beyond smallAttrs a set is used,
// so a hostile start tag with 100,000 attributes costs linear time.
func (p *parser) addAttrs(e *etree.Element, attrs []xml.Attr, at int) error {
	if len(attrs) == 0 {
		return nil
	}
	var seen map[xml.Name]struct{}
	if len(attrs) > smallAttrs {
		seen = make(map[xml.Name]struct{}, len(attrs))
	}
	for i, a := range attrs {
		dup := false
		if seen != nil {
			_, dup = seen[a.Name]
			seen[a.Name] = struct{}{}
		} else {
			for _, b := range attrs[:i] {
				if a.Name == b.Name {
					dup = true
					break
				}
			}
		}
		if dup {
			return p.errAt(at, "attribute %s appears twice on <%s>", qname(a.Name.Space, a.Name.Local), qname(e.Space, e.Tag))
		}
	}
	// etree's CreateAttr looks for an existing attribute of the same name
	// first, which is quadratic over one tag. The names are known to be
	// unique, so each attribute is created on an empty view of a
	// preallocated slice: CreateAttr then scans nothing and appends in
	// place (the capacity is there), still setting the attribute's element.
	all := make([]etree.Attr, 0, len(attrs))
	for _, a := range attrs {
		e.Attr = all[len(all):]
		e.CreateAttr(qname(a.Name.Space, a.Name.Local), a.Value)
		all = all[:len(all)+1]
	}
	e.Attr = all
	return nil
}

// smallAttrs is the attribute count up to which addAttrs compares pairs
// instead of building a set.
const smallAttrs = 16

// decoderError turns an encoding/xml error into a positioned SyntaxError.
// before is the offset where the failing token started, after where the
// decoder stopped.
func (p *parser) decoderError(err error, before, after int) *SyntaxError {
	if p.badEnc != "" {
		return p.errAt(before, "encoding %q is not supported; Salesforce metadata must be UTF-8", p.badEnc)
	}
	var se *xml.SyntaxError
	if !errors.As(err, &se) {
		msg := strings.TrimPrefix(err.Error(), "xml: ")
		return p.errAt(before, "%s", msg)
	}
	msg := se.Msg
	switch {
	case strings.HasPrefix(msg, "unexpected EOF"): // also "unexpected EOF in CDATA section"
		return p.errAt(len(p.data), "unexpected end of file inside %s", describeAt(p.data, before))
	case strings.HasPrefix(msg, "invalid character entity"):
		// Point at the "&" that starts the entity. The entity's name is
		// input text (often the rest of a password with an unescaped "&"),
		// so it is shown only as a redacted excerpt.
		if i := bytes.LastIndexByte(p.data[before:after], '&'); i >= 0 {
			name, end := p.data[before+i+1:], "(no semicolon)"
			if j := bytes.IndexFunc(name, func(r rune) bool { return r == ';' || r == '<' || r == '&' || unicode.IsSpace(r) }); j >= 0 {
				if name[j] == ';' {
					end = ";"
				}
				name = name[:j]
			}
			if end != ";" {
				end = " " + end
			}
			return p.errAt(before+i, "invalid character entity &%s%s (only &amp; &lt; &gt; &quot; &apos; and numeric character references are allowed; write a literal & as &amp;)",
				excerpt(name), end)
		}
	case msg == "invalid UTF-8":
		if i := firstInvalidUTF8(p.data[before:after]); i >= 0 {
			return p.errAt(before+i, "invalid UTF-8 byte 0x%02X; Salesforce metadata must be UTF-8", p.data[before+i])
		}
	}
	// Point at the last byte the decoder read: that is where it noticed.
	off := after
	if off > before {
		_, size := utf8.DecodeLastRune(p.data[before:off])
		off -= size
	}
	return p.errAt(off, "%s", msg)
}

// checkEncodingBytes rejects UTF-16 and UTF-32 files, which encoding/xml
// would report as garbage.
func (p *parser) checkEncodingBytes() error {
	d := p.data
	switch {
	case bytes.HasPrefix(d, []byte{0x00, 0x00, 0xFE, 0xFF}):
		return p.errAt(0, "file is UTF-32 encoded (byte order mark 00 00 FE FF); Salesforce metadata must be UTF-8")
	case bytes.HasPrefix(d, []byte{0xFF, 0xFE, 0x00, 0x00}):
		return p.errAt(0, "file is UTF-32 encoded (byte order mark FF FE 00 00); Salesforce metadata must be UTF-8")
	case bytes.HasPrefix(d, []byte{0xFE, 0xFF}):
		return p.errAt(0, "file is UTF-16 encoded (byte order mark FE FF); Salesforce metadata must be UTF-8")
	case bytes.HasPrefix(d, []byte{0xFF, 0xFE}):
		return p.errAt(0, "file is UTF-16 encoded (byte order mark FF FE); Salesforce metadata must be UTF-8")
	case bytes.HasPrefix(d, []byte{0x00, '<', 0x00}) || bytes.HasPrefix(d, []byte{'<', 0x00}):
		return p.errAt(0, "file looks UTF-16 encoded (no byte order mark); Salesforce metadata must be UTF-8")
	}
	return nil
}

// intern returns a shared string for white space text, which repeats on
// almost every line of indented XML.
func (p *parser) intern(b []byte) string {
	if s, ok := p.ws[string(b)]; ok {
		return s
	}
	if len(p.ws) > 1024 {
		return string(b)
	}
	s := string(b)
	p.ws[s] = s
	return s
}

// name returns the qualified name of an element, shared between elements
// of the same name: a file repeats a few names many times.
func (p *parser) name(n xml.Name) string {
	if s, ok := p.names[n.Local]; ok && n.Space == "" {
		return s
	}
	s := qname(n.Space, n.Local)
	if n.Space == "" && len(p.names) < 4096 {
		p.names[s] = s
	}
	return s
}

func qname(space, local string) string {
	if space == "" {
		return local
	}
	return space + ":" + local
}

func isSpace(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

func leadingSpace(b []byte) int {
	for i, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return i
		}
	}
	return len(b)
}

// excerpt shows input text in an error message without revealing it: text
// of up to 6 characters as it is, longer text as its first 4 characters,
// an ellipsis and its length ("ghp_… (40 characters)"), as the text may be
// a secret. Invalid bytes are kept for errAt to escape.
func excerpt(b []byte) string {
	b = bytes.TrimSpace(b)
	n := utf8.RuneCount(b)
	if n <= 6 {
		return string(b)
	}
	cut := 0
	for i := 0; i < 4; i++ {
		_, size := utf8.DecodeRune(b[cut:])
		cut += size
	}
	return fmt.Sprintf("%s… (%d characters)", b[:cut], n)
}

func firstWord(b []byte) []byte {
	b = bytes.TrimSpace(b)
	if i := bytes.IndexAny(b, " \t\r\n"); i >= 0 {
		return b[:i]
	}
	return b
}

// describeAt names the construct starting at off for an EOF message.
func describeAt(data []byte, off int) string {
	rest := data[off:]
	switch {
	case bytes.HasPrefix(rest, []byte("<!--")):
		return "a comment"
	case bytes.HasPrefix(rest, []byte("<![CDATA[")):
		return "a CDATA section"
	case bytes.HasPrefix(rest, []byte("<?")):
		return "a processing instruction"
	case bytes.HasPrefix(rest, []byte("</")):
		return "an end tag"
	case bytes.HasPrefix(rest, []byte("<")):
		return "a start tag"
	}
	return "text"
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

// cursor converts byte offsets to positions. It only moves forward, so
// positioning every token of a file costs one pass over the file.
type cursor struct {
	data      []byte
	off       int
	line, col int
}

// advance moves the cursor to byte offset to (clamped to the data) and
// returns its position. to must not be behind the cursor.
func (c *cursor) advance(to int) loc.Pos {
	if to > len(c.data) {
		to = len(c.data)
	}
	d := c.data
	for c.off < to {
		b := d[c.off]
		switch {
		case b == '\n':
			c.line++
			c.col = 1
			c.off++
		case b == '\r':
			if c.off+1 < len(d) && d[c.off+1] == '\n' {
				c.off++ // the '\r' of "\r\n" is not a column; '\n' ends the line
				continue
			}
			c.line++
			c.col = 1
			c.off++
		case b < utf8.RuneSelf:
			c.col++
			c.off++
		default:
			_, size := utf8.DecodeRune(d[c.off:])
			c.col++
			c.off += size
		}
	}
	return loc.Pos{Line: c.line, Col: c.col, Offset: to}
}
