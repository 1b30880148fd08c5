// Package graph links the parsed model into one index: named credentials to
// external credentials to principals, permission sets to the principals they
// grant, groups to permission sets, certificates by developer name, and
// callers (Apex, flows, external services, data sources) to named credentials.
//
// Names resolve the way Salesforce resolves them within one project: a
// reference may carry the project namespace ("ns__Name") or not ("Name");
// both point to the local component. Lookups are exact on the local name;
// the Fold variants ignore case and are meant for "did you mean" hints.
package graph

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
)

// Graph is the linked view of one source tree that rules query.
type Graph struct {
	// Tree is the parsed model the graph was built from.
	Tree *model.Tree
	// Namespace is the project namespace ("" for none).
	Namespace string

	// unread caches the unparsed components by kind (see unread.go).
	unread unreadCache

	namedCreds    index[*model.NamedCredential]
	extCreds      index[*model.ExternalCredential]
	permSets      index[*model.PermissionSet]
	mutingSets    index[*model.PermissionSet]
	groups        index[*model.PermissionSetGroup]
	certs         index[*model.Certificate]
	services      index[*model.ExternalServiceRegistration]
	dataSources   index[*model.ExternalDataSource]
	authProviders index[*model.Component]
	eaips         index[*model.Component]
	outbound      index[*model.Component]

	// grants: local EC name + "-" + principal name -> grants (exact names).
	grants map[string][]Grant
	// groupsOf: local permission set name -> groups that contain it.
	groupsOf map[string][]*model.PermissionSetGroup
	// callers: the named credential each caller resolves to -> callers.
	callers map[*model.NamedCredential][]Caller
	// allCallers: every caller, resolved or not, sorted by location.
	allCallers []Caller
	// classes: lower-cased Apex type name -> the file declaring it.
	classes map[string]*model.ApexSource
	// ncUsers: external credential (nil for an unresolved reference) ->
	// the named credentials whose Authentication parameters name it, in
	// tree order.
	ncUsers map[*model.ExternalCredential][]*model.NamedCredential
	// foldUsed: external credentials some Authentication parameter names,
	// ignoring case.
	foldUsed map[*model.ExternalCredential]bool
	// certLabels: foldKey of a certificate's trimmed masterLabel ->
	// certificates, in tree order.
	certLabels map[string][]*model.Certificate
	// units: permission set group -> its access unit (see AccessUnits).
	units map[*model.PermissionSetGroup]AccessUnit
	// subscriberConfigs: lower-cased local trigger name -> the first
	// PlatformEventSubscriberConfig naming it.
	subscriberConfigs map[string]*model.PlatformEventSubscriberConfig
}

// index maps component names to components: exact local name, and
// lower-cased local name for suggestions.
type index[T any] struct {
	exact map[string]T
	fold  map[string][]T
}

func newIndex[T any]() index[T] {
	return index[T]{exact: map[string]T{}, fold: map[string][]T{}}
}

func (ix index[T]) add(local string, v T) {
	if _, dup := ix.exact[local]; !dup {
		ix.exact[local] = v
	}
	k := strings.ToLower(local)
	ix.fold[k] = append(ix.fold[k], v)
}

// Grant is one externalCredentialPrincipalAccesses entry of a permission set.
type Grant struct {
	PermissionSet *model.PermissionSet
	Access        model.PrincipalAccess
}

// Enabled reports whether the grant is enabled.
func (g Grant) Enabled() bool { return g.Access.Enabled.Bool() }

// CallerKind says what calls a named credential.
type CallerKind string

// Kinds of callers.
const (
	CallerApex            CallerKind = "Apex"
	CallerExternalService CallerKind = "ExternalServiceRegistration"
	CallerDataSource      CallerKind = "ExternalDataSource"
	CallerFlow            CallerKind = "Flow"
)

