package parse

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/beevik/etree"

	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/project"
	"github.com/nclint/nclint/internal/xmlpos"
)

// reader parses one file and records its problems in res.
type reader struct {
	file project.File
	res  *result
	doc  *xmlpos.Document
	// failed is set when parseXML could not read the file as metadata.
	failed bool
	// mentions are the words of a file that failed (see model.Meta.Mentions).
	mentions *model.WordSet
	// maxNodes is xmlpos.Options.MaxNodes (0: its default).
	maxNodes int
	// maxTokens is apex.Options.MaxTokens (0: its default).
	maxTokens int
	// skip is xmlpos.Options.SkipChild: children of the root that are
	// checked but not built, because nothing reads them (nil: build all).
	skip func(root, child string) bool
	// overlay is Options.Overlay (nil: none), for a certificate's .crt.
	overlay func(abs string) ([]byte, bool)
}

// skipUnread makes parseXML skip the children of a root named root whose
// tag is not in read, when data holds no suppression directive (a
// directive comment may sit inside any element, and its scope needs the
// tree around it). What is skipped is still checked for well-formedness
// and counted against the node limit, with the same errors.
func (r *reader) skipUnread(data []byte, root string, read ...string) {
	if bytes.Contains(data, directiveMarker) {
		return
	}
	r.skip = func(rt, child string) bool { return rt == root && !slices.Contains(read, child) }
}

// meta returns the file's Meta; Root is the root element's span once the
// file has been parsed, a whole-file span before.
func (r *reader) meta() model.Meta {
	m := model.Meta{
		Kind:       r.file.Kind,
		Name:       r.file.Name,
		File:       r.file.Path,
		Root:       loc.FileSpan(r.file.Path),
		PackageDir: r.file.PackageDir,
		Namespace:  r.file.Namespace,
		Unparsed:   r.failed,
		Mentions:   r.mentions,
	}
	if r.doc != nil {
		if root := r.doc.Root(); root != nil {
			m.Root = r.doc.Span(root)
		}
	}
	return m
}

func (r *reader) problem(sp loc.Span, format string, args ...any) {
	if !sp.IsValid() {
		sp = loc.FileSpan(r.file.Path)
	}
	r.res.problems = append(r.res.problems, model.Problem{Span: sp, Message: fmt.Sprintf(format, args...)})
}

// fail records that the file cannot be read as metadata: the Problem
// (with an identity id free of input text), and the words of its bytes.
func (r *reader) fail(data []byte, sp loc.Span, id, format string, args ...any) {
	r.failed = true
	// The file name counts: a decomposed fragment
	// objectSettings/UserExternalCredential.objectSettings-meta.xml names
	// its object only there.
	r.mentions = words(data)
	if r.mentions != nil {
		for w := range words([]byte(path.Base(r.file.Path))).Words {
			r.mentions.Words[w] = true
		}
	}
	r.problem(sp, format, args...)
	r.res.problems[len(r.res.problems)-1].ID = id
}

// parseXML parses data and checks that the root element is one of roots.
// It returns the root element, or nil (with a Problem recorded) when the
// file is not well-formed or has the wrong root.
func (r *reader) parseXML(data []byte, roots ...string) *etree.Element {
	doc, err := xmlpos.ParseOptions(r.file.Path, data, xmlpos.Options{MaxNodes: r.maxNodes, SkipChild: r.skip})
	if err != nil {
		var se *xmlpos.SyntaxError
		if errors.As(err, &se) && se.Limit {
			r.fail(data, se.Span(), "node-limit", "%s", se.Msg) // a limit, not a syntax error
		} else if se != nil {
			r.fail(data, se.Span(), "not-well-formed", "not well-formed XML: %s", se.Msg)
		} else {
			r.fail(data, loc.FileSpan(r.file.Path), "not-well-formed", "not well-formed XML: %v", err)
		}
		return nil
	}
	r.doc = doc
	root := doc.Root()
	for _, want := range roots {
		if root.Tag == want {
			return root
		}
	}
	r.fail(data, doc.Span(root), "wrong-root", "the root element is <%s>, but %s must have the root element <%s>",
		qname(root), r.fileDescription(), strings.Join(roots, "> or <"))
	return nil
}

// fileDescription names the kind of file for a message, by its suffix when
// the file is named after its component: `a .namedCredential-meta.xml file`.
func (r *reader) fileDescription() string {
	base := path.Base(r.file.Path)
	if r.file.Name != "" && strings.HasPrefix(base, r.file.Name+".") {
		return "a " + base[len(r.file.Name):] + " file"
	}
	return fmt.Sprintf("this %s file", r.file.Kind)
}

// text returns the trimmed, entity-decoded text of e and its span; the
// zero Text for a nil e.
func (r *reader) text(e *etree.Element) model.Text {
	if e == nil {
		return model.Text{}
	}
	return model.Text{Value: strings.TrimSpace(e.Text()), Span: r.doc.Span(e)}
}

// require records a Problem when t is absent or empty. owner is the
// element that should contain it, what names the owner for the message.
func (r *reader) require(owner *etree.Element, t model.Text, tag, what string) {
	switch {
	case !t.Present():
		r.problem(r.doc.Span(owner), "%s has no <%s>, which Salesforce requires", what, tag)
	case t.Value == "":
		r.problem(t.Span, "%s has an empty <%s>, which Salesforce requires to have a value", what, tag)
	}
}

// children calls fn for each child element of e, in file order.
func children(e *etree.Element, fn func(c *etree.Element)) {
	for _, tok := range e.Child {
		if c, ok := tok.(*etree.Element); ok {
			fn(c)
		}
	}
}

// what describes the file's component for messages, e.g.
// `NamedCredential "Billing"`.
func (r *reader) what() string {
	return fmt.Sprintf("%s %q", r.file.Kind, r.file.Name)
}

func qname(e *etree.Element) string {
	if e.Space == "" {
		return e.Tag
	}
	return e.Space + ":" + e.Tag
}
