package rules

import (
	"fmt"

	"github.com/nclint/nclint/internal/lint"
)

// EndpointQueryString (NC603) reports named credential URLs with a query string.
var EndpointQueryString = &lint.Rule{
	ID:        "NC603",
	Name:      "endpoint-query-string",
	Level:     lint.LevelWarning,
	Precision: "very-high",
	Tags:      []string{"callout"},
	Short:     "Named credential URL with a query string",
	Full: "A named credential URL (Url parameter or legacy <endpoint>) contains a query string (\"?\"). The Setup page " +
		"refuses such a URL (\"Can include a path but not a query string\"), and callouts append their own path after " +
		"the URL, so callout:NC/items is sent to .../v1?format=json/items. Values rewritten by an sfdx-project.json " +
		"replacement are checked without the replaced part.",
	Help: `## Why it breaks

A named credential URL is the root of every callout made through it. Apex and External Services add the
path of each request after it: with the URL ` + "`https://api.example.com/v1?format=json`" + `,
` + "`callout:Orders_API/orders`" + ` is sent to ` + "`https://api.example.com/v1?format=json/orders`" + `, and the server sees
a query parameter ` + "`format`" + ` with the value ` + "`json/orders`" + ` and the path ` + "`/v1`" + `. The Setup page rejects a URL
with a query string for that reason ("Can include a path but not a query string"), so the next person who
edits the credential in Setup cannot save it. Query parameters carrying a key are also a secret in source
(see NC601).

## How to fix

Keep only the scheme, host and path in the named credential, and add query parameters in each callout:

` + "```xml" + `
<namedCredentialParameters>
    <parameterName>Url</parameterName>
    <parameterType>Url</parameterType>
    <parameterValue>https://api.example.com/v1</parameterValue>
</namedCredentialParameters>
` + "```" + `

` + "```apex" + `
req.setEndpoint('callout:Orders_API/orders?format=json');
` + "```" + `

## References

- Salesforce Help, "Create or Edit a Named Credential": the URL "Must begin with https://. Can include a path but not a query string": https://help.salesforce.com/s/articleView?id=xcloud.nc_create_edit_named_credential.htm
- Apex Developer Guide, "Named Credentials as Callout Endpoints" (the callout path is appended to the named credential's URL): https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_callouts_named_credentials.htm
`,
	Check: checkEndpointQueryString,
}

func checkEndpointQueryString(pass *lint.Pass) {
	repl := newReplacements(pass.Graph.Tree.Settings)
	for _, e := range endpoints(pass.Graph.Tree) {
		if !e.namedCredentialURL || !splitURL(repl.strip(e.value.Value)).hasQuery {
			continue
		}
		url := displayURL(e.value.Value)
		pass.Report(lint.Finding{
			Message: fmt.Sprintf("Named credential %s: %s %s has a query string. The Setup page refuses it, and callouts "+
				"append their path after the URL (callout:%s/items is sent to %s/items), so the query ends up in the wrong "+
				"place. Keep the scheme, host and path here and add query parameters in each callout "+
				"(callout:%s/items?format=json).", e.component, e.where, url, e.component, url, e.component),
			Span:     e.value.Span,
			Identity: "NamedCredential:" + e.component + "|" + e.id + "|query",
		})
	}
}
