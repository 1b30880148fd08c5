package access

import (
	"cmp"
	"slices"
	"strings"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/model"
)

// DiffVersion is the version of the access diff's JSON form
// (docs/graph-format.md). It changes when a field changes meaning or goes.
const DiffVersion = 1

// Diff is the change in who can call what between two states of a project
// (a git revision and the working tree). Every list is sorted.
type Diff struct {
	Version int `json:"version"`
	// Rev is the revision as given; Commit the commit it resolved to ("" for
	// an unborn HEAD, whose tree is empty).
	Rev    string `json:"rev"`
	Commit string `json:"commit"`
	// Changes is the number of entries in the lists below.
	Changes int `json:"changes"`
	// GrantsAdded and GrantsRemoved are the paths (group → permission set →
	// principal → external credential → named credential → URL) that
	// appear or disappear; GrantsChanged those whose problems changed.
	GrantsAdded   []GrantChange `json:"grantsAdded"`
	GrantsRemoved []GrantChange `json:"grantsRemoved"`
	GrantsChanged []GrantChange `json:"grantsChanged"`
	// Endpoints are named credentials added, removed, or whose URL changed.
	EndpointsAdded   []Endpoint       `json:"endpointsAdded"`
	EndpointsRemoved []Endpoint       `json:"endpointsRemoved"`
	EndpointsChanged []EndpointChange `json:"endpointsChanged"`
	// CallersAdded and CallersRemoved are code and configuration that
	// start or stop calling a named credential in a given context (a class
	// that becomes a Queueable is removed in the user's context and added
	// in the service context).
	CallersAdded   []Caller `json:"callersAdded"`
	CallersRemoved []Caller `json:"callersRemoved"`
	// PrincipalsSwitched are principals whose type changed (named ↔
	// per-user).
	PrincipalsSwitched []PrincipalSwitch `json:"principalsSwitched"`
	// Notes say what the comparison could not see (files of the revision
	// that were skipped), sorted.
	Notes []string `json:"notes,omitempty"`
}

// GrantChange is a path that appeared, disappeared or changed.
type GrantChange struct {
	Path
	// Why says what made the path appear or disappear, when one change
	// explains it ("permission set deleted", "muted by Mute_Ops").
	Why string `json:"why,omitempty"`
	// ProblemsBefore are the path's problems at the revision (only in
	// GrantsChanged; Problems are the current ones).
	ProblemsBefore []string `json:"problemsBefore,omitempty"`
}

// Endpoint is a named credential and its URL.
type Endpoint struct {
	NamedCredential string `json:"namedCredential"`
	URL             string `json:"url"`
	Host            string `json:"host"`
}

// EndpointChange is a named credential whose URL changed.
type EndpointChange struct {
	NamedCredential string `json:"namedCredential"`
	URLBefore       string `json:"urlBefore"`
	URL             string `json:"url"`
	HostBefore      string `json:"hostBefore"`
	Host            string `json:"host"`
}

// HostChanged reports whether the change sends callouts to another host.
func (e EndpointChange) HostChanged() bool { return !strings.EqualFold(e.HostBefore, e.Host) }

// PrincipalSwitch is a principal whose type changed.
type PrincipalSwitch struct {
	// Principal is "EC-Principal".
	Principal  string `json:"principal"`
	TypeBefore string `json:"typeBefore"`
	Type       string `json:"type"`
	// PerUser is set when the principal is per-user now.
	PerUser bool `json:"perUser"`
	// GrantedBy are the permission sets that grant it now, sorted.
	GrantedBy []string `json:"grantedBy"`
	// NamedCredentials are those authenticating with its external
	// credential now, sorted.
	NamedCredentials []string `json:"namedCredentials"`
	// ServiceCallers are the callers of those named credentials that run
	// with no interactive user (nobody there can authorize a per-user
	// principal), sorted.
	ServiceCallers []Caller `json:"serviceCallers"`
}

