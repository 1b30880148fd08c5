// Package apex is a small hand-written lexer and token-level scanner for
// Apex classes and triggers. It finds what nclint's rules need: callout:
// string literals, $Credential merge fields, type headers (implements,
// annotations), methods, trigger headers and references to other classes.
//
// It does no semantic analysis: names are not resolved, constants are not
// folded, inherited interfaces are not followed. Lex exposes the token
// stream, comments included, for code that needs more; Comments returns
// only the comments (for suppression comments), cheaply.
//
// # Callouts
//
// Every string literal whose decoded content starts with "callout:"
// (case-insensitive) is a Callout, wherever it is: in a method, a field
// initializer, an annotation parameter, or inside inline SOQL/SOSL
// ("[SELECT ... WHERE Endpoint__c = 'callout:X']"): the scanner does not
// tell a literal used as an endpoint from one used as data, and SOQL
// literals are string literals to the lexer. Literals in comments are not
// callouts. The Name is the longest run of [A-Za-z0-9_] after the scheme, so
// it ends at "/", "?", "{" or the end ("ns__Name" is kept as written). It is
// "" (dynamic) when no such run follows ("'callout:' + name",
// "String.format('callout:{0}/...')"), and when the run reaches the end of
// the literal, ends with "_" and the literal is followed by "+"
// ("'callout:Prefix_' + env"): developer names cannot end with "_". A name
// that runs to the end of a literal followed by "+" is otherwise taken as
// complete ("'callout:Billing' + path" names Billing).
//
// # Credential merge fields
//
// "$Credential.<EC>.<Param>" (case-insensitive prefix) inside a string
// literal is a CredentialRef whose span is the merge field itself, from "$"
// to the end of the parameter name. The legacy one-part form
// "{!$Credential.Password}" is not, nor is a three-part name.
//
// # Types and methods
//
// A type is "class", "interface" or "enum" followed by a name, read at file
// level or directly in a type body ("Foo.class" is not a declaration). Its
// modifiers and annotations are those since the previous ";", "{" or "}".
// Extends and Implements are the header tokens joined with white space and
// comments removed, case kept; Implements is split at commas outside "<>".
// Extends holds the whole list for an interface extending several ("A,B").
// A method is a member "name ( ... ) {" directly in a type body with no "="
// before it; constructors count. Property accessors, initializer blocks and
// collection literals are not methods: a callout in a getter has Method "".
//
// # References
//
// Refs are identifiers that may name a class, first occurrence of each per
// file (ApexSource.Refs) and per method body (ApexMethod.Refs), compared
// ignoring case, in source order. Kept: identifiers that are not Apex
// keywords or primitive types, not after "." (members), not followed by "("
// unless after "new" (calls), and not right after another identifier, a
// primitive type or "]" (declared variable names). So "new Worker()",
// "CalloutService.send()" (CalloutService), "List<BatchJob> jobs" (BatchJob,
// but also jobs after ">"), "extends Base" and local variables used as
// receivers ("req.send()" gives req) are Refs; "System" is a reserved word
// and never one. Inside inline SOQL only bind variables (after ":") count.
// Declared names (the type name after "class", method names, the trigger's
// name and object) are not Refs; uses of the file's own types are kept.
// Annotation names and parameters are never Refs.
//
// # HttpRequest variables
//
// Within one method (or trigger body, initializer, accessor), the scanner
// follows local variables declared with the type HttpRequest (or
// System.HttpRequest) and HttpRequest parameters, with the scope of the
// block they are declared in. Each is a model.HTTPRequestVar; assigning the
// variable again starts a new one (and marks the previous one as escaped,
// since later calls may belong to either). Fields, "this.req" and
// collections of requests are not followed.
//
// Every call "recv.setEndpoint(...)", "recv.setHeader(...)",
// "recv.setBody(...)" and "recv.setMethod(...)" (any case, recv the
// identifier before the ".": "this.req.setBody(...)" has the receiver req)
// is a model.RequestCall, tied to the variable when recv is a followed one
// not after ".". Arguments are read as concatenations: a
// string literal operand has its decoded value, any other operand is
// unknown, and an expression with an operator other than "+" at its top
// level (a ternary, a comparison) has no parts at all. An argument list
// longer than maxArgTokens tokens is not read (Args nil), which keeps the
// scan linear.
//
// A variable escapes when it is used other than as a receiver ("req.x"),
// the target of an assignment, or the argument of "x.send(req)" or
// "System.debug(req)": passed to a method, returned, stored, compared.
package apex

import (
	"math"
	"sync"

	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
)

// Parse scans one Apex source file. meta identifies the file (Kind is
// ApexClass or ApexTrigger, File is the project-relative path used in every
// span). It never panics; lexical errors (unterminated string or comment)
// are returned as problems and scanning continues as far as it can. The
// work is linear in len(src).
//
// A trigger header ("trigger Name on Object (events)") is read when it is
// at file level, whatever meta.Kind says.
func Parse(meta model.Meta, src []byte) (*model.ApexSource, []model.Problem) {
	out, problems, limit := ParseOptions(meta, src, Options{})
	if limit != nil {
		problems = append(problems, *limit)
	}
	return out, problems
}

// tokenPool holds token arrays for reuse across files (*[]ctok).
var tokenPool sync.Pool

// maxPooledTokens is the largest token array kept for reuse: 64k tokens
// (1.8 MB), more than a real class of 250 KB needs.
const maxPooledTokens = 1 << 16

// Options tune ParseOptions.
type Options struct {
	// MaxTokens is the most tokens read from the file; 0 means
	// DefaultMaxTokens.
	MaxTokens int
}

// ParseOptions is Parse with options. A file with more tokens than
// opts.MaxTokens is not scanned: limit is then the Problem that says so
// (at the token that crosses the limit), the ApexSource holds only meta and
// the other problems are dropped, so what one file costs stays bounded.
func ParseOptions(meta model.Meta, src []byte, opts Options) (out *model.ApexSource, problems []model.Problem, limit *model.Problem) {
	out = &model.ApexSource{Meta: meta}
	if len(src) > math.MaxInt32 {
		return out, []model.Problem{{Span: loc.FileSpan(meta.File), Message: msgTooLarge}}, nil
	}
	if opts.MaxTokens <= 0 {
		opts.MaxTokens = DefaultMaxTokens
	}
	// src is not copied: the scan reads it through text, and detach copies
	// what the result keeps. src must not change during the call.
	text := sharedString(src)
	buf, _ := tokenPool.Get().(*[]ctok)
	if buf == nil {
		buf = new([]ctok)
	}
	toks, errs, lim := lexInto(*buf, text, keepScan, opts.MaxTokens)
	defer func() {
		// The tokens are garbage once the scan is done (the result holds
		// none of them): the next file reuses the array, unless it is
		// large, which would pin its memory.
		if cap(toks) <= maxPooledTokens {
			*buf = toks[:0]
			tokenPool.Put(buf)
		}
	}()
	if lim != nil {
		return out, nil, &model.Problem{Span: locSpan(meta.File, *lim), Message: lim.Msg}
	}
	for _, e := range errs {
		problems = append(problems, model.Problem{
			Span:    locSpan(meta.File, e),
			Message: e.Msg,
		})
	}
	s := scanner{
		file:   meta.File,
		src:    text,
		toks:   toks,
		out:    out,
		seen:   map[string]struct{}{},
		mseen:  map[string]struct{}{},
		varIdx: map[string][]int{},
	}
	s.run()
	detach(out, text)
	for i := range problems {
		detach(&problems[i], text)
	}
	return out, problems, nil
}
