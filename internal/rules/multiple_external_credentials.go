package rules

import (
	"fmt"

	"github.com/nclint/nclint/internal/lint"
)

// MultipleExternalCredentials (NC503) reports named credentials with more
// than one Authentication parameter.
var MultipleExternalCredentials = &lint.Rule{
	ID:        "NC503",
	Name:      "multiple-external-credentials",
	Level:     lint.LevelError,
	Precision: "very-high",
	Tags:      []string{"deploy", "metadata"},
	Short:     "Named credential with more than one Authentication parameter",
	Full: "A named credential has more than one namedCredentialParameters entry of type Authentication. " +
		"Since API 58 a named credential links exactly one external credential; the deploy fails, or only one " +
		"of them is used and callouts authenticate differently from what the file suggests.",
	Help: `## Why it breaks

A new-style named credential authenticates through one external credential, named in its single
` + "`Authentication`" + ` parameter. Files merged by hand, or copied between projects, sometimes end up with two.
Salesforce accepts only one external credential per named credential (since API 58).

## How to fix

Keep one ` + "`Authentication`" + ` parameter; create a second named credential for the other external credential:

` + "```xml" + `
<namedCredentialParameters>
    <externalCredential>Billing_EC</externalCredential>
    <parameterName>ExternalCredential</parameterName>
    <parameterType>Authentication</parameterType>
</namedCredentialParameters>
` + "```" + `

## References

- Connect REST API, Named Credential resource: "In version 58.0 and later, only one external credential is supported": https://developer.salesforce.com/docs/atlas.en-us.chatterapi.meta/chatterapi/connect_resources_setup_named_credential.htm
- Apex Reference, ConnectApi.NamedCredentialInput (` + "`externalCredentials`" + `: only one external credential is supported from 58.0): https://developer.salesforce.com/docs/platform/apex-ref/references/apex-ref/apex-connectapi-input-named-credential.html
- Metadata API Developer Guide, NamedCredential (` + "`Authentication`" + ` parameter): https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_namedcredential.htm
`,
	Check: checkMultipleExternalCredentials,
}

func checkMultipleExternalCredentials(pass *lint.Pass) {
	for _, nc := range pass.Graph.Tree.NamedCredentials {
		auth := nc.ParametersOfType("Authentication")
		if len(auth) < 2 {
			continue
		}
		first := auth[0]
		for _, p := range auth[1:] {
			pass.Report(lint.Finding{
				Message: fmt.Sprintf("Named credential %s has another Authentication parameter (external credential %q) after %q; "+
					"a named credential uses exactly one external credential, so the deploy fails. Keep one and create a separate "+
					"named credential for the other.", nc.Name, p.ExternalCredential.Value, first.ExternalCredential.Value),
				Span:     p.Span,
				Related:  []lint.Related{{Span: first.Span, Message: "first Authentication parameter"}},
				Identity: "NamedCredential:" + nc.Name + "|auth:" + p.ExternalCredential.Value,
			})
		}
	}
}