// Compare returns the change from before (the project at rev; nil for an
// empty tree) to after.
func Compare(before, after *Index, rev, commit string) Diff {
	if before == nil {
		before = New(graph.New(&model.Tree{}), nil)
	}
	d := Diff{Version: DiffVersion, Rev: rev, Commit: commit,
		GrantsAdded: []GrantChange{}, GrantsRemoved: []GrantChange{}, GrantsChanged: []GrantChange{},
		EndpointsAdded: []Endpoint{}, EndpointsRemoved: []Endpoint{}, EndpointsChanged: []EndpointChange{},
		CallersAdded: []Caller{}, CallersRemoved: []Caller{}, PrincipalsSwitched: []PrincipalSwitch{}}

	// Grants.
	oldPaths, newPaths := pathsByKey(before.paths), pathsByKey(after.paths)
	oldMuted, newMuted := pathsByKey(before.muted), pathsByKey(after.muted)
	for _, p := range after.paths {
		old, ok := oldPaths[p.Key()]
		switch {
		case !ok:
			d.GrantsAdded = append(d.GrantsAdded, GrantChange{Path: p, Why: why(after, before, p, oldMuted, "added")})
		case !slices.Equal(old.Problems, p.Problems):
			d.GrantsChanged = append(d.GrantsChanged, GrantChange{Path: p, ProblemsBefore: nonNil(old.Problems)})
		}
	}
	for _, p := range before.paths {
		if _, ok := newPaths[p.Key()]; !ok {
			d.GrantsRemoved = append(d.GrantsRemoved, GrantChange{Path: p, Why: why(before, after, p, newMuted, "deleted")})
		}
	}

	// Endpoints.
	oldEnd, newEnd := endpoints(before.g), endpoints(after.g)
	for _, e := range sortedValues(newEnd) {
		old, ok := oldEnd[e.NamedCredential]
		switch {
		case !ok:
			d.EndpointsAdded = append(d.EndpointsAdded, e)
		case old.URL != e.URL:
			d.EndpointsChanged = append(d.EndpointsChanged, EndpointChange{NamedCredential: e.NamedCredential,
				URLBefore: old.URL, URL: e.URL, HostBefore: old.Host, Host: e.Host})
		}
	}
	for _, e := range sortedValues(oldEnd) {
		if _, ok := newEnd[e.NamedCredential]; !ok {
			d.EndpointsRemoved = append(d.EndpointsRemoved, e)
		}
	}

	// Callers: one per caller, named credential and context.
	oldCallers, newCallers := callersByID(before.callers), callersByID(after.callers)
	for _, c := range after.callers {
		if id := callerID(c); newCallers[id].Key() == c.Key() {
			if _, ok := oldCallers[id]; !ok {
				d.CallersAdded = append(d.CallersAdded, c)
			}
		}
	}
	for _, c := range before.callers {
		if id := callerID(c); oldCallers[id].Key() == c.Key() {
			if _, ok := newCallers[id]; !ok {
				d.CallersRemoved = append(d.CallersRemoved, c)
			}
		}
	}

	// Principals whose type changed.
	oldTypes, ncsOf := principalTypes(before.g), ncsByEC(after.g)
	for _, ec := range sortedECs(after.g) {
		for _, p := range ec.Principals() {
			ref := ec.Name + "-" + p.Name.Value
			was, ok := oldTypes[ref]
			if !ok || was == p.Type.Value {
				continue
			}
			d.PrincipalsSwitched = append(d.PrincipalsSwitched, after.principalSwitch(ec, ref, was, p.Type.Value, ncsOf))
		}
	}
	d.Changes = len(d.GrantsAdded) + len(d.GrantsRemoved) + len(d.GrantsChanged) +
		len(d.EndpointsAdded) + len(d.EndpointsRemoved) + len(d.EndpointsChanged) +
		len(d.CallersAdded) + len(d.CallersRemoved) + len(d.PrincipalsSwitched)
	return d
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func pathsByKey(ps []Path) map[string]Path {
	m := make(map[string]Path, len(ps))
	for _, p := range ps {
		m[p.Key()] = p
	}
	return m
}

// why explains a path of in that other does not have: the component of
// the path that other lacks (verb is "added" or "deleted"), the muting
// permission set that mutes it in other, or the link that changed.
func why(in, other *Index, p Path, otherMuted map[string]Path, verb string) string {
	og := other.g
	if m, ok := otherMuted[p.Key()]; ok {
		if verb == "added" {
			return "no longer muted by " + m.MutedBy
		}
		return "muted by " + m.MutedBy
	}
	switch {
	case og.PermissionSet(p.PermissionSet) == nil:
		return "permission set " + verb
	case p.Group != "" && og.PermissionSetGroup(p.Group) == nil:
		return "permission set group " + verb
	case og.NamedCredential(p.NamedCredential) == nil:
		return "named credential " + verb
	case og.ExternalCredential(p.ExternalCredential) == nil:
		return "external credential " + verb
	case graph.Principal(og.ExternalCredential(p.ExternalCredential), p.Principal) == nil:
		return "principal " + verb
	}
	if ec := og.ExternalCredentialOf(og.NamedCredential(p.NamedCredential)); ec == nil || ec.Name != p.ExternalCredential {
		if ec == nil {
			return "the named credential no longer authenticates with " + p.ExternalCredential
		}
		if verb == "added" {
			return "the named credential authenticated with " + ec.Name
		}
		return "the named credential authenticates with " + ec.Name + " now"
	}
	if !grantsPrincipal(og, og.PermissionSet(p.PermissionSet), p.ExternalCredential, p.Principal) {
		if verb == "added" {
			return "grant added to the permission set"
		}
		return "grant removed from the permission set"
	}
	if p.Group != "" && !groupContains(og, og.PermissionSetGroup(p.Group), p.PermissionSet) {
		if verb == "added" {
			return "permission set added to the group"
		}
		return "permission set removed from the group"
	}
	return ""
}

func grantsPrincipal(g *graph.Graph, ps *model.PermissionSet, ec, principal string) bool {
	for _, a := range ps.PrincipalAccesses {
		if e, p := g.GrantTarget(a.Principal.Value); p != nil && e.Name == ec && p.Name.Value == principal {
			return true
		}
	}
	return false
}

func groupContains(g *graph.Graph, grp *model.PermissionSetGroup, ps string) bool {
	for _, m := range grp.PermissionSets {
		if p := g.PermissionSet(m.Value); p != nil && p.Name == ps {
			return true
		}
	}
	return false
}

func endpoints(g *graph.Graph) map[string]Endpoint {
	m := map[string]Endpoint{}
	for _, nc := range g.Tree.NamedCredentials {
		u, host := shownURL(nc)
		m[nc.Name] = Endpoint{NamedCredential: nc.Name, URL: u, Host: host}
	}
	return m
}

func sortedValues(m map[string]Endpoint) []Endpoint {
	out := make([]Endpoint, 0, len(m))
	for _, e := range m {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b Endpoint) int { return cmp.Compare(a.NamedCredential, b.NamedCredential) })
	return out
}