// Caller is one place that calls out through a named credential.
type Caller struct {
	Kind CallerKind
	// Name is the calling component's name (class, service, data source or flow).
	Name string
	// Ref is the name as written at the call site.
	Ref string
	// Span is the reference (callout literal, element).
	Span loc.Span
	// Apex is the callout, for CallerApex.
	Apex *model.Callout
	// Via is the external service a flow calls through, for CallerFlow.
	Via string
	// Namespace is the namespace the calling code runs in ("" for none).
	Namespace string
	// Target is the named credential the reference resolves to, or nil.
	Target *model.NamedCredential
}

// New links tree into a graph.
func New(tree *model.Tree) *Graph {
	g := &Graph{
		Tree:          tree,
		Namespace:     tree.Settings.Namespace,
		namedCreds:    newIndex[*model.NamedCredential](),
		extCreds:      newIndex[*model.ExternalCredential](),
		permSets:      newIndex[*model.PermissionSet](),
		mutingSets:    newIndex[*model.PermissionSet](),
		groups:        newIndex[*model.PermissionSetGroup](),
		certs:         newIndex[*model.Certificate](),
		services:      newIndex[*model.ExternalServiceRegistration](),
		dataSources:   newIndex[*model.ExternalDataSource](),
		authProviders: newIndex[*model.Component](),
		eaips:         newIndex[*model.Component](),
		outbound:      newIndex[*model.Component](),
		grants:        map[string][]Grant{},
		groupsOf:      map[string][]*model.PermissionSetGroup{},
		callers:       map[*model.NamedCredential][]Caller{},
		classes:       map[string]*model.ApexSource{},
		ncUsers:       map[*model.ExternalCredential][]*model.NamedCredential{},
		foldUsed:      map[*model.ExternalCredential]bool{},
		certLabels:    map[string][]*model.Certificate{},
		units:         map[*model.PermissionSetGroup]AccessUnit{},
	}
	indexAll(g, g.namedCreds, tree.NamedCredentials, func(c *model.NamedCredential) model.Meta { return c.Meta })
	indexAll(g, g.extCreds, tree.ExternalCredentials, func(c *model.ExternalCredential) model.Meta { return c.Meta })
	indexAll(g, g.permSets, tree.PermissionSets, func(c *model.PermissionSet) model.Meta { return c.Meta })
	indexAll(g, g.mutingSets, tree.MutingPermissionSets, func(c *model.PermissionSet) model.Meta { return c.Meta })
	indexAll(g, g.groups, tree.PermissionSetGroups, func(c *model.PermissionSetGroup) model.Meta { return c.Meta })
	indexAll(g, g.certs, tree.Certificates, func(c *model.Certificate) model.Meta { return c.Meta })
	indexAll(g, g.services, tree.ExternalServiceRegistrations, func(c *model.ExternalServiceRegistration) model.Meta { return c.Meta })
	indexAll(g, g.dataSources, tree.ExternalDataSources, func(c *model.ExternalDataSource) model.Meta { return c.Meta })
	indexAll(g, g.authProviders, tree.AuthProviders, func(c *model.Component) model.Meta { return c.Meta })
	indexAll(g, g.eaips, tree.ExternalAuthIdentityProviders, func(c *model.Component) model.Meta { return c.Meta })
	indexAll(g, g.outbound, tree.OutboundNetworkConnections, func(c *model.Component) model.Meta { return c.Meta })
	g.linkGrants()
	g.linkGroups()
	g.linkCallers()
	g.linkUsers()
	g.linkSubscriberConfigs()
	for _, grp := range tree.PermissionSetGroups {
		g.units[grp] = g.groupUnit(grp)
	}
	for _, c := range tree.Certificates {
		k := foldKey(strings.TrimSpace(c.MasterLabel.Value))
		g.certLabels[k] = append(g.certLabels[k], c)
	}
	return g
}

