package apex

import (
	"strings"

	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
)

type frameKind uint8

const (
	frameType   frameKind = iota + 1 // a class, interface or enum body
	frameMethod                      // a method or constructor body
	frameBlock                       // any other { }: statement block, property, initializer, collection literal, trigger body
)

// frame is one open brace.
type frame struct {
	kind   frameKind
	typ    int  // innermost enclosing type: index into out.Types, -1 for none
	method int  // enclosing method: index into out.Types[typ].Methods, -1 for none
	reset  bool // reset the member statement when the frame closes
}

// header is a type declaration being read: from "class Name" to "{".
type header struct {
	active bool
	kind   string // "class", "interface" or "enum"
	name   int    // token index of the name
	mode   uint8  // 0 before extends/implements, modeExtends, modeImplements
	angle  int    // depth of <> in the current type name
	ext    []byte
	cur    []byte
	impls  []string
}

const (
	modeExtends = iota + 1
	modeImplements
)

// decl is the member declaration being read directly in a type body (or
// at file level): its modifiers and annotations, and enough to recognise a
// method ("name ( ... ) {" with no "=" before it).
type decl struct {
	mods    []string
	anns    []model.Annotation
	assign  bool // saw "=" outside parentheses
	paren   int  // parenthesis depth
	cand    int  // token index of the identifier before the first "(", -1 none
	closed  bool // the previous token closed cand's parameter list
	trigger bool // read a trigger header; the next "{" is the trigger body
	hdr     header
	params  []int // token indices of HttpRequest parameter names in cand's parameter list
}

func (m *decl) clear() {
	m.mods = m.mods[:0]
	m.anns = m.anns[:0]
	m.assign, m.paren, m.cand, m.closed, m.trigger = false, 0, -1, false, false
	m.hdr = header{}
	m.params = m.params[:0]
}

// scanner walks the significant tokens of one file once, left to right.
// Every step consumes at least one token, so the work is linear.
type scanner struct {
	file   string
	src    string
	toks   []ctok
	out    *model.ApexSource
	frames []frame
	st     decl
	soql   int // [ ] depth inside inline SOQL/SOSL, 0 outside
	seen   map[string]struct{}
	mseen  map[string]struct{}
	buf    []byte
	// vars are the HttpRequest variables in scope, innermost last;
	// varIdx maps a lower-cased name to its indices in vars.
	vars   []reqVar
	varIdx map[string][]int
	// parts is the current chunk that argument parts are kept in;
	// scratch collects the parts of one expression.
	parts   []model.ApexPart
	scratch []model.ApexPart
}

// text returns the source text of toks[i].
func (s *scanner) text(i int) string {
	t := &s.toks[i]
	return s.src[t.off:t.end]
}

// start returns the start position of toks[i].
func (s *scanner) start(i int) loc.Pos {
	t := &s.toks[i]
	return loc.Pos{Line: int(t.line), Col: int(t.col), Offset: int(t.off)}
}

// span returns the span of toks[i].
func (s *scanner) span(i int) loc.Span {
	t := &s.toks[i]
	return loc.Span{
		File:  s.file,
		Start: loc.Pos{Line: int(t.line), Col: int(t.col), Offset: int(t.off)},
		End:   loc.Pos{Line: int(t.endLine), Col: int(t.endCol), Offset: int(t.end)},
	}
}

// punct reports whether toks[i] exists and is the punctuation c.
func (s *scanner) punct(i int, c byte) bool {
	return i >= 0 && i < len(s.toks) && s.toks[i].kind == Punct && s.src[s.toks[i].off] == c
}

// is reports whether toks[i] exists and is the identifier w, ignoring case.
func (s *scanner) is(i int, w string) bool {
	if i < 0 || i >= len(s.toks) {
		return false
	}
	t := &s.toks[i]
	return t.kind == Ident && int(t.end-t.off) == len(w) && strings.EqualFold(s.src[t.off:t.end], w)
}

// ident reports whether toks[i] exists and is an identifier.
func (s *scanner) ident(i int) bool {
	return i >= 0 && i < len(s.toks) && s.toks[i].kind == Ident
}

// top returns the innermost frame, or a file-level pseudo frame.
func (s *scanner) top() frame {
	if len(s.frames) == 0 {
		return frame{typ: -1, method: -1}
	}
	return s.frames[len(s.frames)-1]
}

// memberLevel reports whether the scanner is directly in a type body or at
// file level, where declarations are read.
func (s *scanner) memberLevel() bool {
	return len(s.frames) == 0 || s.frames[len(s.frames)-1].kind == frameType
}