// callerID identifies a caller for a diff: who calls which named
// credential in which context, not where in the file.
func callerID(c Caller) string {
	return strings.Join([]string{c.NamedCredential, c.Kind, c.Name, c.Via, c.Entry, c.RunAs}, "\x00")
}

// callersByID keeps the first caller (in Key order) of each identity.
func callersByID(cs []Caller) map[string]Caller {
	m := map[string]Caller{}
	for _, c := range cs {
		if _, ok := m[callerID(c)]; !ok {
			m[callerID(c)] = c
		}
	}
	return m
}

func principalTypes(g *graph.Graph) map[string]string {
	m := map[string]string{}
	for _, ec := range g.Tree.ExternalCredentials {
		for _, p := range ec.Principals() {
			m[ec.Name+"-"+p.Name.Value] = p.Type.Value
		}
	}
	return m
}

func sortedECs(g *graph.Graph) []*model.ExternalCredential {
	ecs := slices.Clone(g.Tree.ExternalCredentials)
	slices.SortStableFunc(ecs, func(a, b *model.ExternalCredential) int { return cmp.Compare(a.Name, b.Name) })
	return ecs
}

// principalSwitch describes principal ref of ec, whose type changed from
// was to now; ncsOf maps external credentials to the named credentials
// authenticating with them.
func (ix *Index) principalSwitch(ec *model.ExternalCredential, ref, was, now string, ncsOf map[string][]string) PrincipalSwitch {
	s := PrincipalSwitch{Principal: ref, TypeBefore: was, Type: now, PerUser: now == model.PerUserPrincipal,
		GrantedBy: []string{}, NamedCredentials: []string{}, ServiceCallers: []Caller{}}
	for _, i := range ix.byPrincipal[ref] {
		s.GrantedBy = append(s.GrantedBy, ix.paths[i].PermissionSet)
	}
	slices.Sort(s.GrantedBy)
	s.GrantedBy = slices.Compact(s.GrantedBy)
	s.NamedCredentials = append(s.NamedCredentials, ncsOf[ec.Name]...)
	for _, nc := range s.NamedCredentials {
		for _, i := range ix.byNC[nc] {
			if c := ix.callers[i]; c.Background {
				s.ServiceCallers = append(s.ServiceCallers, c)
			}
		}
	}
	slices.SortFunc(s.ServiceCallers, func(a, b Caller) int { return cmp.Compare(a.Key(), b.Key()) })
	return s
}

// ncsByEC maps each external credential to the named credentials with an
// Authentication parameter naming it (as graph.NamedCredentialsUsing),
// sorted.
func ncsByEC(g *graph.Graph) map[string][]string {
	m := map[string][]string{}
	for _, nc := range sortedNCs(g) {
		for _, ref := range graph.AuthenticationOf(nc) {
			if ec := g.ExternalCredential(ref.Value); ec != nil && !slices.Contains(m[ec.Name], nc.Name) {
				m[ec.Name] = append(m[ec.Name], nc.Name)
			}
		}
	}
	return m
}

