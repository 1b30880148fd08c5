package access

import (
	"cmp"
	"slices"
	"strings"

	"github.com/nclint/nclint/internal/graph"
)

// Node kinds of the diagram.
const (
	NodeGroup              = "PermissionSetGroup"
	NodeMuting             = "MutingPermissionSet"
	NodePermissionSet      = "PermissionSet"
	NodePrincipal          = "Principal"
	NodeExternalCredential = "ExternalCredential"
	NodeNamedCredential    = "NamedCredential"
	NodeEndpoint           = "Endpoint"
	NodeApexClass          = "ApexClass"
	NodeApexTrigger        = "ApexTrigger"
	NodeFlow               = "Flow"
	NodeExternalService    = "ExternalServiceRegistration"
	NodeDataSource         = "ExternalDataSource"
)

// Edge kinds of the diagram. Edges point the way access flows: from who
// holds a permission towards the endpoint, and from a caller to what it calls.
const (
	EdgeContains      = "contains"       // group → permission set
	EdgeMutes         = "mutes"          // muting permission set → group
	EdgeGrants        = "grants"         // permission set → principal (enabled grant)
	EdgeGrantDisabled = "grant-disabled" // permission set → principal (<enabled>false</enabled>)
	EdgePrincipalOf   = "principal-of"   // principal → external credential
	EdgeAuthenticates = "authenticates"  // external credential → named credential
	EdgeEndpoint      = "endpoint"       // named credential → endpoint URL
	EdgeCalls         = "calls"          // caller → named credential or external service
)

// Node is one component of the diagram. ID is "kind:name" and stable.
type Node struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	// Name is the developer name ("EC-Principal" for a principal, the URL
	// for an endpoint).
	Name string `json:"name"`
	// Label is what a picture shows (the principal without its external
	// credential, the host for an endpoint).
	Label string `json:"label"`
	// Problem is set on a named credential whose callouts are disabled.
	Problem string `json:"problem,omitempty"`
}

// Edge is a link between two nodes.
type Edge struct {
	From string `json:"from"`
	To   string `json:"to"`
	Kind string `json:"kind"`
}

// Diagram is the credential graph (or part of it), nodes and edges sorted
// by ID.
type Diagram struct {
	Focus string `json:"focus,omitempty"`
	Nodes []Node `json:"nodes"`
	Edges []Edge `json:"edges"`
}

// Diagram returns the whole credential graph.
func (ix *Index) Diagram() Diagram {
	g := ix.g
	nodes := map[string]Node{}
	var edges []Edge
	node := func(kind, prefix, name, label string) string {
		id := prefix + ":" + name
		if _, ok := nodes[id]; !ok {
			nodes[id] = Node{ID: id, Kind: kind, Name: name, Label: label}
		}
		return id
	}
	edge := func(from, to, kind string) { edges = append(edges, Edge{From: from, To: to, Kind: kind}) }
	for _, nc := range g.Tree.NamedCredentials {
		id := node(NodeNamedCredential, "nc", nc.Name, nc.Name)
		if nc.CalloutStatus.Is("Disabled") {
			n := nodes[id]
			n.Problem = "callouts disabled"
			nodes[id] = n
		}
		if u, host := shownURL(nc); u != "" {
			// The ID and name are the shown URL: a Mermaid node ID is
			// visible in the source of a job summary.
			label := host
			if label == "" {
				label = u
			}
			edge(id, node(NodeEndpoint, "url", u, label), EdgeEndpoint)
		}
		if refs := graph.AuthenticationOf(nc); len(refs) > 0 {
			if ec := g.ExternalCredential(refs[0].Value); ec != nil {
				edge(node(NodeExternalCredential, "ec", ec.Name, ec.Name), id, EdgeAuthenticates)
			}
		}
	}
	for _, ec := range g.Tree.ExternalCredentials {
		id := node(NodeExternalCredential, "ec", ec.Name, ec.Name)
		for _, p := range ec.Principals() {
			edge(node(NodePrincipal, "principal", ec.Name+"-"+p.Name.Value, p.Name.Value), id, EdgePrincipalOf)
		}
	}
	for _, ps := range g.Tree.PermissionSets {
		for _, a := range ps.PrincipalAccesses {
			ec, p := g.GrantTarget(a.Principal.Value)
			if p == nil {
				continue
			}
			kind := EdgeGrants
			if !a.Enabled.Bool() {
				kind = EdgeGrantDisabled
			}
			edge(node(NodePermissionSet, "ps", ps.Name, ps.Name), "principal:"+ec.Name+"-"+p.Name.Value, kind)
		}
	}
	for _, grp := range g.Tree.PermissionSetGroups {
		gid := node(NodeGroup, "psg", grp.Name, grp.Name)
		for _, m := range grp.PermissionSets {
			if ps := g.PermissionSet(m.Value); ps != nil {
				edge(gid, node(NodePermissionSet, "ps", ps.Name, ps.Name), EdgeContains)
			}
		}
		for _, m := range grp.MutingPermissionSets {
			if ms := g.MutingPermissionSet(m.Value); ms != nil {
				edge(node(NodeMuting, "mps", ms.Name, ms.Name), gid, EdgeMutes)
			}
		}
	}
	for _, c := range g.AllCallers() {
		if c.Target == nil {
			continue
		}
		to := "nc:" + c.Target.Name
		switch c.Kind {
		case graph.CallerApex:
			kind, prefix := NodeApexClass, "class"
			if src := g.ApexClass(c.Name); src == nil || src.Trigger != nil {
				kind, prefix = NodeApexTrigger, "trigger"
			}
			edge(node(kind, prefix, c.Name, c.Name), to, EdgeCalls)
		case graph.CallerFlow:
			edge(node(NodeFlow, "flow", c.Name, c.Name), "esr:"+c.Via, EdgeCalls)
		case graph.CallerExternalService:
			edge(node(NodeExternalService, "esr", c.Name, c.Name), to, EdgeCalls)
		case graph.CallerDataSource:
			edge(node(NodeDataSource, "eds", c.Name, c.Name), to, EdgeCalls)
		}
	}
	d := Diagram{}
	for _, n := range nodes {
		d.Nodes = append(d.Nodes, n)
	}
	for _, e := range edges {
		if _, ok := nodes[e.To]; ok {
			d.Edges = append(d.Edges, e)
		}
	}
	d.sort()
	return d
}