func (s *scanner) run() {
	s.st.cand = -1
	toks := s.toks
	for i := 0; i < len(toks); i++ {
		kind := toks[i].kind
		member := s.memberLevel()
		wasClosed := s.st.closed
		s.st.closed = false

		switch kind {
		case Annotation:
			a, next := s.annotation(i)
			if member && !s.st.hdr.active {
				s.st.anns = append(s.st.anns, a)
			}
			i = next - 1
			continue
		case String:
			s.str(i)
			continue
		case Punct:
			switch s.src[toks[i].off] {
			case '{':
				s.soql = 0
				s.open(member, wasClosed)
				continue
			case '}':
				s.soql = 0
				s.close()
				continue
			case ';':
				s.soql = 0
				if member {
					s.st.clear()
				}
				continue
			case '[':
				if s.soql > 0 {
					s.soql++
				} else if s.is(i+1, "select") || s.is(i+1, "find") {
					s.soql = 1
				}
			case ']':
				if s.soql > 0 {
					s.soql--
				}
			}
		}
		if !member {
			if kind == Ident {
				s.ref(i)
				s.requestIdent(i)
			}
			continue
		}
		if s.st.hdr.active {
			s.headerToken(i)
			if kind == Ident {
				s.ref(i)
			}
			continue
		}
		switch kind {
		case Punct:
			switch s.src[toks[i].off] {
			case '(':
				if s.st.paren == 0 {
					s.st.cand = -1
					s.st.params = s.st.params[:0]
					if s.ident(i-1) && !notMethodName(s.text(i-1)) {
						s.st.cand = i - 1
					}
				}
				s.st.paren++
			case ')':
				if s.st.paren > 0 {
					s.st.paren--
					if s.st.paren == 0 && s.st.cand >= 0 {
						s.st.closed = true
					}
				}
			case '=':
				if s.st.paren == 0 {
					s.st.assign = true
				}
			}
		case Ident:
			if s.st.paren == 1 && s.ident(i+1) && (s.punct(i+2, ',') || s.punct(i+2, ')')) && s.isRequestType(i) {
				s.st.params = append(s.st.params, i+1)
			}
			if next, ok := s.declaration(i); ok {
				i = next
				continue
			}
			if w := s.text(i); classify(w) != kwNone {
				if low := strings.ToLower(w); modifiers[low] {
					s.st.mods = append(s.st.mods, low)
				}
			}
			s.ref(i)
		}
	}
}

// notMethodName reports whether an identifier before "(" is a keyword
// that starts a statement or expression rather than naming a method.
func notMethodName(s string) bool {
	switch strings.ToLower(s) {
	case "if", "for", "while", "catch", "switch", "return", "new", "super", "this",
		"else", "do", "try", "throw", "when", "on", "instanceof", "and", "or", "not":
		return true
	}
	return false
}

// declaration recognises "class|interface|enum Name" and, at file level,
// "trigger Name on Object". It returns the index of the last token consumed.
func (s *scanner) declaration(i int) (int, bool) {
	if (s.is(i, "class") || s.is(i, "interface") || s.is(i, "enum")) && !s.punct(i-1, '.') &&
		s.ident(i+1) && !s.is(i+1, "extends") && !s.is(i+1, "implements") {
		s.st.hdr = header{active: true, kind: strings.ToLower(s.text(i)), name: i + 1}
		return i + 1, true
	}
	if s.is(i, "trigger") && len(s.frames) == 0 && s.out.Trigger == nil &&
		s.ident(i+1) && s.is(i+2, "on") && s.ident(i+3) {
		s.out.Trigger = &model.ApexTrigger{Name: s.text(i + 1), Object: s.text(i + 3), Span: s.span(i + 3)}
		s.st.trigger = true
		return i + 3, true
	}
	return i, false
}

// headerToken reads one token of a type header after the name.
func (s *scanner) headerToken(i int) {
	h := &s.st.hdr
	switch {
	case s.is(i, "extends"):
		s.flushImpl()
		h.mode = modeExtends
		h.angle = 0
		return
	case s.is(i, "implements"):
		s.flushImpl()
		h.mode = modeImplements
		h.angle = 0
		return
	case h.mode == 0:
		return
	case s.punct(i, '<'):
		h.angle++
	case s.punct(i, '>'):
		if h.angle > 0 {
			h.angle--
		}
	case s.punct(i, ',') && h.angle == 0 && h.mode == modeImplements:
		s.flushImpl()
		return
	}
	if h.mode == modeExtends {
		h.ext = append(h.ext, s.text(i)...)
	} else {
		h.cur = append(h.cur, s.text(i)...)
	}
}

func (s *scanner) flushImpl() {
	h := &s.st.hdr
	if len(h.cur) > 0 {
		h.impls = append(h.impls, string(h.cur))
		h.cur = h.cur[:0]
	}
}

