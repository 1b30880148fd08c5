package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/model"
)

// integrationLicenses are permission set licenses and user licenses of
// API-only integration users, compared case-insensitively.
var integrationLicenses = []string{"SalesforceAPIIntegrationPsl", "Salesforce API Integration", "Cloud Integration User"}

func isIntegrationSet(ps *model.PermissionSet, s *lint.Settings) bool {
	for _, l := range slices.Concat(integrationLicenses, s.IntegrationLicenses) {
		if strings.EqualFold(strings.TrimSpace(ps.License.Value), l) {
			return true
		}
	}
	return false
}

// PerUserPrincipalForIntegrationUser (NC202) reports per-user principals
// granted to permission sets meant for integration users.
var PerUserPrincipalForIntegrationUser = &lint.Rule{
	ID:        "NC202",
	Name:      "per-user-principal-for-integration-user",
	Level:     lint.LevelError,
	Precision: "high",
	Tags:      []string{"access", "service-context", "callout"},
	Short:     "Per-user principal granted to integration users",
	Full: "A permission set meant for integration users (license SalesforceAPIIntegrationPsl, Salesforce API Integration " +
		"or Cloud Integration User), or a permission set group that contains one, grants a PerUserPrincipal. Integration " +
		"users are API-only and cannot complete a per-user OAuth flow, so their callouts fail with \"No valid principal\".",
	Help: `## Why it breaks

A per-user principal needs each user to authenticate interactively once (External Credentials in their
personal settings). Integration users log in only through the API and never see a browser, so the principal
never gets credentials and every callout in their context fails.

## How to fix

Grant integration users a **named principal** instead, and keep per-user principals for interactive users:

` + "```xml" + `
<!-- externalCredentials/Partner_OAuth.externalCredential-meta.xml -->
<externalCredentialParameters>
    <parameterGroup>Integration</parameterGroup>
    <parameterName>Integration</parameterName>
    <parameterType>NamedPrincipal</parameterType>
    <sequenceNumber>2</sequenceNumber>
</externalCredentialParameters>

<!-- permissionsets/Partner_Integration.permissionset-meta.xml -->
<externalCredentialPrincipalAccesses>
    <enabled>true</enabled>
    <externalCredentialPrincipal>Partner_OAuth-Integration</externalCredentialPrincipal>
</externalCredentialPrincipalAccesses>
` + "```" + `
`,
	Check: checkPerUserPrincipalForIntegrationUser,
}

func checkPerUserPrincipalForIntegrationUser(pass *lint.Pass) {
	g := pass.Graph
	report := func(ps *model.PermissionSet, via string, related []lint.Related) {
		for _, a := range ps.PrincipalAccesses {
			ec, p := grantedPrincipal(g, a)
			if p == nil || !p.Type.Is(model.PerUserPrincipal) {
				continue
			}
			who := fmt.Sprintf("permission set %s (license %s)", ps.Name, ps.License.Value)
			if via != "" {
				who = fmt.Sprintf("permission set %s, which permission set group %s combines with an integration-user permission set", ps.Name, via)
			}
			pass.Report(lint.Finding{
				Message: fmt.Sprintf("Per-user principal %q of %s is granted by %s; integration users cannot complete a per-user "+
					"OAuth flow, so their callouts fail with \"No valid principal\". Grant them a named principal instead.",
					p.Name.Value, ec.Name, who),
				Span:     a.Principal.Span,
				Related:  append([]lint.Related{{Span: p.Name.Span, Message: "per-user principal " + p.Name.Value}}, related...),
				Identity: "PermissionSet:" + ps.Name + "|grant:" + a.Principal.Value + "|group:" + via,
			})
		}
	}
	for _, ps := range g.Tree.PermissionSets {
		if isIntegrationSet(ps, pass.Settings) {
			report(ps, "", []lint.Related{{Span: ps.License.Span, Message: "integration license"}})
		}
	}
	for _, grp := range g.Tree.PermissionSetGroups {
		var integ *model.PermissionSet
		var members []*model.PermissionSet
		for _, m := range grp.PermissionSets {
			ps := g.PermissionSet(m.Value)
			if ps == nil {
				continue
			}
			members = append(members, ps)
			if integ == nil && isIntegrationSet(ps, pass.Settings) {
				integ = ps
			}
		}
		if integ == nil {
			continue
		}
		for _, ps := range members {
			if !isIntegrationSet(ps, pass.Settings) {
				report(ps, grp.Name, []lint.Related{{Span: integ.License.Span, Message: "integration license of " + integ.Name + " in group " + grp.Name}})
			}
		}
	}
}
