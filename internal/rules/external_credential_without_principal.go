package rules

import (
	"fmt"
	"strings"

	"github.com/nclint/nclint/internal/lint"
)

// ExternalCredentialWithoutPrincipal (NC502) reports external credentials
// that define no principal.
var ExternalCredentialWithoutPrincipal = &lint.Rule{
	ID:        "NC502",
	Name:      "external-credential-without-principal",
	Level:     lint.LevelError,
	Precision: "very-high",
	Tags:      []string{"access", "callout"},
	Short:     "External credential with no principal",
	Full: "An external credential has no NamedPrincipal, PerUserPrincipal or AwsStsPrincipal parameter. No " +
		"permission set can grant access to it, so every callout through a named credential that uses it fails. " +
		"Error when a named credential in the tree uses it, warning otherwise.",
	Help: `## Why it breaks

Users reach an external credential through one of its principals, granted by an
` + "`externalCredentialPrincipalAccesses`" + ` entry on a permission set. Without a principal there is nothing to
grant: callouts fail with "We couldn't access the credential(s)" for every user, including admins. This happens
when an external credential is created in Setup and retrieved before a principal was added, or when the principal
parameters were deleted from the file by hand.

## How to fix

Add a principal (and grant it in a permission set):

` + "```xml" + `
<externalCredentialParameters>
    <parameterGroup>Integration</parameterGroup>
    <parameterName>Integration</parameterName>
    <parameterType>NamedPrincipal</parameterType>
    <sequenceNumber>1</sequenceNumber>
</externalCredentialParameters>
` + "```" + `

## References

- Salesforce Help, Troubleshooting for Named Credentials (callouts need access to a principal of the external credential): https://help.salesforce.com/s/articleView?id=xcloud.nc_troubleshoot.htm
- Metadata API Developer Guide, ExternalCredential (principal parameter types ` + "`NamedPrincipal`, `PerUserPrincipal`, `AwsStsPrincipal`" + `): https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_externalcredential.htm
- Metadata API Developer Guide, PermissionSet (` + "`externalCredentialPrincipalAccesses`" + `): https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_permissionset.htm
`,
	Check: checkExternalCredentialWithoutPrincipal,
}

func checkExternalCredentialWithoutPrincipal(pass *lint.Pass) {
	g := pass.Graph
	for _, ec := range g.Tree.ExternalCredentials {
		if len(ec.Principals()) > 0 || ec.Unparsed {
			continue
		}
		users := g.NamedCredentialsUsing(ec)
		level := lint.LevelWarning
		impact := "no permission set can grant access to it, so it cannot be used for callouts"
		var related []lint.Related
		if len(users) > 0 {
			level = lint.LevelError
			var names []string
			for _, nc := range users {
				names = append(names, nc.Name)
				for _, p := range nc.ParametersOfType("Authentication") {
					if strings.EqualFold(g.Local(p.ExternalCredential.Value), g.Local(ec.Name)) {
						related = append(related, lint.Related{Span: p.ExternalCredential.Span, Message: "named credential " + nc.Name + " uses " + ec.Name})
					}
				}
			}
			impact = "no permission set can grant access to it, so every callout through " + strings.Join(names, ", ") + " fails"
		}
		pass.Report(lint.Finding{
			Level: level,
			Message: fmt.Sprintf("External credential %s has no principal (NamedPrincipal, PerUserPrincipal or AwsStsPrincipal): %s. "+
				"Add a principal and grant it in a permission set.", ec.Name, impact),
			Span:     ec.Root,
			Related:  related,
			Identity: "ExternalCredential:" + ec.Name,
		})
	}
}
