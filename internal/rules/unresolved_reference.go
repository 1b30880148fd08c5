package rules

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
)

// UnresolvedReference (NC501) reports references to components that are
// not in the tree.
var UnresolvedReference = &lint.Rule{
	ID:        "NC501",
	Name:      "unresolved-reference",
	Level:     lint.LevelWarning,
	Precision: "high",
	Tags:      []string{"reference", "deploy"},
	Short:     "Reference to a component that is not in the tree",
	Full: "A reference names a component that no scanned package directory contains: a named credential's " +
		"external credential or outbound network connection, an external credential's auth provider or external " +
		"auth identity provider, the named credential of an Apex callout:, an External Service Registration or an " +
		"External Data Source, the External Service of a flow action, a permission set of a permission set group, " +
		"or the external credential of a $Credential.EC.Param merge field. The deploy fails unless the component " +
		"already exists in the target org; if it does, list it under org: in .nclint.yml. Names with another " +
		"package's namespace prefix are not checked (they come with installed packages), nor named credentials generated " +
		"by tools such as DevOps Center (named after a record ID); certificates are NC301's.",
	Help: `## Why it breaks

Salesforce resolves these references by developer name when the metadata deploys or when the code runs. A
component missing from the source tree makes the deploy fail with "invalid cross reference" or
"no NamedCredential named …", or, for Apex ` + "`callout:`" + ` strings, which are only checked at run time,
makes every callout fail with "The callout couldn't access the endpoint" in production.

Components kept only in the org (often credentials created by hand) are reported too, because a new org
(scratch org, fresh sandbox) will not have them. Declare them in ` + "`.nclint.yml`" + `:

` + "```yaml" + `
org:
  named_credentials: [Billing_API]
  external_credentials: [Legacy_EC]
  permission_sets: [Manually_Managed_PS]
  external_services: [OpenAiGpt40]
  auth_providers: [Google]
` + "```" + `

## How to fix

Retrieve the missing component into the project (` + "`sf project retrieve start -m NamedCredential:Inventory_API`" + `),
or correct the name (developer names, not labels):

` + "```xml" + `
<namedCredentialParameters>
    <externalCredential>Inventory_EC</externalCredential>
    <parameterName>ExternalCredential</parameterName>
    <parameterType>Authentication</parameterType>
</namedCredentialParameters>
` + "```" + `
`,
	Check: checkUnresolvedReference,
}

// reference is one name-based link from a component to another.
type reference struct {
	from   string // "Named credential Billing_API"
	target string // "external credential"
	name   string // the name as written
	span   loc.Span
	// exists reports whether the named component is in the tree.
	exists bool
	// inOrg lists the names declared in the configuration for this type.
	inOrg []string
	// orgKey is the .nclint.yml key for this type ("" when there is none).
	orgKey string
	// candidates are the local names of components of the target type.
	candidates []string
	// runtime marks references resolved only when code runs (Apex strings).
	runtime bool
}

func checkUnresolvedReference(pass *lint.Pass) {
	g := pass.Graph
	for _, r := range collectReferences(g, pass.Settings) {
		name := strings.TrimSpace(r.name)
		// Developer names are unique regardless of case; a reference that
		// differs only by case is left alone rather than guessed at.
		if name == "" || r.exists || g.ForeignNamespace(name) != "" || lint.InOrg(r.inOrg, g.Local(name)) ||
			lint.InOrg(r.candidates, g.Local(name)) {
			continue
		}
		if files := unreadHolding(g, r.target); len(files) > 0 {
			pass.NotEvaluated(r.target+" "+name+" (referenced by "+r.from+")", files...)
			continue // it may be in what could not be read
		}
		hint := didYouMean(suggestName(g.Local(name), r.candidates))
		org := ""
		if r.orgKey != "" {
			org = fmt.Sprintf(" If it exists only in the org, list it under org.%s in .nclint.yml.", r.orgKey)
		}
		impact := "the deploy fails with an invalid cross reference unless it already exists in the target org"
		if r.runtime {
			impact = "Apex does not check this at deploy time, so the callout fails at run time unless it exists in the org"
		}
		pass.Report(lint.Finding{
			Message:  fmt.Sprintf("%s references %s %q, which is not in the tree; %s.%s%s", r.from, r.target, name, impact, hint, org),
			Span:     r.span,
			Identity: r.from + "|" + r.target + ":" + name,
		})
	}
}

// credentialMergeField finds $Credential.<EC>.<Param> in formulas. The
// legacy two-part fields ($Credential.Password) name no external credential.
var credentialMergeField = regexp.MustCompile(`\$Credential\.([A-Za-z][A-Za-z0-9_]*)\.[A-Za-z][A-Za-z0-9_]*`)

