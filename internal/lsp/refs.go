package lsp

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nclint/nclint/internal/access"
	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/render"
)

// kindCertificate is a certificate subject (the access index has none).
const kindCertificate = "cert"

// ref is a place in a file that names a component: hover shows the
// component's credential path, definition jumps to target, references
// lists the places that name the same subject.
type ref struct {
	span loc.Span
	// kind (an access.Kind* or kindCertificate) and name are the subject.
	kind, name string
	// target is the component's definition (invalid when not in the tree).
	target loc.Span
}

// buildRefs collects the references of the graph: callers (callout:
// literals, flow External Service actions, external services, data
// sources), named credentials' Authentication parameters, external
// credential principals, permission set grants and certificate
// references, plus each named and external credential's own root element.
func buildRefs(g *graph.Graph) []ref {
	var out []ref
	for _, nc := range g.Tree.NamedCredentials {
		out = append(out, ref{span: nc.Root, kind: access.KindNamedCredential, name: nc.Name, target: nc.Root})
		for _, p := range nc.ParametersOfType("Authentication") {
			if p.ExternalCredential.Value == "" {
				continue
			}
			r := ref{span: p.ExternalCredential.Span, kind: access.KindExternalCredential, name: p.ExternalCredential.Value}
			if ec := g.ExternalCredential(p.ExternalCredential.Value); ec != nil {
				r.name, r.target = ec.Name, ec.Root
			}
			out = append(out, r)
		}
	}
	for _, ec := range g.Tree.ExternalCredentials {
		out = append(out, ref{span: ec.Root, kind: access.KindExternalCredential, name: ec.Name, target: ec.Root})
		for _, p := range ec.Principals() {
			out = append(out, ref{span: p.Span, kind: access.KindPrincipal, name: ec.Name + "-" + p.Name.Value, target: p.Span})
		}
	}
	for _, gr := range g.AllGrants() {
		pr := gr.Access.Principal
		r := ref{span: gr.Access.Span, kind: access.KindPrincipal, name: pr.Value}
		if ec, p := g.GrantTarget(pr.Value); ec != nil && p != nil {
			r.name, r.target = ec.Name+"-"+p.Name.Value, p.Span
		}
		out = append(out, r)
	}
	for _, c := range g.AllCallers() {
		r := ref{span: c.Span, kind: access.KindNamedCredential, name: c.Ref}
		if c.Target != nil {
			r.name, r.target = c.Target.Name, c.Target.Root
		}
		out = append(out, r)
	}
	for _, cr := range g.CertificateRefs() {
		r := ref{span: cr.Ref.Span, kind: kindCertificate, name: cr.Ref.Value}
		if c := g.Certificate(cr.Ref.Value); c != nil {
			r.name, r.target = c.Name, c.Root
		}
		out = append(out, r)
	}
	for _, c := range g.Tree.Certificates {
		out = append(out, ref{span: c.Root, kind: kindCertificate, name: c.Name, target: c.Root})
	}
	slices.SortStableFunc(out, func(a, b ref) int { return loc.Compare(a.span, b.span) })
	return out
}

// contains reports whether p lies in sp (same file assumed).
func contains(sp loc.Span, p loc.Pos) bool {
	if !sp.Start.IsValid() {
		return false
	}
	before := func(a, b loc.Pos) bool { return a.Line < b.Line || a.Line == b.Line && a.Col <= b.Col }
	if !before(sp.Start, p) {
		return false
	}
	if !sp.End.IsValid() {
		return p.Line == sp.Start.Line
	}
	return before(p, sp.End)
}

// size orders spans by extent, for picking the innermost.
func size(sp loc.Span) int {
	if sp.End.IsValid() {
		return (sp.End.Line-sp.Start.Line)*100000 + sp.End.Col - sp.Start.Col
	}
	return 0
}

// at returns the innermost reference at an LSP position of the file at
// abs, with the project's state; false when there is none.
func (s *Server) at(uri DocumentURI, pos Position) (*state, ref, bool) {
	abs := uriToPath(uri)
	if abs == "" {
		return nil, ref{}, false
	}
	pr := s.projectOf(abs)
	if pr == nil {
		return nil, ref{}, false
	}
	s.mu.Lock()
	st := pr.state
	s.mu.Unlock()
	if st == nil || st.g == nil {
		return nil, ref{}, false
	}
	rel, err := filepath.Rel(st.root, abs)
	if err != nil {
		return nil, ref{}, false
	}
	rel = filepath.ToSlash(rel)
	p := st.doc(abs).pos(pos)
	var best *ref
	for i := range st.refs {
		r := &st.refs[i]
		if r.span.File == rel && contains(r.span, p) && (best == nil || size(r.span) < size(best.span)) {
			best = r
		}
	}
	if best == nil {
		return nil, ref{}, false
	}
	return st, *best, true
}

