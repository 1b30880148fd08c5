package access

import (
	"cmp"
	"github.com/nclint/nclint/internal/entry"
	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/model"
	"slices"
	"strings"

	"github.com/nclint/nclint/internal/suggest"
)

// Resolve finds the components a query names: "NAME" (every kind that has
// it) or "KIND:NAME" with KIND one of nc, ec, principal, ps, psg, class,
// host. Names match exactly (Apex class names and hosts ignoring case, as
// the platform does). A query that names nothing is an *UnknownError with
// the nearest names.
func (ix *Index) Resolve(query string) ([]Subject, error) {
	kind, name := "", strings.TrimSpace(query)
	if k, n, ok := strings.Cut(name, ":"); ok {
		if !slices.Contains(kindOrder, strings.ToLower(k)) {
			return nil, &UnknownKindError{Query: query, Kind: k}
		}
		kind, name = strings.ToLower(k), strings.TrimSpace(n)
	}
	g := ix.g
	var out []Subject
	try := func(k string, found string) {
		if found != "" && (kind == "" || kind == k) {
			out = append(out, Subject{Kind: k, Name: found})
		}
	}
	if nc := g.NamedCredential(name); nc != nil {
		try(KindNamedCredential, nc.Name)
	}
	if ec := g.ExternalCredential(name); ec != nil {
		try(KindExternalCredential, ec.Name)
	}
	if ec, p := g.GrantTarget(name); p != nil {
		try(KindPrincipal, ec.Name+"-"+p.Name.Value)
	}
	if ps := g.PermissionSet(name); ps != nil {
		try(KindPermissionSet, ps.Name)
	}
	if grp := g.PermissionSetGroup(name); grp != nil {
		try(KindGroup, grp.Name)
	}
	if src := g.ApexClass(name); src != nil && src.Trigger == nil {
		for _, t := range src.Types {
			if strings.EqualFold(t.Name, g.Local(name)) {
				try(KindClass, src.Name)
				break
			}
		}
	}
	for _, nc := range g.Tree.NamedCredentials {
		if h := graph.HostOf(graph.URLOf(nc).Value); h != "" && strings.EqualFold(h, name) {
			try(KindHost, h)
			break
		}
	}
	if len(out) == 0 {
		return nil, &UnknownError{Query: query, Kind: kind, Nearest: ix.nearest(kind, name), ReferencedBy: ix.referencesTo(kind, name)}
	}
	return out, nil
}