// Change kinds of a ChangeDiagram's nodes and edges.
const (
	ChangeAdded   = "added"
	ChangeRemoved = "removed"
	ChangeChanged = "changed" // nodes only: its problem or principal type changed
)

// ChangedNode is a node of a ChangeDiagram; Change is "" for a node that
// is only there to connect changed ones.
type ChangedNode struct {
	Node
	Change string `json:"change,omitempty"`
}

// ChangedEdge is an edge of a ChangeDiagram; Change is "" for an edge that
// did not change.
type ChangedEdge struct {
	Edge
	Change string `json:"change,omitempty"`
}

// ChangeDiagram is the changed part of the credential graph: the edges
// added and removed, the nodes whose problem or principal type changed,
// and, for context, what lies downstream of them (the principals,
// external credentials, named credentials and endpoints they lead to) over
// unchanged edges. Nodes and edges are sorted by ID.
type ChangeDiagram struct {
	Nodes []ChangedNode `json:"nodes"`
	Edges []ChangedEdge `json:"edges"`
}

// ChangedPart returns the changed part of the graph between before (nil for
// an empty tree) and after.
func ChangedPart(before, after *Index) ChangeDiagram {
	if before == nil {
		before = New(graph.New(&model.Tree{}), nil)
	}
	od, nd := before.Diagram(), after.Diagram()
	type edgeKey struct{ from, to, kind string }
	oldNodes, newNodes := map[string]Node{}, map[string]Node{}
	for _, n := range od.Nodes {
		oldNodes[n.ID] = n
	}
	for _, n := range nd.Nodes {
		newNodes[n.ID] = n
	}
	all := map[edgeKey]*ChangedEdge{}
	for _, e := range od.Edges {
		all[edgeKey{e.From, e.To, e.Kind}] = &ChangedEdge{Edge: e, Change: ChangeRemoved}
	}
	for _, e := range nd.Edges {
		k := edgeKey{e.From, e.To, e.Kind}
		if c, ok := all[k]; ok {
			c.Change = ""
		} else {
			all[k] = &ChangedEdge{Edge: e, Change: ChangeAdded}
		}
	}
	nodes := map[string]ChangedNode{}
	addNode := func(id string) {
		if _, ok := nodes[id]; ok {
			return
		}
		n, inNew := newNodes[id]
		o, inOld := oldNodes[id]
		switch {
		case inNew && inOld:
			c := ChangedNode{Node: n}
			if n.Problem != o.Problem {
				c.Change = ChangeChanged
				if n.Problem == "" {
					c.Problem = "was " + o.Problem
				}
			}
			nodes[id] = c
		case inNew:
			nodes[id] = ChangedNode{Node: n, Change: ChangeAdded}
		default:
			nodes[id] = ChangedNode{Node: o, Change: ChangeRemoved}
		}
	}
	var start []string
	for _, e := range all {
		if e.Change != "" {
			start = append(start, e.From, e.To)
		}
	}
	for id, n := range newNodes {
		if o, ok := oldNodes[id]; ok && o.Problem != n.Problem {
			start = append(start, id)
		}
	}
	switched := map[string]string{}
	oldTypes := principalTypes(before.g)
	for ref, t := range principalTypes(after.g) {
		if was, ok := oldTypes[ref]; ok && was != t {
			switched["principal:"+ref] = "was " + was + ", now " + t
			start = append(start, "principal:"+ref)
		}
	}
	out := map[string][]string{}
	for k, e := range all {
		if e.Change == "" {
			out[k.from] = append(out[k.from], k.to)
		}
	}
	// Downstream of what changed, over unchanged edges.
	seen := map[string]bool{}
	for queue := start; len(queue) > 0; {
		id := queue[0]
		queue = queue[1:]
		if seen[id] {
			continue
		}
		seen[id] = true
		addNode(id)
		queue = append(queue, out[id]...)
	}
	// Who grants a switched principal: the users whose callouts change.
	for k, e := range all {
		if e.Change == "" && switched[k.to] != "" && (k.kind == EdgeGrants || k.kind == EdgeGrantDisabled) {
			seen[k.from] = true
			addNode(k.from)
		}
	}
	d := ChangeDiagram{Nodes: []ChangedNode{}, Edges: []ChangedEdge{}}
	for id, n := range nodes {
		if s, ok := switched[id]; ok {
			n.Change, n.Problem = ChangeChanged, s
		}
		d.Nodes = append(d.Nodes, n)
	}
	for _, e := range all {
		if seen[e.From] && seen[e.To] {
			d.Edges = append(d.Edges, *e)
		}
	}
	slices.SortFunc(d.Nodes, func(a, b ChangedNode) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(d.Edges, func(a, b ChangedEdge) int {
		return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To), cmp.Compare(a.Kind, b.Kind))
	})
	return d
}