// linkUsers indexes named credentials by the external credentials their
// Authentication parameters name, so NamedCredentialsUsing costs the size
// of its answer, not a scan of every named credential.
func (g *Graph) linkUsers() {
	foldKeys := map[string]bool{}
	for _, nc := range g.Tree.NamedCredentials {
		var seen []*model.ExternalCredential // an nc is listed once per ec
		for _, ref := range AuthenticationOf(nc) {
			foldKeys[strings.ToLower(g.Local(ref.Value))] = true
			ec := g.ExternalCredential(ref.Value)
			if slices.Contains(seen, ec) {
				continue
			}
			seen = append(seen, ec)
			g.ncUsers[ec] = append(g.ncUsers[ec], nc)
		}
	}
	// Each distinct key once: its external credentials are marked once.
	for k := range foldKeys {
		for _, ec := range g.extCreds.fold[k] {
			g.foldUsed[ec] = true
		}
	}
}

// linkSubscriberConfigs indexes the PlatformEventSubscriberConfigs by the
// trigger they configure (platformEventConsumer).
func (g *Graph) linkSubscriberConfigs() {
	g.subscriberConfigs = map[string]*model.PlatformEventSubscriberConfig{}
	for _, c := range g.Tree.SubscriberConfigs {
		if c.Unparsed || c.PlatformEventConsumer.Value == "" {
			continue
		}
		k := strings.ToLower(g.Local(c.PlatformEventConsumer.Value))
		if _, dup := g.subscriberConfigs[k]; !dup {
			g.subscriberConfigs[k] = c
		}
	}
}

// foldKey maps s to a key shared exactly by the strings strings.EqualFold
// considers equal: each rune becomes the smallest rune of its case-folding
// orbit.
func foldKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		m := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			m = min(m, f)
		}
		b.WriteRune(m)
	}
	return b.String()
}

// SubscriberConfig returns the PlatformEventSubscriberConfig whose
// platformEventConsumer names the trigger (case-insensitive), or nil.
func (g *Graph) SubscriberConfig(trigger string) *model.PlatformEventSubscriberConfig {
	return g.subscriberConfigs[strings.ToLower(g.Local(trigger))]
}

// indexAll indexes components: first those of the project's namespace
// (or none) under their local names, then those whose package directory is
// mapped to another namespace under "ns__Name", and under their bare name
// only when no project component has it. A bare reference therefore finds
// the project's component whatever the path order.
func indexAll[T any](g *Graph, ix index[T], cs []T, meta func(T) model.Meta) {
	foreign := func(m model.Meta) bool { return m.Namespace != "" && !strings.EqualFold(m.Namespace, g.Namespace) }
	for _, c := range cs {
		if m := meta(c); !foreign(m) {
			ix.add(g.Local(m.Name), c)
		}
	}
	for _, c := range cs {
		m := meta(c)
		if !foreign(m) {
			continue
		}
		if _, _, prefixed := model.SplitNamespace(m.Name); !prefixed {
			ix.add(strings.ToLower(m.Namespace)+"__"+m.Name, c)
		}
		ix.add(m.Name, c) // kept only when the bare name is free
	}
}

// ComponentNamespace returns the namespace a component belongs to: the
// prefix of its name ("acme" for "acme__Api"), else the namespace of its
// package directory ("" for none).
func ComponentNamespace(m model.Meta) string {
	if ns, _, ok := model.SplitNamespace(m.Name); ok {
		return ns
	}
	return m.Namespace
}

// Local strips the project namespace prefix ("ns__") from name, if present.
// Names with another namespace prefix are returned unchanged.
func (g *Graph) Local(name string) string {
	if g.Namespace == "" {
		return name
	}
	p := g.Namespace + "__"
	if len(name) > len(p) && strings.EqualFold(name[:len(p)], p) {
		return name[len(p):]
	}
	return name
}

// ForeignNamespace returns the namespace prefix of name when it names a
// component of another package ("acme" for "acme__Api" in a project whose
// namespace is not acme), and "" otherwise.
func (g *Graph) ForeignNamespace(name string) string {
	ns, _, ok := strings.Cut(g.Local(name), "__")
	if !ok || ns == "" {
		return ""
	}
	if g.Namespace != "" && strings.EqualFold(ns, g.Namespace) {
		return ""
	}
	return ns
}

