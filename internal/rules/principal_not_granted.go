package rules

import (
	"fmt"
	"strings"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/model"
)

// PrincipalNotGranted (NC101) reports principals of external credentials in
// use that no permission set in the tree grants.
var PrincipalNotGranted = &lint.Rule{
	ID:        "NC101",
	Name:      "principal-not-granted",
	Level:     lint.LevelWarning,
	Precision: "high",
	Tags:      []string{"access", "callout"},
	Short:     "External credential principal that no permission set grants",
	Full: "A principal of an external credential used by a named credential is not granted by any permission set " +
		"in the tree (no externalCredentialPrincipalAccesses entry with enabled true). Every user's callout through " +
		"the named credential fails with 401 Unauthorized or \"No valid principal\". Grants made on profiles are " +
		"invisible to metadata. While a permission set file that names the external credential cannot be read (NC901, " +
		"or a notice), the rule reports nothing for that external credential, as the file may hold the grant, and says so in a notice.",
	Help: `## Why it breaks

A callout through a new-style named credential authenticates as one of its external credential's principals,
and only users who have been granted that principal can use it. The grant is an
` + "`externalCredentialPrincipalAccesses`" + ` entry on a permission set. If no permission set in the project grants
the principal, nobody in a freshly deployed org can call out: Salesforce answers 401 Unauthorized or
"We couldn't access the credential(s). You might not have the required permissions, or the external credential
might not exist." A grant with ` + "`<enabled>false</enabled>`" + ` does not count.

Admins can also enable a principal on a profile in Setup. That assignment is not metadata, so nclint cannot
see it; if that is how your org grants the principal, the finding is expected, but the grant will be missing
in every new org (scratch orgs, sandboxes refreshed before the change). To accept such a grant, declare it
in ` + "`.nclint.yml`" + `:

` + "```yaml" + `
org:
  granted_principals: ["Payments_EC-Payments Integration"]   # granted on the Integration profile
` + "```" + `

## How to fix

Grant the principal in a permission set that the calling users (or the integration user) have:

` + "```xml" + `
<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <externalCredentialPrincipalAccesses>
        <enabled>true</enabled>
        <externalCredentialPrincipal>Payments_EC-Payments Integration</externalCredentialPrincipal>
    </externalCredentialPrincipalAccesses>
    <label>Payments Integration</label>
</PermissionSet>
` + "```" + `

The value is the external credential's developer name, a hyphen, and the principal's ` + "`parameterName`" + `
(spaces included). In a namespaced project it may carry the namespace prefix (` + "`ns__Payments_EC-…`" + `).
`,
	Check: checkPrincipalNotGranted,
}

func checkPrincipalNotGranted(pass *lint.Pass) {
	g := pass.Graph
	for _, ec := range g.Tree.ExternalCredentials {
		users := g.NamedCredentialsUsing(ec)
		if len(users) == 0 {
			continue
		}
		// A permission set that could not be read may hold the grant, if
		// its bytes name the external credential.
		if files := g.UnreadMentioning(ec.Name, model.KindPermissionSet); len(files) > 0 {
			pass.NotEvaluated("external credential "+ec.Name, files...)
			continue
		}
		for _, p := range ec.Principals() {
			// An API 54-57 <principal> element mapped the principal to a
			// permission set; NC504 reports that shape, not this rule.
			if p.Name.Value == "" || p.Principal.Value != "" || pass.Settings.PrincipalGrantedInOrg(g.Local(ec.Name), p.Name.Value) {
				continue
			}
			reportUngranted(pass, ec, p, users)
		}
	}
}

func reportUngranted(pass *lint.Pass, ec *model.ExternalCredential, p model.ExternalCredentialParameter, users []*model.NamedCredential) {
	grants := pass.Graph.Grants(ec, p.Name.Value)
	var disabled []graph.Grant
	for _, gr := range grants {
		if gr.Enabled() {
			return
		}
		disabled = append(disabled, gr)
	}
	var ncNames []string
	var related []lint.Related
	for _, nc := range users {
		ncNames = append(ncNames, nc.Name)
		for _, ref := range graph.AuthenticationOf(nc) {
			if pass.Graph.ExternalCredential(ref.Value) == ec {
				related = append(related, lint.Related{Span: ref.Span, Message: "named credential " + nc.Name + " uses " + ec.Name})
			}
		}
	}
	grantName := ec.Name + "-" + p.Name.Value
	msg := fmt.Sprintf("Principal %q of external credential %s is not granted by any permission set, so every callout through %s "+
		"fails with 401 Unauthorized. Add an externalCredentialPrincipalAccesses entry %q with enabled true to a permission set.",
		p.Name.Value, ec.Name, strings.Join(ncNames, ", "), grantName)
	if len(disabled) > 0 {
		var psNames []string
		for _, gr := range disabled {
			psNames = append(psNames, gr.PermissionSet.Name)
			related = append(related, lint.Related{Span: gr.Access.Enabled.Span, Message: "grant disabled in permission set " + gr.PermissionSet.Name})
		}
		msg = fmt.Sprintf("Principal %q of external credential %s is granted only with <enabled>false</enabled> (in %s), so every "+
			"callout through %s fails with 401 Unauthorized. Set enabled to true.",
			p.Name.Value, ec.Name, strings.Join(psNames, ", "), strings.Join(ncNames, ", "))
	}
	msg += " Grants made on profiles are not metadata and nclint cannot see them; prefer a permission set so the grant deploys, " +
		"or list the principal under org.granted_principals in .nclint.yml."
	pass.Report(lint.Finding{
		Message:  msg,
		Span:     p.Name.Span,
		Related:  related,
		Identity: "ExternalCredential:" + ec.Name + "|principal:" + p.Name.Value,
	})
}
