package apex

import (
	"strings"

	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
)

// maxArgTokens bounds the look-ahead over one call's arguments.
const maxArgTokens = 1024

// reqVar is a followed variable in scope.
type reqVar struct {
	key   string // lower-cased name
	req   int    // index into out.Requests
	depth int    // len(s.frames) at the declaration
}

// requestMethods are the request methods recorded, in canonical case.
var requestMethods = [...]string{"setEndpoint", "setHeader", "setBody", "setMethod"}

// requestMethod returns the canonical name of the request method w
// (compared ignoring case), or "".
func requestMethod(w string) string {
	for _, m := range requestMethods {
		if len(w) == len(m) && strings.EqualFold(w, m) {
			return m
		}
	}
	return ""
}

// isRequestType reports whether toks[i] is the type HttpRequest or
// System.HttpRequest (not another qualified name).
func (s *scanner) isRequestType(i int) bool {
	if !s.is(i, "HttpRequest") {
		return false
	}
	if s.punct(i-1, '.') {
		return s.is(i-2, "System") && !s.punct(i-3, '.')
	}
	return true
}

// requestIdent handles an identifier inside a code block: a declaration
// of an HttpRequest variable, a request call, or a use of a followed variable.
func (s *scanner) requestIdent(i int) {
	t := &s.toks[i]
	n := t.end - t.off
	if n == 11 && s.ident(i+1) && !s.is(i-1, "new") && s.isRequestType(i) {
		s.declareRequest(i+1, s.initOrigin(i+2))
		return
	}
	if s.punct(i+1, '.') {
		if s.ident(i+2) && s.punct(i+3, '(') {
			if name := requestMethod(s.text(i + 2)); name != "" {
				s.requestCall(i, name)
			}
		}
		return // a receiver is not an escape
	}
	if len(s.vars) == 0 || s.punct(i-1, '.') || s.punct(i+1, '(') || s.isRequestType(i-1) {
		return
	}
	k := s.lookupVar(i)
	if k < 0 {
		return
	}
	v := &s.vars[k]
	switch {
	case s.punct(i+1, '=') && !s.punct(i+2, '='):
		// Assigned again: a new request from here on.
		old := &s.out.Requests[v.req]
		if !old.Escapes {
			old.Escapes, old.EscapeSpan = true, s.span(i)
		}
		s.out.Requests = append(s.out.Requests, s.newRequest(i, s.initOrigin(i+1)))
		v.req = len(s.out.Requests) - 1
	case s.punct(i-1, '(') && s.punct(i+1, ')') && s.punct(i-3, '.') &&
		(s.is(i-2, "send") || s.is(i-2, "debug") && s.is(i-4, "System") && !s.punct(i-5, '.')):
		// Sent, or logged: nothing else sees the request.
	default:
		r := &s.out.Requests[v.req]
		if !r.Escapes {
			r.Escapes, r.EscapeSpan = true, s.span(i)
		}
	}
}

// initOrigin reads what follows a declared or assigned name at toks[i]:
// "= new HttpRequest()" is RequestNew, anything else RequestOther.
func (s *scanner) initOrigin(i int) string {
	if !s.punct(i, '=') || s.punct(i+1, '=') || !s.is(i+1, "new") {
		return model.RequestOther
	}
	j := i + 2
	if s.is(j, "System") && s.punct(j+1, '.') {
		j += 2
	}
	if s.is(j, "HttpRequest") && s.punct(j+1, '(') && s.punct(j+2, ')') {
		return model.RequestNew
	}
	return model.RequestOther
}

func (s *scanner) newRequest(name int, origin string) model.HTTPRequestVar {
	r := model.HTTPRequestVar{Name: s.text(name), Span: s.span(name), Origin: origin}
	r.Type, r.Method = s.context()
	return r
}

// declareRequest starts following the variable named by toks[name] in the
// innermost block.
func (s *scanner) declareRequest(name int, origin string) {
	s.out.Requests = append(s.out.Requests, s.newRequest(name, origin))
	key := strings.ToLower(s.text(name))
	s.vars = append(s.vars, reqVar{key: key, req: len(s.out.Requests) - 1, depth: len(s.frames)})
	s.varIdx[key] = append(s.varIdx[key], len(s.vars)-1)
}