func (g *Graph) linkGrants() {
	for _, ps := range g.Tree.PermissionSets {
		for _, a := range ps.PrincipalAccesses {
			ec, principal, ok := model.SplitPrincipal(a.Principal.Value)
			if !ok {
				continue
			}
			k := g.Local(ec) + "-" + principal
			g.grants[k] = append(g.grants[k], Grant{PermissionSet: ps, Access: a})
		}
	}
}

func (g *Graph) linkGroups() {
	for _, grp := range g.Tree.PermissionSetGroups {
		for _, m := range grp.PermissionSets {
			k := g.Local(m.Value)
			g.groupsOf[k] = append(g.groupsOf[k], grp)
		}
	}
}

func (g *Graph) linkCallers() {
	add := func(ref string, c Caller) {
		if ref == "" {
			return
		}
		c.Ref = ref
		c.Target = g.ResolveNamedCredential(ref, c.Namespace)
		g.allCallers = append(g.allCallers, c)
		if c.Target != nil {
			g.callers[c.Target] = append(g.callers[c.Target], c)
		}
	}
	for _, src := range g.Tree.Apex {
		for _, t := range src.Types {
			if _, dup := g.classes[strings.ToLower(t.Name)]; !dup {
				g.classes[strings.ToLower(t.Name)] = src
			}
		}
		for i := range src.Callouts {
			co := &src.Callouts[i]
			add(co.Name, Caller{Kind: CallerApex, Name: src.Name, Span: co.Span, Apex: co, Namespace: src.Namespace})
		}
	}
	for _, s := range g.Tree.ExternalServiceRegistrations {
		for _, t := range ServiceNamedCredentialRefs(s) {
			add(t.Value, Caller{Kind: CallerExternalService, Name: s.Name, Span: t.Span, Namespace: ComponentNamespace(s.Meta)})
		}
	}
	for _, ds := range g.Tree.ExternalDataSources {
		for _, t := range DataSourceNamedCredentialRefs(ds) {
			add(t.Value, Caller{Kind: CallerDataSource, Name: ds.Name, Span: t.Span, Namespace: ComponentNamespace(ds.Meta)})
		}
	}
	for _, f := range g.Tree.Flows {
		for _, a := range f.ActionCalls {
			svc := FlowServiceName(a)
			if svc == "" {
				continue
			}
			s, ok := g.services.exact[g.Local(svc)]
			if !ok {
				continue
			}
			for _, t := range ServiceNamedCredentialRefs(s) {
				add(t.Value, Caller{Kind: CallerFlow, Name: f.Name, Span: a.ActionName.Span, Via: s.Name, Namespace: f.Namespace})
			}
		}
	}
	byLocation := func(a, b Caller) int {
		if c := loc.Compare(a.Span, b.Span); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
			return c
		}
		return cmp.Compare(a.Ref, b.Ref)
	}
	for k := range g.callers {
		slices.SortStableFunc(g.callers[k], byLocation)
	}
	slices.SortStableFunc(g.allCallers, byLocation)
}

// ResolveNamedCredential returns the named credential that code running in
// namespace callerNS reaches with ref ("Name" or "ns__Name"), or nil. An
// unprefixed name resolves in the caller's own namespace first, then among
// the project's components.
//
// Components of a namespace mapped in the configuration are reached from
// other namespaces only as "ns__Name": a bare name from project code never
// resolves to them.
func (g *Graph) ResolveNamedCredential(ref, callerNS string) *model.NamedCredential {
	callerForeign := callerNS != "" && !strings.EqualFold(callerNS, g.Namespace)
	if ns, local, prefixed := model.SplitNamespace(ref); prefixed {
		if g.Namespace != "" && strings.EqualFold(ns, g.Namespace) {
			return g.NamedCredential(local)
		}
		nc := g.namedCreds.exact[strings.ToLower(ns)+"__"+local]
		if nc == nil {
			nc = g.namedCreds.exact[ref] // a component whose own name carries the prefix
		}
		return nc
	}
	if callerForeign {
		if nc := g.namedCreds.exact[strings.ToLower(callerNS)+"__"+ref]; nc != nil {
			return nc
		}
	}
	nc := g.NamedCredential(ref)
	if nc != nil && !callerForeign && nc.Namespace != "" && !strings.EqualFold(nc.Namespace, g.Namespace) {
		return nil // another namespace's component needs its prefix
	}
	return nc
}

