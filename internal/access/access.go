// Package access answers who can call what from the credential graph: the
// paths by which users reach an endpoint (permission set group → permission
// set → principal → external credential → named credential → URL), the code
// that calls it (Apex with the context it runs in, flows, External
// Services), an inventory of named credentials and the manual steps a deploy
// leaves. It knows no output format: results are plain values, sorted, so
// that two results (of two revisions) compare line by line.
package access

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/nclint/nclint/internal/entry"
	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/redact"
)

// problemGrantDisabled marks a path whose grant has <enabled>false</enabled>.
const problemGrantDisabled = "grant disabled (<enabled>false</enabled>)"

// Path is one way a user reaches an endpoint through metadata grants. A
// path that would still fail at run time keeps its Problems; it is never
// dropped. A grant muted by a muting permission set of the group is not a
// path.
type Path struct {
	// Group is the permission set group the permission set is assigned
	// through ("" when the permission set is assigned alone).
	Group string `json:"group,omitempty"`
	// PermissionSet is the permission set that grants the principal.
	PermissionSet      string `json:"permissionSet"`
	ExternalCredential string `json:"externalCredential"`
	// Principal is the principal's parameterName.
	Principal string `json:"principal"`
	// PrincipalType is NamedPrincipal, PerUserPrincipal or AwsStsPrincipal.
	PrincipalType   string `json:"principalType"`
	NamedCredential string `json:"namedCredential"`
	URL             string `json:"url"`
	Host            string `json:"host"`
	// Problems say why a callout along the path would still fail.
	Problems []string `json:"problems,omitempty"`
	// MutedBy is the muting permission set of Group that removes the
	// grant (only in Answer.Muted).
	MutedBy string `json:"mutedBy,omitempty"`
}

// PrincipalRef is the principal as a grant writes it: "EC-Principal".
func (p Path) PrincipalRef() string { return p.ExternalCredential + "-" + p.Principal }

// Key identifies the path, for sorting and for comparing two results.
func (p Path) Key() string {
	return strings.Join([]string{p.NamedCredential, p.ExternalCredential, p.Principal, p.PermissionSet, p.Group}, "\x00")
}

// Caller is one place in code or configuration that calls a named credential.
type Caller struct {
	// Kind is Apex, Flow, ExternalService or ExternalDataSource.
	Kind string `json:"kind"`
	// Name is the class, trigger, flow, registration or data source.
	Name            string `json:"name"`
	NamedCredential string `json:"namedCredential"`
	File            string `json:"file"`
	Line            int    `json:"line"`
	// Via is the external service a flow calls through.
	Via string `json:"via,omitempty"`
	// Entry describes the service entry point the callout is reached from
	// (as NC201 determines it), "" when it runs in a user's request.
	Entry string `json:"entry,omitempty"`
	// RunAs is who the callout runs as.
	RunAs string `json:"runAs"`
	// Background is set when no interactive user is present (a per-user
	// principal cannot be authorized there).
	Background bool `json:"background"`
	// Direct is set for Apex that calls the endpoint host with a literal
	// URL (setEndpoint('https://host/…')) instead of through a named
	// credential; NamedCredential is then the named credential of that
	// host it bypasses, and URL the endpoint as called (redacted).
	Direct bool   `json:"direct,omitempty"`
	URL    string `json:"url,omitempty"`
	// Through lists the classes followed from the queried Apex class (first)
	// to the one holding the callout (last), when they differ; only in
	// answers about a class.
	Through []string `json:"through,omitempty"`

	callout *model.Callout
}

// Key identifies the caller, for sorting and comparing.
func (c Caller) Key() string {
	return fmt.Sprintf("%s\x00%s\x00%s\x00%s\x00%08d", c.NamedCredential, c.Kind, c.Name, c.File, c.Line)
}

// Kinds of components a query can name, with their KIND: prefixes.
const (
	KindNamedCredential    = "nc"
	KindExternalCredential = "ec"
	KindPrincipal          = "principal"
	KindPermissionSet      = "ps"
	KindGroup              = "psg"
	KindClass              = "class"
	KindHost               = "host"
)

// kindOrder is the order answers for a name shared by several kinds come in.
var kindOrder = []string{KindNamedCredential, KindExternalCredential, KindPrincipal, KindPermissionSet, KindGroup, KindClass, KindHost}