// open handles "{".
func (s *scanner) open(member, wasClosed bool) {
	top := s.top()
	if !member {
		s.frames = append(s.frames, frame{kind: frameBlock, typ: top.typ, method: top.method})
		return
	}
	st := &s.st
	switch {
	case st.hdr.active:
		s.flushImpl()
		h := &st.hdr
		ty := model.ApexType{
			Name:        s.text(h.name),
			Kind:        h.kind,
			Span:        s.span(h.name),
			Modifiers:   clone(st.mods),
			Annotations: clone(st.anns),
			Extends:     string(h.ext),
			Implements:  h.impls,
		}
		if top.typ >= 0 {
			ty.Outer = s.out.Types[top.typ].Name
		}
		s.out.Types = append(s.out.Types, ty)
		s.frames = append(s.frames, frame{kind: frameType, typ: len(s.out.Types) - 1, method: -1, reset: true})
		st.clear()
	case st.trigger:
		s.frames = append(s.frames, frame{kind: frameBlock, typ: -1, method: -1, reset: true})
		st.clear()
	case wasClosed && st.cand >= 0 && !st.assign && top.typ >= 0:
		m := model.ApexMethod{
			Name:        s.text(st.cand),
			Span:        s.span(st.cand),
			Annotations: clone(st.anns),
		}
		for _, mod := range st.mods {
			if mod == "static" {
				m.Static = true
			}
		}
		ty := &s.out.Types[top.typ]
		ty.Methods = append(ty.Methods, m)
		s.frames = append(s.frames, frame{kind: frameMethod, typ: top.typ, method: len(ty.Methods) - 1, reset: true})
		clear(s.mseen)
		for _, p := range st.params {
			s.declareRequest(p, model.RequestParameter)
		}
		st.clear()
	case st.assign || st.paren > 0:
		// A collection literal inside a field initializer: the statement
		// goes on after the "}".
		s.frames = append(s.frames, frame{kind: frameBlock, typ: top.typ, method: top.method})
	default:
		// A property body or an initializer block.
		s.frames = append(s.frames, frame{kind: frameBlock, typ: top.typ, method: top.method, reset: true})
	}
}

// close handles "}". A stray "}" at file level is ignored.
func (s *scanner) close() {
	if len(s.frames) == 0 {
		return
	}
	f := s.frames[len(s.frames)-1]
	s.frames = s.frames[:len(s.frames)-1]
	s.popVars()
	if f.reset {
		s.st.clear()
	}
}

func clone[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return append([]T(nil), s...)
}

// annotation reads the annotation at toks[i] and its parameters; it returns
// the annotation and the index of the first token after it. Parameters end
// at the matching ")"; a ";", "{" or "}" (which cannot occur in them) ends
// an unclosed list without being consumed.
func (s *scanner) annotation(i int) (model.Annotation, int) {
	name := strings.TrimLeft(s.text(i)[1:], " \t")
	a := model.Annotation{Name: strings.ToLower(name), Span: s.span(i)}
	j := i + 1
	if !s.punct(j, '(') {
		return a, j
	}
	var (
		key   string
		val   []byte
		depth int
		have  bool
	)
	flush := func() {
		if have || len(val) > 0 {
			if a.Params == nil {
				a.Params = map[string]string{}
			}
			a.Params[key] = string(val)
		}
		key, val, have = "", val[:0], false
	}
	for j++; j < len(s.toks); j++ {
		u := &s.toks[j]
		if u.kind == Punct {
			switch s.src[u.off] {
			case ';', '{', '}':
				flush()
				return a, j
			case '(':
				depth++
			case ')':
				if depth == 0 {
					flush()
					a.Span.End = s.span(j).End
					return a, j + 1
				}
				depth--
			case ',':
				if depth == 0 {
					flush()
					continue
				}
			}
		}
		if depth == 0 && u.kind == Ident && s.punct(j+1, '=') && !s.punct(j+2, '=') {
			flush()
			key, have = strings.ToLower(s.text(j)), true
			j++
			continue
		}
		if u.kind == String {
			s.str(j)
		}
		val = append(val, s.text(j)...)
	}
	flush()
	return a, j
}

// str records the callout and $Credential facts of the string literal at toks[i].
func (s *scanner) str(i int) {
	raw := s.text(i)
	if len(raw) < 2 {
		return
	}
	body := raw[1 : len(raw)-1]
	if len(body) >= len(calloutScheme) && (body[0]|0x20 == 'c' || body[0] == '\\') {
		s.callout(i, body)
	}
	if strings.IndexByte(body, '$') >= 0 {
		s.credentials(i)
	}
}