// ServiceNamedCredentialRefs returns the named credential references of an
// external service registration (namedCredentialReference, namedCredential),
// skipping empty elements.
func ServiceNamedCredentialRefs(s *model.ExternalServiceRegistration) []model.Text {
	var out []model.Text
	for _, t := range []model.Text{s.NamedCredentialReference, s.NamedCredential} {
		if t.Value != "" {
			out = append(out, t)
		}
	}
	return out
}

// DataSourceNamedCredentialRefs returns the named credential references of
// an external data source: the namedCredential element, and an endpoint of
// the form callout:Name[/path][?query]. The endpoint reference keeps the
// endpoint element's span and carries only the name as Value.
func DataSourceNamedCredentialRefs(ds *model.ExternalDataSource) []model.Text {
	var out []model.Text
	if ds.NamedCredential.Value != "" {
		out = append(out, ds.NamedCredential)
	}
	if name, ok := CalloutName(ds.Endpoint.Value); ok && name != "" {
		out = append(out, model.Text{Value: name, Span: ds.Endpoint.Span})
	}
	return out
}

// CalloutName parses a "callout:Name/path?query" URL. ok is false when s
// does not start with "callout:" (case-insensitive); name is "" when the
// scheme is followed by no name.
func CalloutName(s string) (name string, ok bool) {
	const scheme = "callout:"
	if len(s) < len(scheme) || !strings.EqualFold(s[:len(scheme)], scheme) {
		return "", false
	}
	rest := s[len(scheme):]
	end := 0
	for end < len(rest) && isNameByte(rest[end]) {
		end++
	}
	return rest[:end], true
}

func isNameByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// FlowServiceName returns the external service a flow action calls (the
// part of actionName before the first "."), or "" when the action is not
// an externalService action. Flows write a namespaced registration as
// "ns::Registration.operation"; it is returned as "ns__Registration", the
// form every other lookup resolves (Local, ForeignNamespace).
func FlowServiceName(a model.FlowAction) string {
	if !a.ActionType.Is("externalService") {
		return ""
	}
	name, _, _ := strings.Cut(a.ActionName.Value, ".")
	name = strings.TrimSpace(name)
	if ns, local, ok := strings.Cut(name, "::"); ok && ns != "" && local != "" {
		return ns + "__" + local
	}
	return name
}

// NamedCredential returns the named credential called name (with or
// without the project namespace prefix), or nil.
func (g *Graph) NamedCredential(name string) *model.NamedCredential {
	return g.namedCreds.exact[g.Local(name)]
}

// NamedCredentialFold returns the named credentials whose name equals name ignoring case.
func (g *Graph) NamedCredentialFold(name string) []*model.NamedCredential {
	return g.namedCreds.fold[strings.ToLower(g.Local(name))]
}

// ExternalCredential returns the external credential called name, or nil.
func (g *Graph) ExternalCredential(name string) *model.ExternalCredential {
	return g.extCreds.exact[g.Local(name)]
}

// ExternalCredentialFold returns the external credentials whose name equals name ignoring case.
func (g *Graph) ExternalCredentialFold(name string) []*model.ExternalCredential {
	return g.extCreds.fold[strings.ToLower(g.Local(name))]
}