func collectReferences(g *graph.Graph, s *lint.Settings) []reference {
	var refs []reference
	ecNames := localNames(g, g.Tree.ExternalCredentials, func(c *model.ExternalCredential) string { return c.Name })
	ncNames := localNames(g, g.Tree.NamedCredentials, func(c *model.NamedCredential) string { return c.Name })
	apNames := localNames(g, g.Tree.AuthProviders, func(c *model.Component) string { return c.Name })
	eaipNames := localNames(g, g.Tree.ExternalAuthIdentityProviders, func(c *model.Component) string { return c.Name })
	oncNames := localNames(g, g.Tree.OutboundNetworkConnections, func(c *model.Component) string { return c.Name })
	esrNames := localNames(g, g.Tree.ExternalServiceRegistrations, func(c *model.ExternalServiceRegistration) string { return c.Name })
	psNames := localNames(g, g.Tree.PermissionSets, func(c *model.PermissionSet) string { return c.Name })
	mpsNames := localNames(g, g.Tree.MutingPermissionSets, func(c *model.PermissionSet) string { return c.Name })

	ecRef := func(from string, t model.Text) reference {
		return reference{from: from, target: "external credential", name: t.Value, span: t.Span,
			exists: g.ExternalCredential(t.Value) != nil, inOrg: s.Org.ExternalCredentials, orgKey: "external_credentials", candidates: ecNames}
	}
	mergeFields := func(from string, t model.Text) {
		for _, m := range credentialMergeField.FindAllStringSubmatch(t.Value, -1) {
			refs = append(refs, ecRef(from, model.Text{Value: m[1], Span: t.Span}))
		}
	}

	for _, nc := range g.Tree.NamedCredentials {
		if generatedFromRecord(nc.Name) {
			// Generated and owned by a tool such as DevOps Center, whose
			// auth providers live in the org.
			continue
		}
		from := "Named credential " + nc.Name
		for _, p := range nc.Parameters {
			if p.ExternalCredential.Value != "" {
				refs = append(refs, ecRef(from, p.ExternalCredential))
			}
			if p.OutboundNetworkConnection.Value != "" {
				refs = append(refs, reference{from: from, target: "outbound network connection", name: p.OutboundNetworkConnection.Value,
					span: p.OutboundNetworkConnection.Span, exists: g.OutboundNetworkConnection(p.OutboundNetworkConnection.Value) != nil, candidates: oncNames})
			}
			mergeFields(from, p.Value)
		}
		if t := nc.OutboundNetworkConnection; t.Value != "" {
			refs = append(refs, reference{from: from, target: "outbound network connection", name: t.Value, span: t.Span,
				exists: g.OutboundNetworkConnection(t.Value) != nil, candidates: oncNames})
		}
		if t := nc.AuthProvider; t.Value != "" {
			refs = append(refs, reference{from: from, target: "auth provider", name: t.Value, span: t.Span,
				exists: g.AuthProvider(t.Value) != nil, inOrg: s.Org.AuthProviders, orgKey: "auth_providers", candidates: apNames})
		}
	}
	for _, ec := range g.Tree.ExternalCredentials {
		from := "External credential " + ec.Name
		for _, p := range ec.Parameters {
			if t := p.AuthProvider; t.Value != "" {
				refs = append(refs, reference{from: from, target: "auth provider", name: t.Value, span: t.Span,
					exists: g.AuthProvider(t.Value) != nil, inOrg: s.Org.AuthProviders, orgKey: "auth_providers", candidates: apNames})
			}
			if t := p.ExternalAuthIdentityProvider; t.Value != "" {
				refs = append(refs, reference{from: from, target: "external auth identity provider", name: t.Value, span: t.Span,
					exists: g.ExternalAuthIdentityProvider(t.Value) != nil, candidates: eaipNames})
			}
			mergeFields(from, p.Value)
		}
	}
	for _, c := range g.AllCallers() {
		if c.Kind == graph.CallerFlow {
			continue // the flow calls the external service, which is checked below
		}
		refs = append(refs, reference{from: callerDescription(c), target: "named credential", name: c.Ref, span: c.Span,
			exists: c.Target != nil, inOrg: s.Org.NamedCredentials, orgKey: "named_credentials", candidates: ncNames,
			runtime: c.Kind == graph.CallerApex})
	}
	for _, src := range g.Tree.Apex {
		for _, cr := range src.CredentialRefs {
			r := ecRef("Apex "+src.Name, model.Text{Value: cr.ExternalCredential, Span: cr.Span})
			r.runtime = true
			refs = append(refs, r)
		}
	}
	for _, f := range g.Tree.Flows {
		for _, a := range f.ActionCalls {
			svc := graph.FlowServiceName(a)
			if svc == "" {
				continue
			}
			refs = append(refs, reference{from: "Flow " + f.Name, target: "external service", name: svc, span: a.ActionName.Span,
				exists: g.ExternalService(svc) != nil, inOrg: s.Org.ExternalServices, orgKey: "external_services", candidates: esrNames})
		}
	}
	for _, grp := range g.Tree.PermissionSetGroups {
		from := "Permission set group " + grp.Name
		for _, t := range grp.PermissionSets {
			refs = append(refs, reference{from: from, target: "permission set", name: t.Value, span: t.Span,
				exists: g.PermissionSet(t.Value) != nil, inOrg: s.Org.PermissionSets, orgKey: "permission_sets", candidates: psNames})
		}
		for _, t := range grp.MutingPermissionSets {
			refs = append(refs, reference{from: from, target: "muting permission set", name: t.Value, span: t.Span,
				exists: g.MutingPermissionSet(t.Value) != nil, candidates: mpsNames})
		}
	}
	return refs
}

// localNames lists the local names of components, for suggestions.
func localNames[T any](g *graph.Graph, cs []T, name func(T) string) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = g.Local(name(c))
	}
	return out
}
