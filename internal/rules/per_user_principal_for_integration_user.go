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
// granted to permission sets meant for integration users: an error when
// the principal needs an interactive OAuth flow, a warning otherwise.
var PerUserPrincipalForIntegrationUser = &lint.Rule{
	ID:        "NC202",
	Name:      "per-user-principal-for-integration-user",
	Level:     lint.LevelError,
	Precision: "high",
	Tags:      []string{"access", "service-context", "callout"},
	Short:     "Per-user principal granted to integration users",
	Full: "A permission set meant for integration users (license SalesforceAPIIntegrationPsl, Salesforce API Integration " +
		"or Cloud Integration User), or a permission set group that contains one, grants a PerUserPrincipal. Integration " +
		"users are API-only: they can never complete the browser OAuth flow a per-user OAuth principal needs (error). For " +
		"Basic, Custom, AWS and non-browser OAuth per-user principals it is not documented whether an API-only user can " +
		"store credentials through the Connect API (warning).",
	Help: `## Why it breaks

A per-user principal holds one set of credentials per user, which each user stores once (External Credentials in
their personal settings). Until the running user has stored them, every callout throws, before any request is
sent, ` + "`System.CalloutException: We couldn't access the credential(s). You might not have the required permissions, or the external credential \"X\" might not exist.`" + `

Integration users log in only through the API and never see a browser:

- An external credential with ` + "`authenticationProtocol`" + ` ` + "`Oauth`" + ` and no ` + "`AuthProtocolVariant`" + ` parameter uses the
  browser (authorization code) flow. An integration user can never complete it: **error**.
- For Basic, Custom and AWS per-user principals, and OAuth variants that need no browser (JWT bearer, client
  credentials), credentials could in principle be stored through the Connect API (` + "`ConnectApi.NamedCredentials.createCredential`" + `).
  Salesforce does not document whether an API-only user can do that for itself, so nclint assumes the callouts
  fail and reports a **warning**.

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

## References

- Salesforce Help on the Salesforce Integration user license and the SalesforceAPIIntegrationPsl permission
  set license (API-only users, no UI login).
- Named Credentials Developer Guide, "Use an OAuth named credential in a callout" (per-user principals need
  each user to authenticate).
- Apex Reference, ` + "`ConnectApi.NamedCredentials`" + ` (createCredential stores a user's credentials; whether an
  API-only user may call it for itself is not documented: assumption).
`,
	Check: checkPerUserPrincipalForIntegrationUser,
}

// needsBrowserFlow reports whether a per-user principal of ec can only be
// authorized interactively: OAuth with no AuthProtocolVariant is the
// browser (authorization code) flow.
func needsBrowserFlow(ec *model.ExternalCredential) bool {
	if !ec.AuthenticationProtocol.Is("Oauth") {
		return false
	}
	for _, p := range ec.Parameters {
		if p.Type.Is("AuthProtocolVariant") {
			return false
		}
	}
	return true
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
			failure := fmt.Sprintf("System.CalloutException: We couldn't access the credential(s). You might not have the "+
				"required permissions, or the external credential %q might not exist.", ec.Name)
			level := lint.LevelError
			msg := fmt.Sprintf("Per-user principal %q of %s is granted by %s; it needs each user to complete an OAuth "+
				"browser flow, which API-only integration users never can, so their callouts throw %s Grant them a named "+
				"principal instead.", p.Name.Value, ec.Name, who, failure)
			if !needsBrowserFlow(ec) {
				level = lint.LevelWarning
				msg = fmt.Sprintf("Per-user principal %q of %s (authenticationProtocol %s) is granted by %s; integration users "+
					"are API-only, and Salesforce does not document whether they can store their own credentials through the "+
					"Connect API, so nclint assumes their callouts throw %s Grant them a named principal instead.",
					p.Name.Value, ec.Name, ec.AuthenticationProtocol.Value, who, failure)
			}
			pass.Report(lint.Finding{
				Level:    level,
				Message:  msg,
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