// PermissionSet returns the (non-muting) permission set called name, or nil.
func (g *Graph) PermissionSet(name string) *model.PermissionSet {
	return g.permSets.exact[g.Local(name)]
}

// MutingPermissionSet returns the muting permission set called name, or nil.
func (g *Graph) MutingPermissionSet(name string) *model.PermissionSet {
	return g.mutingSets.exact[g.Local(name)]
}

// PermissionSetGroup returns the permission set group called name, or nil.
func (g *Graph) PermissionSetGroup(name string) *model.PermissionSetGroup {
	return g.groups.exact[g.Local(name)]
}

// Certificate returns the certificate whose developer name is name, or nil.
func (g *Graph) Certificate(name string) *model.Certificate {
	return g.certs.exact[g.Local(name)]
}

// CertificateFold returns the certificates whose developer name equals name ignoring case.
func (g *Graph) CertificateFold(name string) []*model.Certificate {
	return g.certs.fold[strings.ToLower(g.Local(name))]
}

// CertificateByLabel returns the certificates whose masterLabel equals label ignoring case.
func (g *Graph) CertificateByLabel(label string) []*model.Certificate {
	return slices.Clone(g.certLabels[foldKey(strings.TrimSpace(label))])
}

// ExternalService returns the external service registration called name, or nil.
func (g *Graph) ExternalService(name string) *model.ExternalServiceRegistration {
	return g.services.exact[g.Local(name)]
}

// ExternalDataSource returns the external data source called name, or nil.
func (g *Graph) ExternalDataSource(name string) *model.ExternalDataSource {
	return g.dataSources.exact[g.Local(name)]
}

// AuthProvider returns the auth provider called name, or nil.
func (g *Graph) AuthProvider(name string) *model.Component {
	return g.authProviders.exact[g.Local(name)]
}

// ExternalAuthIdentityProvider returns the external auth identity provider called name, or nil.
func (g *Graph) ExternalAuthIdentityProvider(name string) *model.Component {
	return g.eaips.exact[g.Local(name)]
}

// OutboundNetworkConnection returns the outbound network connection called name, or nil.
func (g *Graph) OutboundNetworkConnection(name string) *model.Component {
	return g.outbound.exact[g.Local(name)]
}

// AuthenticationOf returns the external credential references of a
// new-style named credential: the externalCredential of each Authentication
// parameter, in file order.
func AuthenticationOf(nc *model.NamedCredential) []model.Text {
	var out []model.Text
	for _, p := range nc.ParametersOfType("Authentication") {
		if p.ExternalCredential.Value != "" {
			out = append(out, p.ExternalCredential)
		}
	}
	return out
}

// ExternalCredentialOf returns the external credential a named credential
// authenticates with (its first Authentication parameter), or nil when it
// has none or the external credential is not in the tree.
func (g *Graph) ExternalCredentialOf(nc *model.NamedCredential) *model.ExternalCredential {
	refs := AuthenticationOf(nc)
	if len(refs) == 0 {
		return nil
	}
	return g.ExternalCredential(refs[0].Value)
}

// NamedCredentialsUsing returns the named credentials whose Authentication
// parameter points at ec, sorted by name.
//
// It reads an index built by New: O(answer), so rules may call it per
// external credential.
func (g *Graph) NamedCredentialsUsing(ec *model.ExternalCredential) []*model.NamedCredential {
	return slices.Clone(g.ncUsers[ec])
}

// ExternalCredentialReferencedFold reports whether the Authentication
// parameter of some named credential names ec, ignoring case (as
// ExternalCredentialFold resolves it). It reads an index built by New.
func (g *Graph) ExternalCredentialReferencedFold(ec *model.ExternalCredential) bool {
	return g.foldUsed[ec]
}

// Grants returns the grants of principal on ec by permission sets in the
// tree (enabled or not), in permission set order.
func (g *Graph) Grants(ec *model.ExternalCredential, principal string) []Grant {
	return g.grants[g.Local(ec.Name)+"-"+principal]
}