func (d *Diagram) sort() {
	slices.SortFunc(d.Nodes, func(a, b Node) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(d.Edges, func(a, b Edge) int {
		return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To), cmp.Compare(a.Kind, b.Kind))
	})
	d.Edges = slices.Compact(d.Edges)
	if d.Nodes == nil {
		d.Nodes = []Node{}
	}
	if d.Edges == nil {
		d.Edges = []Edge{}
	}
}

// FocusDiagram returns the part of the graph connected to the components
// query names: everything upstream of them (who holds, contains, grants or
// calls them) and downstream of them (what they grant, authenticate or
// reach), and for a permission set downstream of the groups containing it.
func (ix *Index) FocusDiagram(query string) (Diagram, error) {
	subjects, err := ix.Resolve(query)
	if err != nil {
		return Diagram{}, err
	}
	full := ix.Diagram()
	var start []string
	for _, s := range subjects {
		switch s.Kind {
		case KindNamedCredential:
			start = append(start, "nc:"+s.Name)
		case KindExternalCredential:
			start = append(start, "ec:"+s.Name)
		case KindPrincipal:
			start = append(start, "principal:"+s.Name)
		case KindPermissionSet:
			start = append(start, "ps:"+s.Name)
		case KindGroup:
			start = append(start, "psg:"+s.Name)
		case KindClass:
			start = append(start, "class:"+s.Name)
		case KindHost:
			for _, n := range full.Nodes {
				if n.Kind == NodeEndpoint && strings.EqualFold(n.Label, s.Name) {
					start = append(start, n.ID)
				}
			}
		}
	}
	out, in := map[string][]string{}, map[string][]string{}
	for _, e := range full.Edges {
		out[e.From] = append(out[e.From], e.To)
		in[e.To] = append(in[e.To], e.From)
	}
	keep := map[string]bool{}
	walk := func(from []string, forward bool) []string {
		queue := slices.Clone(from)
		seen := map[string]bool{}
		var order []string
		for len(queue) > 0 {
			id := queue[0]
			queue = queue[1:]
			if seen[id] {
				continue
			}
			seen[id], keep[id] = true, true
			order = append(order, id)
			if forward {
				queue = append(queue, out[id]...)
			} else {
				queue = append(queue, in[id]...)
			}
		}
		return order
	}
	// Upstream: who holds, contains, grants or calls the subjects. A
	// group that contains a permission set gives its users what the
	// group's other members grant, so for a permission set downstream
	// starts from the groups too.
	down := slices.Clone(start)
	for _, id := range walk(start, false) {
		if strings.HasPrefix(id, "psg:") && slices.ContainsFunc(start, func(s string) bool { return strings.HasPrefix(s, "ps:") }) {
			down = append(down, id)
		}
	}
	walk(down, true)
	d := Diagram{Focus: query}
	for _, n := range full.Nodes {
		if keep[n.ID] {
			d.Nodes = append(d.Nodes, n)
		}
	}
	for _, e := range full.Edges {
		if keep[e.From] && keep[e.To] {
			d.Edges = append(d.Edges, e)
		}
	}
	d.sort()
	return d, nil
}