func (s *Server) hover(p TextDocumentPositionParams) *Hover {
	st, r, ok := s.at(p.TextDocument.URI, p.Position)
	if !ok {
		return nil
	}
	rg := st.location(r.span).Range
	return &Hover{Contents: MarkupContent{Kind: "markdown", Value: hoverText(st, r)}, Range: &rg}
}

// hoverText is the Markdown shown for a reference: what it names and,
// from the access index, the credential path.
func hoverText(st *state, r ref) string {
	var b strings.Builder
	g := st.g
	switch r.kind {
	case kindCertificate:
		c := g.Certificate(r.name)
		if c == nil {
			fmt.Fprintf(&b, "### certificate `%s`\n\nNot in the tree: it must exist in each org the metadata is deployed to.\n", r.name)
			return b.String()
		}
		fmt.Fprintf(&b, "### certificate `%s`\n\n", c.Name)
		fmt.Fprintf(&b, "- file: `%s`\n", c.File)
		switch c.Content.Kind {
		case model.CertPEM:
			fmt.Fprintf(&b, "- expires: %s (according to the .crt)\n", c.Content.NotAfter.UTC().Format("2006-01-02"))
		case model.CertCSR:
			b.WriteString("- holds only a certificate signing request\n")
		case model.CertMissing:
			b.WriteString("- no .crt beside the meta file\n")
		default:
			if c.ExpirationDate.Value != "" {
				fmt.Fprintf(&b, "- expirationDate: %s\n", c.ExpirationDate.Value)
			}
		}
		var users []string
		for _, cr := range g.CertificateRefs() {
			if strings.EqualFold(cr.Ref.Value, c.Name) {
				users = append(users, fmt.Sprintf("- %s `%s` (%s)", cr.Kind, cr.Name, cr.Element))
			}
		}
		if len(users) > 0 {
			b.WriteString("\n**Used by**:\n\n" + strings.Join(slices.Compact(users), "\n") + "\n")
		}
		return b.String()
	case access.KindNamedCredential:
		nc := g.NamedCredential(r.name)
		if nc == nil {
			fmt.Fprintf(&b, "### named credential `%s`\n\nNot in the tree: the callout fails at run time unless it exists in the org.\n", r.name)
			return b.String()
		}
		if ec := g.ExternalCredentialOf(nc); ec != nil {
			fmt.Fprintf(&b, "Named credential `%s` authenticates through external credential `%s` (protocol %s).\n\n",
				nc.Name, ec.Name, orNone(ec.AuthenticationProtocol.Value))
		} else if nc.IsLegacy() {
			fmt.Fprintf(&b, "Named credential `%s` is a legacy named credential (no external credential).\n\n", nc.Name)
		}
	case access.KindExternalCredential:
		if g.ExternalCredential(r.name) == nil {
			fmt.Fprintf(&b, "### external credential `%s`\n\nNot in the tree.\n", r.name)
			return b.String()
		}
	case access.KindPrincipal:
		ec, p := g.GrantTarget(r.name)
		if ec == nil || p == nil {
			fmt.Fprintf(&b, "### principal `%s`\n\nNo external credential in the tree has this principal (the grant names it as `ExternalCredential-Principal`).\n", r.name)
			return b.String()
		}
		fmt.Fprintf(&b, "Principal `%s` of external credential `%s`: %s.\n\n", p.Name.Value, ec.Name, p.Type.Value)
	}
	if err := render.AccessMarkdown(&b, []access.Answer{st.ix.Answer(access.Subject{Kind: r.kind, Name: r.name})}); err != nil {
		fmt.Fprintf(&b, "\n(%v)\n", err)
	}
	return b.String()
}

func orNone(s string) string {
	if s == "" {
		return "not set"
	}
	return s
}

func (s *Server) definition(p TextDocumentPositionParams) []Location {
	st, r, ok := s.at(p.TextDocument.URI, p.Position)
	if !ok || !r.target.IsValid() {
		return []Location{}
	}
	return []Location{st.location(r.target)}
}

// references lists the places that name the subject at the position: the
// callers of a named credential, the named credentials using an external
// credential, the grants of a principal, the references to a certificate.
func (s *Server) references(p ReferenceParams) []Location {
	st, r, ok := s.at(p.TextDocument.URI, p.Position)
	if !ok {
		return []Location{}
	}
	var spans []loc.Span
	for _, o := range st.refs {
		if o.kind != r.kind || !strings.EqualFold(o.name, r.name) {
			continue
		}
		if o.span == o.target { // the definition itself
			if !p.Context.IncludeDeclaration {
				continue
			}
		}
		spans = append(spans, o.span)
	}
	slices.SortFunc(spans, loc.Compare)
	spans = slices.Compact(spans)
	out := make([]Location, 0, len(spans))
	for _, sp := range spans {
		out = append(out, st.location(sp))
	}
	return out
}