// AllGrants returns every principal grant of every permission set, in tree order.
func (g *Graph) AllGrants() []Grant {
	var out []Grant
	for _, ps := range g.Tree.PermissionSets {
		for _, a := range ps.PrincipalAccesses {
			out = append(out, Grant{PermissionSet: ps, Access: a})
		}
	}
	return out
}

// GroupsContaining returns the permission set groups that list ps.
func (g *Graph) GroupsContaining(ps *model.PermissionSet) []*model.PermissionSetGroup {
	return g.groupsOf[g.Local(ps.Name)]
}

// CallersOf returns the callers of nc (Apex callouts, external services,
// data sources, flows through external services), sorted by location.
func (g *Graph) CallersOf(nc *model.NamedCredential) []Caller {
	return g.callers[nc]
}

// AllCallers returns every caller reference in the tree, whether or not the
// named credential it names exists, sorted by location.
func (g *Graph) AllCallers() []Caller {
	return g.allCallers
}

// ApexClass returns the Apex file declaring the type called name
// (case-insensitive, as Apex is), or nil.
func (g *Graph) ApexClass(name string) *model.ApexSource {
	return g.classes[strings.ToLower(g.Local(name))]
}

// CertRef is a reference to a certificate by developer name.
type CertRef struct {
	// Ref is the referencing element (its Value is the certificate name).
	Ref model.Text
	// Kind and Name identify the referencing component.
	Kind model.Kind
	Name string
	// Element names the referencing element for messages, e.g.
	// "ClientCertificate parameter" or "<jwtSigningCertificate>".
	Element string
}

// CertificateRefs returns every certificate reference in the tree: named
// credential ClientCertificate parameters and legacy certificate and
// jwtSigningCertificate elements, external credential SigningCertificate
// parameters, external data source certificates, the Identity Provider
// settings' certificateName, and SAML SSO configs' decryptionCertificate
// (and requestSigningCertId when it names a certificate in the tree rather
// than a record ID). Sorted by location.
func (g *Graph) CertificateRefs() []CertRef {
	var out []CertRef
	add := func(t model.Text, kind model.Kind, name, element string) {
		if t.Value != "" {
			out = append(out, CertRef{Ref: t, Kind: kind, Name: name, Element: element})
		}
	}
	for _, nc := range g.Tree.NamedCredentials {
		for _, p := range nc.ParametersOfType("ClientCertificate") {
			add(p.Certificate, model.KindNamedCredential, nc.Name, "ClientCertificate parameter")
		}
		add(nc.Certificate, model.KindNamedCredential, nc.Name, "<certificate>")
		add(nc.JwtSigningCertificate, model.KindNamedCredential, nc.Name, "<jwtSigningCertificate>")
	}
	for _, ec := range g.Tree.ExternalCredentials {
		for _, p := range ec.Parameters {
			if p.Type.Is("SigningCertificate") {
				add(p.Certificate, model.KindExternalCredential, ec.Name, "SigningCertificate parameter")
			}
		}
	}
	for _, ds := range g.Tree.ExternalDataSources {
		add(ds.Certificate, model.KindExternalDataSource, ds.Name, "<certificate>")
	}
	for _, s := range g.Tree.IdentityProviderSettings {
		add(s.CertificateName, model.KindIdentityProviderSettings, s.Name, "<certificateName>")
	}
	for _, c := range g.Tree.SamlSsoConfigs {
		add(c.DecryptionCertificate, model.KindSamlSsoConfig, c.Name, "<decryptionCertificate>")
		if g.Certificate(c.RequestSigningCertID.Value) != nil {
			// Usually a record ID; counted only when it names a certificate here.
			add(c.RequestSigningCertID, model.KindSamlSsoConfig, c.Name, "<requestSigningCertId>")
		}
	}
	slices.SortStableFunc(out, func(a, b CertRef) int { return loc.Compare(a.Ref.Span, b.Ref.Span) })
	return out
}