const calloutScheme = "callout:"

func (s *scanner) callout(i int, body string) {
	val := body
	if strings.IndexByte(body, '\\') >= 0 {
		val = unquote(s.text(i))
	}
	if len(val) < len(calloutScheme) || !strings.EqualFold(val[:len(calloutScheme)], calloutScheme) {
		return
	}
	rest := val[len(calloutScheme):]
	n := 0
	for n < len(rest) && isIdentChar(rest[n]) {
		n++
	}
	name := rest[:n]
	// 'callout:Prefix_' + x: a developer name cannot end with "_", so the
	// name goes on in the concatenated expression.
	if n == len(rest) && n > 0 && rest[n-1] == '_' && s.punct(i+1, '+') {
		name = ""
	}
	c := model.Callout{Literal: val, Name: name, Span: s.span(i)}
	c.Type, c.Method = s.context()
	s.out.Callouts = append(s.out.Callouts, c)
}

// context returns the names of the innermost enclosing type and method.
func (s *scanner) context() (typ, method string) {
	f := s.top()
	if f.typ < 0 {
		return "", ""
	}
	ty := &s.out.Types[f.typ]
	if f.method >= 0 {
		method = ty.Methods[f.method].Name
	}
	return ty.Name, method
}

const credentialPrefix = "$credential."

// credentials records the $Credential.<EC>.<Param> merge fields in the
// string literal toks[i], each with the span of the merge field itself
// ("$" to the end of the parameter name). Strings never span lines, so
// columns are the literal's start column plus the code points before.
func (s *scanner) credentials(i int) {
	raw := s.text(i)
	t0 := s.start(i)
	for k := 0; k < len(raw); {
		j := strings.IndexByte(raw[k:], '$')
		if j < 0 {
			return
		}
		j += k
		k = j + 1
		if len(raw)-j <= len(credentialPrefix) || !strings.EqualFold(raw[j:j+len(credentialPrefix)], credentialPrefix) {
			continue
		}
		p := j + len(credentialPrefix)
		a := p
		for p < len(raw) && isIdentChar(raw[p]) {
			p++
		}
		k = p
		ec := raw[a:p]
		if ec == "" || p >= len(raw) || raw[p] != '.' {
			continue // legacy {!$Credential.Password}
		}
		p++
		b := p
		for p < len(raw) && isIdentChar(raw[p]) {
			p++
		}
		k = p
		param := raw[b:p]
		if param == "" || p+1 < len(raw) && raw[p] == '.' && isIdentChar(raw[p+1]) {
			continue // not two parts
		}
		startCol := t0.Col + runeCount(raw[:j])
		start := loc.Pos{Line: t0.Line, Col: startCol, Offset: t0.Offset + j}
		end := loc.Pos{Line: t0.Line, Col: startCol + (p - j), Offset: t0.Offset + p}
		s.out.CredentialRefs = append(s.out.CredentialRefs, model.CredentialRef{
			ExternalCredential: ec,
			Parameter:          param,
			Span:               loc.Span{File: s.file, Start: start, End: end},
		})
	}
}

// ref records toks[i] as a possible class reference if it is one. See the
// package documentation for the policy.
func (s *scanner) ref(i int) {
	text := s.text(i)
	if classify(text) != kwNone {
		return
	}
	if s.soql > 0 {
		if !s.punct(i-1, ':') {
			return
		}
	} else if i > 0 {
		switch prev := &s.toks[i-1]; prev.kind {
		case Punct:
			if c := s.src[prev.off]; c == '.' || c == ']' {
				return // a member, or a variable declared with an array type
			}
		case Ident:
			if c := classify(s.text(i - 1)); c == kwNone || c == kwType {
				return // a variable declared with the type before it
			}
		}
	}
	if s.punct(i+1, '(') && !s.is(i-1, "new") {
		return // a method call or declaration
	}
	f := s.top()
	if f.kind == frameType && s.out.Types[f.typ].Kind == "enum" {
		return // an enum value
	}
	s.buf = s.buf[:0]
	for k := 0; k < len(text); k++ {
		c := text[k]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		s.buf = append(s.buf, c)
	}
	r := model.Ref{Name: text, Span: s.span(i)}
	if _, ok := s.seen[string(s.buf)]; !ok {
		s.seen[string(s.buf)] = struct{}{}
		s.out.Refs = append(s.out.Refs, r)
	}
	if f.method < 0 {
		return
	}
	if _, ok := s.mseen[string(s.buf)]; !ok {
		s.mseen[string(s.buf)] = struct{}{}
		m := &s.out.Types[f.typ].Methods[f.method]
		m.Refs = append(m.Refs, r)
	}
}