// lookupVar returns the index in s.vars of the innermost followed variable
// named like toks[i], or -1.
func (s *scanner) lookupVar(i int) int {
	if len(s.vars) <= 8 {
		// The usual case: a few variables, cheaper to compare than to hash.
		w := s.text(i)
		for k := len(s.vars) - 1; k >= 0; k-- {
			if key := s.vars[k].key; len(key) == len(w) && strings.EqualFold(key, w) {
				return k
			}
		}
		return -1
	}
	s.buf = s.buf[:0]
	for _, c := range []byte(s.text(i)) {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		s.buf = append(s.buf, c)
	}
	ks := s.varIdx[string(s.buf)]
	if len(ks) == 0 {
		return -1
	}
	return ks[len(ks)-1]
}

// popVars ends the variables declared in blocks that closed.
func (s *scanner) popVars() {
	for len(s.vars) > 0 && s.vars[len(s.vars)-1].depth > len(s.frames) {
		v := s.vars[len(s.vars)-1]
		ks := s.varIdx[v.key]
		s.varIdx[v.key] = ks[:len(ks)-1] // kept empty for reuse by the next method
		s.vars = s.vars[:len(s.vars)-1]
	}
}

// requestCall records "recv . name ( args )" with recv at toks[i].
func (s *scanner) requestCall(i int, name string) {
	c := model.RequestCall{Name: name, Receiver: s.text(i), Request: -1}
	c.Type, c.Method = s.context()
	if !s.punct(i-1, '.') {
		if k := s.lookupVar(i); k >= 0 {
			c.Request = s.vars[k].req
		}
	}
	end := i + 3
	if args, closing, ok := s.args(i + 3); ok {
		c.Args, end = args, closing
	}
	c.Span = loc.Span{File: s.file, Start: s.start(i), End: s.span(end).End}
	s.out.RequestCalls = append(s.out.RequestCalls, c)
}

// args reads the argument list opened by the "(" at toks[open]. It returns
// the arguments and the index of the closing ")", or ok false when the list
// is not closed within maxArgTokens tokens or is broken (a ";", or a
// closing bracket that does not match).
func (s *scanner) args(open int) (out []model.ApexExpr, closing int, ok bool) {
	depth := 0
	start := open + 1
	for j := open + 1; j < len(s.toks) && j-open <= maxArgTokens; j++ {
		t := &s.toks[j]
		if t.kind != Punct {
			continue
		}
		switch c := s.src[t.off]; c {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			if depth > 0 {
				depth--
				continue
			}
			if c != ')' {
				return nil, 0, false
			}
			if j > start || len(out) > 0 {
				out = append(out, s.expr(start, j))
			}
			if out == nil {
				out = []model.ApexExpr{} // no arguments, but read
			}
			return out, j, true
		case ',':
			if depth == 0 {
				out = append(out, s.expr(start, j))
				start = j + 1
			}
		case ';':
			return nil, 0, false
		}
	}
	return nil, 0, false
}

// expr reads the expression toks[a:b] as a concatenation.
func (s *scanner) expr(a, b int) model.ApexExpr {
	if a >= b {
		return model.ApexExpr{}
	}
	e := model.ApexExpr{Span: loc.Span{File: s.file, Start: s.start(a), End: s.span(b - 1).End}}
	parts := s.scratch[:0]
	defer func() { s.scratch = parts[:0] }()
	depth := 0
	from := a
	for j := a; j <= b; j++ {
		if j < b && s.toks[j].kind == Punct {
			c := s.src[s.toks[j].off]
			switch c {
			case '(', '[', '{':
				depth++
				continue
			case ')', ']', '}':
				depth--
				continue
			}
			if depth > 0 {
				continue
			}
			switch c {
			case '+':
			case '?', ':', '=', '!', '<', '>', '&', '|', '^':
				return e // not a simple concatenation
			default:
				continue
			}
		} else if j < b {
			continue
		}
		// toks[from:j] is one operand.
		if j == from {
			return e // "+" with nothing before it
		}
		p := model.ApexPart{Span: loc.Span{File: s.file, Start: s.start(from), End: s.span(j - 1).End}}
		if j == from+1 && s.toks[from].kind == String {
			p.Literal, p.Value = true, unquote(s.text(from))
		}
		parts = append(parts, p)
		from = j + 1
	}
	e.Parts = s.keepParts(parts)
	return e
}

// keepParts copies parts into the current chunk of s.parts, so that the
// parts of many expressions share a few allocations. The result's capacity
// is its length: appending to it never writes into the chunk.
func (s *scanner) keepParts(parts []model.ApexPart) []model.ApexPart {
	if len(parts) == 0 {
		return nil
	}
	if cap(s.parts)-len(s.parts) < len(parts) {
		s.parts = make([]model.ApexPart, 0, max(16, len(parts)))
	}
	start := len(s.parts)
	s.parts = append(s.parts, parts...)
	return s.parts[start:len(s.parts):len(s.parts)]
}