// KindLabel names a kind for people.
func KindLabel(kind string) string {
	switch kind {
	case KindNamedCredential:
		return "named credential"
	case KindExternalCredential:
		return "external credential"
	case KindPrincipal:
		return "principal"
	case KindPermissionSet:
		return "permission set"
	case KindGroup:
		return "permission set group"
	case KindClass:
		return "Apex class"
	case KindHost:
		return "endpoint host"
	}
	return kind
}

// Subject is a component a query resolved to.
type Subject struct {
	Kind string `json:"kind"`
	// Name is the developer name ("EC-Principal" for a principal, the host
	// for an endpoint).
	Name string `json:"name"`
}

// Answer is what a query says about one subject.
type Answer struct {
	Subject
	// Paths are the ways users reach the subject's endpoints (or, for a
	// permission set or group, the endpoints its users reach), sorted.
	Paths []Path `json:"paths"`
	// Muted are the paths a muting permission set of the group removes
	// (no access), sorted.
	Muted []Path `json:"muted"`
	// Callers are the code and configuration calling the named
	// credentials involved, sorted.
	Callers []Caller `json:"callers"`
	// Notes say what the paths cannot show (legacy named credentials,
	// grants made outside metadata), sorted.
	Notes []string `json:"notes,omitempty"`
}

// Index holds every path and caller of one project.
type Index struct {
	g        *graph.Graph
	settings *lint.Settings
	opts     Options
	paths    []Path
	muted    []Path
	callers  []Caller
	// notes are per named credential.
	notes map[string][]string
	// byPrincipal: "EC-Principal" -> indexes into paths; byNC: named
	// credential -> indexes into callers.
	byPrincipal map[string][]int
	byNC        map[string][]int
}

// Options are what a query knows beyond the graph.
type Options struct {
	// Findings are the lint run's findings on the same graph. Those of
	// failingRules located on a component of a path become its problems.
	Findings []lint.Finding
	// Now is the reference time for certificate expiry; zero means time.Now().
	Now time.Time
}

// New computes every path and caller of the graph. settings supply the
// configured service entry classes and grants made outside metadata; nil
// means none.
func New(g *graph.Graph, settings *lint.Settings) *Index {
	return NewWith(g, settings, Options{})
}

