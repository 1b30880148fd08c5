package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/model"
)

// UnusedExternalCredential (NC904) reports external credentials that no
// named credential in the tree authenticates with.
var UnusedExternalCredential = &lint.Rule{
	ID:        "NC904",
	Name:      "unused-external-credential",
	Level:     lint.LevelNote,
	Precision: "medium",
	Tags:      []string{"metadata", "maintainability"},
	Short:     "External credential that no named credential uses",
	Full: "No named credential in the tree has an Authentication parameter naming the external credential, so no " +
		"callout can use it: it is left over from a migration or a deleted integration, or its named credential was " +
		"never committed. Not reported: when the tree has no named credentials at all (named credentials, with their " +
		"per-environment URLs, are often kept out of source, so nothing can be concluded), and external credentials " +
		"of another namespace than the project's (a managed package's component, or a package directory mapped to " +
		"another namespace), whose named credentials may live in the subscriber org. A reference that differs only in " +
		"case counts as a use.",
	Help: `## Why it breaks

An external credential does nothing on its own: callouts go through a named credential whose ` + "`Authentication`" + `
parameter names it. One that no named credential uses still carries principals, permission set grants and, in the
org, stored secrets that nobody reviews. Often it is the half of a migration whose named credential was never
committed, and the deploy to a fresh org then leaves the integration without an endpoint.

## How to fix

Commit the named credential that uses it, or delete the external credential together with the permission set
grants of its principals. A named credential uses an external credential through its ` + "`Authentication`" + `
parameter:

` + "```xml" + `
<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <allowMergeFieldsInBody>false</allowMergeFieldsInBody>
    <allowMergeFieldsInHeader>false</allowMergeFieldsInHeader>
    <calloutStatus>Enabled</calloutStatus>
    <generateAuthorizationHeader>true</generateAuthorizationHeader>
    <label>Billing API</label>
    <namedCredentialParameters>
        <parameterName>Url</parameterName>
        <parameterType>Url</parameterType>
        <parameterValue>https://api.example.com/v1</parameterValue>
    </namedCredentialParameters>
    <namedCredentialParameters>
        <externalCredential>Billing_EC</externalCredential>
        <parameterName>ExternalCredential</parameterName>
        <parameterType>Authentication</parameterType>
    </namedCredentialParameters>
    <namedCredentialType>SecuredEndpoint</namedCredentialType>
</NamedCredential>
` + "```" + `

## References

- Salesforce Help, "Create or Edit a Named Credential" (a named credential links one external credential, which holds the authentication): https://help.salesforce.com/s/articleView?id=xcloud.nc_create_edit_named_credential.htm
- Metadata API Developer Guide, NamedCredential (` + "`Authentication`" + ` parameter with ` + "`externalCredential`" + `): https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_namedcredential.htm
`,
	Check: checkUnusedExternalCredential,
}

func checkUnusedExternalCredential(pass *lint.Pass) {
	g := pass.Graph
	if len(g.Tree.NamedCredentials) == 0 && len(g.UnreadAreas(model.KindNamedCredential)) == 0 {
		return
	}
	for _, ec := range g.Tree.ExternalCredentials {
		if ns := graph.ComponentNamespace(ec.Meta); ns != "" && !strings.EqualFold(ns, g.Namespace) {
			continue
		}
		if len(g.NamedCredentialsUsing(ec)) > 0 || referencedIgnoringCase(g, ec) {
			continue
		}
		// A named credential that could not be read may be the user, if
		// its bytes name the external credential.
		if files := g.UnreadMentioning(ec.Name, model.KindNamedCredential); len(files) > 0 {
			pass.NotEvaluated("external credential "+ec.Name, files...)
			continue
		}
		var related []lint.Related
		var grantedBy []string
		for _, p := range ec.Principals() {
			for _, gr := range g.Grants(ec, p.Name.Value) {
				related = append(related, lint.Related{
					Span:    gr.Access.Span,
					Message: fmt.Sprintf("permission set %s grants principal %q", gr.PermissionSet.Name, p.Name.Value),
				})
				if !slices.Contains(grantedBy, gr.PermissionSet.Name) {
					grantedBy = append(grantedBy, gr.PermissionSet.Name)
				}
			}
		}
		also := ""
		if len(grantedBy) > 0 {
			also = " and the grants in " + strings.Join(grantedBy, ", ")
		}
		pass.Report(lint.Finding{
			Message: fmt.Sprintf("External credential %s is not used by any named credential in the tree (no Authentication "+
				"parameter names it), so no callout can use it. Commit the named credential that uses it, or delete it%s.",
				ec.Name, also),
			Span:     atLine(ec.Root),
			Related:  related,
			Identity: "ExternalCredential:" + ec.Name,
		})
	}
}

// referencedIgnoringCase reports whether some named credential's
// Authentication parameter names ec in another case. Rules about dangling
// references report the spelling; the credential is not unused.
func referencedIgnoringCase(g *graph.Graph, ec *model.ExternalCredential) bool {
	return g.ExternalCredentialReferencedFold(ec) // an index: a scan per external credential was quadratic
}