// Names lists every name a query can use, as KIND:NAME, sorted.
func (ix *Index) Names() []string {
	g := ix.g
	var out []string
	add := func(k, n string) { out = append(out, k+":"+n) }
	for _, nc := range g.Tree.NamedCredentials {
		add(KindNamedCredential, nc.Name)
		if h := graph.HostOf(graph.URLOf(nc).Value); h != "" {
			add(KindHost, h)
		}
	}
	for _, ec := range g.Tree.ExternalCredentials {
		add(KindExternalCredential, ec.Name)
		for _, p := range ec.Principals() {
			add(KindPrincipal, ec.Name+"-"+p.Name.Value)
		}
	}
	for _, ps := range g.Tree.PermissionSets {
		add(KindPermissionSet, ps.Name)
	}
	for _, grp := range g.Tree.PermissionSetGroups {
		add(KindGroup, grp.Name)
	}
	for _, src := range g.Tree.Apex {
		if src.Trigger == nil {
			add(KindClass, src.Name)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// nearest returns up to five names closest to name, among those of kind
// ("" for every kind).
func (ix *Index) nearest(kind, name string) []string {
	byName := map[string][]string{}
	var names []string
	for _, kn := range ix.Names() {
		k, n, _ := strings.Cut(kn, ":")
		if kind != "" && k != kind {
			continue
		}
		if _, seen := byName[n]; !seen {
			names = append(names, n)
		}
		byName[n] = append(byName[n], kn)
	}
	var out []string
	for _, n := range suggest.Nearest(name, names, 5) {
		out = append(out, byName[n]...)
	}
	return out
}

// Answer answers a query about one subject.
func (ix *Index) Answer(s Subject) Answer {
	a := Answer{Subject: s, Paths: []Path{}, Muted: []Path{}, Callers: []Caller{}}
	ncs := map[string]bool{}
	keep := func(p Path) bool { return false }
	switch s.Kind {
	case KindNamedCredential:
		keep = func(p Path) bool { return p.NamedCredential == s.Name }
		ncs[s.Name] = true
	case KindExternalCredential:
		keep = func(p Path) bool { return p.ExternalCredential == s.Name }
		if ec := ix.g.ExternalCredential(s.Name); ec != nil {
			for _, nc := range ix.g.NamedCredentialsUsing(ec) {
				ncs[nc.Name] = true
			}
		}
	case KindPrincipal:
		keep = func(p Path) bool { return p.PrincipalRef() == s.Name }
		if ec, _ := ix.g.GrantTarget(s.Name); ec != nil {
			for _, nc := range ix.g.NamedCredentialsUsing(ec) {
				ncs[nc.Name] = true
			}
		}
	case KindHost:
		keep = func(p Path) bool { return strings.EqualFold(p.Host, s.Name) }
		for _, nc := range ix.g.Tree.NamedCredentials {
			if strings.EqualFold(graph.HostOf(graph.URLOf(nc).Value), s.Name) {
				ncs[nc.Name] = true
			}
		}
	case KindPermissionSet:
		// Its own grants, alone or through a group, and what the groups
		// that contain it add through their other members.
		groups := map[string]bool{}
		if ps := ix.g.PermissionSet(s.Name); ps != nil {
			for _, grp := range ix.g.GroupsContaining(ps) {
				groups[grp.Name] = true
			}
		}
		keep = func(p Path) bool { return p.PermissionSet == s.Name || groups[p.Group] }
	case KindGroup:
		keep = func(p Path) bool { return p.Group == s.Name }
	case KindClass:
		a.Callers = ix.classCallouts(s.Name)
		for _, c := range a.Callers {
			ncs[c.NamedCredential] = true
		}
		keep = func(p Path) bool { return ncs[p.NamedCredential] }
	}
	for _, p := range ix.paths {
		if keep(p) {
			a.Paths = append(a.Paths, p)
		}
	}
	for _, p := range ix.muted {
		if keep(p) {
			a.Muted = append(a.Muted, p)
		}
	}
	if s.Kind != KindClass {
		for _, c := range ix.callers {
			if ncs[c.NamedCredential] {
				a.Callers = append(a.Callers, c)
			}
		}
	}
	if s.Kind == KindPermissionSet || s.Kind == KindGroup {
		for _, p := range a.Paths {
			ncs[p.NamedCredential] = true
		}
	}
	for nc := range ncs {
		a.Notes = append(a.Notes, ix.notes[nc]...)
	}
	slices.Sort(a.Notes)
	a.Notes = slices.Compact(a.Notes)
	return a
}

// Query resolves query and answers it for every subject, in kind order.
func (ix *Index) Query(query string) ([]Answer, error) {
	subjects, err := ix.Resolve(query)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(subjects, func(a, b Subject) int {
		return cmp.Compare(slices.Index(kindOrder, a.Kind), slices.Index(kindOrder, b.Kind))
	})
	out := make([]Answer, 0, len(subjects))
	for _, s := range subjects {
		out = append(out, ix.Answer(s))
	}
	return out, nil
}

// classCallouts returns the callouts an Apex class makes or reaches through
// the classes it references (as NC201 follows them, at most
// entry.MaxReachDepth classes away), each with the classes followed.
func (ix *Index) classCallouts(class string) []Caller {
	src := ix.g.ApexClass(class)
	if src == nil {
		return nil
	}
	through := map[*model.Callout][]string{}
	start := []entry.Point{{What: class, Src: src, Refs: src.Refs}}
	entry.Reach(ix.g, start, func(*model.Callout) bool { return true }, func(_ *entry.Point, co *model.Callout, path []lint.Related) {
		names := []string{src.Name}
		for _, r := range path {
			names = append(names, strings.TrimPrefix(r.Message, "calls "))
		}
		through[co] = names
	})
	var out []Caller
	for _, c := range ix.callers {
		if names, ok := through[c.callout]; ok && c.callout != nil {
			if len(names) > 1 {
				c.Through = names
			}
			out = append(out, c)
		}
	}
	return out
}

// referencesTo returns who in the tree references name as a named
// credential (code and configuration calling it) or an external credential
// (named credentials authenticating with it), for a name not in the tree.
func (ix *Index) referencesTo(kind, name string) []string {
	var out []string
	if kind == "" || kind == KindNamedCredential {
		for _, c := range ix.g.AllCallers() {
			if c.Target == nil && (strings.EqualFold(c.Ref, name) || strings.EqualFold(ix.g.Local(c.Ref), name)) {
				out = append(out, string(c.Kind)+" "+c.Name)
			}
		}
	}
	if kind == "" || kind == KindExternalCredential {
		for _, nc := range ix.g.Tree.NamedCredentials {
			for _, r := range graph.AuthenticationOf(nc) {
				if strings.EqualFold(r.Value, name) {
					out = append(out, "named credential "+nc.Name)
				}
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