// NewWith is New with the lint run's findings and a reference time.
func NewWith(g *graph.Graph, settings *lint.Settings, opts Options) *Index {
	if settings == nil {
		settings = &lint.Settings{}
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	ix := &Index{g: g, settings: settings, opts: opts, notes: map[string][]string{}}
	for _, nc := range sortedNCs(g) {
		ix.addPaths(nc)
	}
	ix.addCallers()
	ix.addDirectCallers()
	slices.SortFunc(ix.paths, func(a, b Path) int { return cmp.Compare(a.Key(), b.Key()) })
	slices.SortFunc(ix.muted, func(a, b Path) int { return cmp.Compare(a.Key(), b.Key()) })
	slices.SortFunc(ix.callers, func(a, b Caller) int { return cmp.Compare(a.Key(), b.Key()) })
	ix.byPrincipal, ix.byNC = map[string][]int{}, map[string][]int{}
	for i, p := range ix.paths {
		ix.byPrincipal[p.PrincipalRef()] = append(ix.byPrincipal[p.PrincipalRef()], i)
	}
	for i, c := range ix.callers {
		ix.byNC[c.NamedCredential] = append(ix.byNC[c.NamedCredential], i)
	}
	return ix
}

// shownURL is a named credential's endpoint as every output shows it, with
// its secrets left out (redact.URL: "***@" for the userinfo, "…" for query
// values and key-like path segments), and its host.
func shownURL(nc *model.NamedCredential) (url, host string) {
	u := graph.URLOf(nc).Value
	return redact.URL(u), graph.HostOf(u)
}

func sortedNCs(g *graph.Graph) []*model.NamedCredential {
	ncs := slices.Clone(g.Tree.NamedCredentials)
	slices.SortStableFunc(ncs, func(a, b *model.NamedCredential) int { return cmp.Compare(a.Name, b.Name) })
	return ncs
}

// Paths returns every path, sorted.
func (ix *Index) Paths() []Path { return ix.paths }

// Callers returns every caller of a named credential in the tree, sorted.
func (ix *Index) Callers() []Caller { return ix.callers }

func (ix *Index) note(nc, format string, args ...any) {
	ix.notes[nc] = append(ix.notes[nc], fmt.Sprintf(format, args...))
}

// addPaths adds the paths that reach nc.
func (ix *Index) addPaths(nc *model.NamedCredential) {
	g := ix.g
	url, host := shownURL(nc)
	if nc.Unparsed {
		ix.note(nc.Name, "%s is unreadable (%s): who can call it is unknown", nc.Name, nc.File)
		return
	}
	if nc.IsLegacy() {
		pt := nc.PrincipalType.Value
		if pt == "" {
			pt = "not set"
		}
		ix.note(nc.Name, "%s is a legacy named credential (principalType %s): permission set grants do not govern it", nc.Name, pt)
		return
	}
	refs := graph.AuthenticationOf(nc)
	if len(refs) == 0 {
		ix.note(nc.Name, "%s has no Authentication parameter: its callouts carry no credentials, and anyone whose code reaches it can call it", nc.Name)
		return
	}
	ec := g.ExternalCredential(refs[0].Value)
	if ec == nil {
		if files := g.UnreadMentioning(refs[0].Value, model.KindExternalCredential); len(files) > 0 {
			ix.note(nc.Name, "%s authenticates with external credential %s, which may be in what is unreadable (%s): who can call it is unknown",
				nc.Name, refs[0].Value, strings.Join(files, ", "))
			return
		}
		ix.note(nc.Name, "%s authenticates with external credential %s, which is not in the tree", nc.Name, refs[0].Value)
		return
	}
	if ec.Unparsed {
		ix.note(nc.Name, "external credential %s is unreadable (%s): who can call %s is unknown", ec.Name, ec.File, nc.Name)
		return
	}
	disabled := nc.CalloutStatus.Is("Disabled")
	principals := ec.Principals()
	if len(principals) == 0 {
		ix.note(nc.Name, "external credential %s has no principal: nobody can be granted access to %s", ec.Name, nc.Name)
	}
	for _, p := range principals {
		pp := graph.Principal(ec, p.Name.Value)
		if pp == nil {
			continue
		}
		if ix.settings.PrincipalGrantedInOrg(ec.Name, p.Name.Value) {
			ix.note(nc.Name, "%s-%s is granted in the org outside metadata (org.granted_principals in the configuration)", ec.Name, p.Name.Value)
		}
		granted := false
		for _, gr := range g.Grants(ec, p.Name.Value) {
			if gr.PermissionSet.Unparsed {
				continue
			}
			granted = true
			units := []graph.AccessUnit{{Members: []*model.PermissionSet{gr.PermissionSet}}}
			for _, u := range g.AccessUnits(gr.PermissionSet) {
				if u.Group != nil {
					units = append(units, u)
				}
			}
			for _, u := range units {
				path := Path{
					PermissionSet:      gr.PermissionSet.Name,
					ExternalCredential: ec.Name,
					Principal:          p.Name.Value,
					PrincipalType:      p.Type.Value,
					NamedCredential:    nc.Name,
					URL:                url,
					Host:               host,
				}
				if u.Group != nil {
					path.Group = u.Group.Name
				}
				if path.MutedBy = mutedBy(g, u, ec, pp); path.MutedBy != "" {
					ix.muted = append(ix.muted, path)
					continue
				}
				if !gr.Enabled() {
					path.Problems = append(path.Problems, problemGrantDisabled)
				}
				if disabled {
					path.Problems = append(path.Problems, "callouts disabled (calloutStatus Disabled)")
				}
				if len(u.Unknown) == 0 {
					need := graph.UECNeed(ec, pp)
					have, mutedAway, muters := graph.UnitUECAccess(u)
					if miss := need &^ have; miss != 0 {
						msg := "no " + miss.String() + " on UserExternalCredential (unless the profile gives it)"
						if miss&mutedAway != 0 {
							msg += ", muted by " + strings.Join(muters, ", ")
						}
						path.Problems = append(path.Problems, msg)
					}
				}
				path.Problems = append(path.Problems, ix.findingProblems(nc, ec, pp, gr.PermissionSet, u.Group, gr.Enabled())...)
				ix.paths = append(ix.paths, path)
			}
		}
		if files := g.UnreadMentioning(ec.Name, model.KindPermissionSet); len(files) > 0 {
			// A permission set that could not be read may grant it.
			ix.note(nc.Name, "%s-%s: permission sets that may grant it are unreadable (%s): who is granted it is unknown",
				ec.Name, p.Name.Value, strings.Join(files, ", "))
		} else if !granted && !ix.settings.PrincipalGrantedInOrg(ec.Name, p.Name.Value) {
			ix.note(nc.Name, "%s-%s is granted by no permission set in the tree", ec.Name, p.Name.Value)
		}
	}
}

// mutedBy returns the muting permission set of the unit's group that
// mutes the grant of principal p of ec, or "".
func mutedBy(g *graph.Graph, u graph.AccessUnit, ec *model.ExternalCredential, p *model.ExternalCredentialParameter) string {
	for _, m := range u.Muting {
		for _, a := range m.PrincipalAccesses {
			if !a.Enabled.Bool() {
				continue
			}
			if mec, mp := g.GrantTarget(a.Principal.Value); mec == ec && mp == p {
				return m.Name
			}
		}
	}
	return ""
}

// addCallers records every caller of a named credential in the tree with
// the context it runs in.
func (ix *Index) addCallers() {
	g := ix.g
	type reached struct {
		what, runAs string
	}
	byCallout := map[*model.Callout]reached{}
	entry.Reach(g, entry.ServicePoints(g, ix.settings), func(*model.Callout) bool { return true },
		func(e *entry.Point, co *model.Callout, _ []lint.Related) {
			byCallout[co] = reached{e.What, e.Ctx.RunAs}
		})
	for _, c := range g.AllCallers() {
		if c.Target == nil {
			continue
		}
		out := Caller{
			Kind:            string(c.Kind),
			Name:            c.Name,
			NamedCredential: c.Target.Name,
			File:            c.Span.File,
			Line:            c.Span.Start.Line,
			Via:             c.Via,
			RunAs:           "the user whose request runs it",
			callout:         c.Apex,
		}
		switch c.Kind {
		case graph.CallerApex:
			if r, ok := byCallout[c.Apex]; ok {
				out.Entry, out.RunAs, out.Background = r.what, r.runAs, true
			}
		case graph.CallerFlow:
			if f := flowNamed(g, c.Name); f != nil {
				if ctx, ok := entry.FlowContext(f); ok {
					out.Entry = fmt.Sprintf("flow %s (%s)", f.Name, f.TriggerType.Value)
					out.RunAs, out.Background = ctx.RunAs, true
				}
			}
		case graph.CallerExternalService, graph.CallerDataSource:
			out.RunAs = "the user whose flow, Apex or query uses it"
		}
		ix.callers = append(ix.callers, out)
	}
}

func flowNamed(g *graph.Graph, name string) *model.Flow {
	for _, f := range g.Tree.Flows {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// UnknownError is a query that names nothing in the tree.
type UnknownError struct {
	Query string
	// Kind is the KIND: the query narrowed to ("" for none).
	Kind string
	// Nearest are the closest names, as KIND:NAME.
	Nearest []string
	// ReferencedBy are the components that reference the name although it
	// is not in the tree ("Apex InventoryClient"), sorted.
	ReferencedBy []string
}

func (e *UnknownError) Error() string {
	what := "named credential, external credential, principal, permission set, permission set group, Apex class or endpoint host"
	if e.Kind != "" {
		what = KindLabel(e.Kind)
	}
	msg := fmt.Sprintf("%q names no %s in the tree", e.Query, what)
	if len(e.ReferencedBy) > 0 {
		name := e.Query
		if _, n, ok := strings.Cut(name, ":"); ok {
			name = n
		}
		msg = fmt.Sprintf("%s is referenced by %s but is not in the tree", strings.TrimSpace(name), strings.Join(e.ReferencedBy, ", "))
	}
	if len(e.Nearest) > 0 {
		msg += "; nearest: " + strings.Join(e.Nearest, ", ")
	}
	return msg
}

// UnknownKindError is a query whose KIND: prefix is not a kind.
type UnknownKindError struct {
	Query string
	Kind  string
}

func (e *UnknownKindError) Error() string {
	return fmt.Sprintf("%q: unknown kind %s; kinds are %s", e.Query, e.Kind, strings.Join(kindOrder, ", "))
}
