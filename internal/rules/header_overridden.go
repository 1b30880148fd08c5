package rules

import (
	"fmt"
	"strings"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/lint"
)

// HeaderOverridden (NC606) reports a named credential HttpHeader with the
// name of an AuthHeader of its external credential: the named credential's
// header replaces the external credential's.
var HeaderOverridden = &lint.Rule{
	ID:        "NC606",
	Name:      "header-overridden",
	Level:     lint.LevelWarning,
	Precision: "high",
	Tags:      []string{"metadata", "headers"},
	Short:     "Named credential header that replaces an authentication header of its external credential",
	Full: "A named credential has an HttpHeader parameter with the same name (compared case-insensitively, as HTTP " +
		"compares header names) as an AuthHeader parameter of the external credential it authenticates with, and a " +
		"different value. Salesforce sends the named credential's header in place of the external credential's, so the " +
		"authentication header the external credential defines never reaches the remote system through this named " +
		"credential.",
	Help: `## Why it breaks

Named credentials and external credentials can both define custom headers: ` + "`HttpHeader`" + ` parameters on the named
credential, ` + "`AuthHeader`" + ` parameters on the external credential (in both, ` + "`parameterName`" + ` is the header
name and ` + "`parameterValue`" + ` a formula). A callout combines them, and Salesforce documents that headers from named
credentials overwrite headers from external credentials when the names are the same. The external credential's header
is usually the one that authenticates (an API key from the principal, ` + "`Bearer {!$Credential.…}`" + `); a named
credential header of the same name, often a leftover placeholder or a copy made for testing, silently replaces it, and
the remote system answers 401 or 403 although the external credential looks right.

HTTP header names are case-insensitive, so names that differ only in case (` + "`X-Api-Key`" + ` and
` + "`x-api-key`" + `) name the same header: whether Salesforce replaces one with the other or sends both, the remote
system does not get the external credential's value alone. nclint reports them too. A named credential header with the
same value as the external credential's changes nothing and is not reported.

## How to fix

Keep authentication headers on the external credential and remove the named credential's copy (or rename it, if the
remote system really expects a second, different header):

` + "```xml" + `
<!-- externalCredentials/Ledger_EC.externalCredential-meta.xml: keep -->
<externalCredentialParameters>
    <parameterGroup>DefaultGroup</parameterGroup>
    <parameterName>X-Api-Key</parameterName>
    <parameterType>AuthHeader</parameterType>
    <parameterValue>{!$Credential.Ledger_EC.ApiKey}</parameterValue>
    <sequenceNumber>1</sequenceNumber>
</externalCredentialParameters>

<!-- namedCredentials/Ledger_API.namedCredential-meta.xml: delete this parameter -->
<namedCredentialParameters>
    <parameterName>X-Api-Key</parameterName>
    <parameterType>HttpHeader</parameterType>
    <parameterValue>test</parameterValue>
</namedCredentialParameters>
` + "```" + `

## References

- Salesforce Help, "Create and Edit Custom Headers" (xcloud.nc_create_custom_headers.htm): "Headers from named
  credentials overwrite headers from external credentials if the names duplicate."
- Salesforce Help, "Use Custom Headers with Credentials" (xcloud.nc_cred_custom_headers.htm): it's best to associate
  headers with the external credential, which encapsulates authentication details.
- RFC 9110, section 5.1: HTTP field names are case-insensitive.
`,
	Check: checkHeaderOverridden,
}

func checkHeaderOverridden(pass *lint.Pass) {
	g := pass.Graph
	for _, nc := range g.Tree.NamedCredentials {
		headers := nc.ParametersOfType("HttpHeader")
		if len(headers) == 0 {
			continue
		}
		seenEC := map[string]bool{}
		for _, ref := range graph.AuthenticationOf(nc) {
			ec := g.ExternalCredential(ref.Value)
			if ec == nil || seenEC[ec.Name] {
				continue
			}
			seenEC[ec.Name] = true
			for _, h := range headers {
				name := strings.TrimSpace(h.Name.Value)
				if name == "" {
					continue
				}
				for _, a := range ec.Parameters {
					if !a.Type.Is("AuthHeader") || !strings.EqualFold(strings.TrimSpace(a.Name.Value), name) {
						continue
					}
					if a.Value.Value == h.Value.Value {
						continue // the same header sent either way
					}
					what := fmt.Sprintf("has the same name as AuthHeader %q of its external credential %s, and headers from "+
						"named credentials overwrite headers from external credentials of the same name, so callouts through %s "+
						"send the named credential's value instead of the one %s defines", a.Name.Value, ec.Name, nc.Name, ec.Name)
					if a.Name.Value != h.Name.Value {
						what = fmt.Sprintf("names the same HTTP header as AuthHeader %q of its external credential %s (header "+
							"names are case-insensitive). Headers from named credentials overwrite headers from external credentials "+
							"of the same name; whether Salesforce also matches names that differ only in case is not documented, but "+
							"either way callouts through %s do not send the value %s defines alone", a.Name.Value, ec.Name, nc.Name, ec.Name)
					}
					pass.Report(lint.Finding{
						Message: fmt.Sprintf("Named credential %s: HttpHeader %q %s. "+
							"Remove the HttpHeader parameter (keep authentication headers on the external credential), "+
							"or rename it if the remote system expects a different header.",
							nc.Name, h.Name.Value, what),
						Span: h.Name.Span,
						Related: []lint.Related{{Span: a.Name.Span,
							Message: fmt.Sprintf("AuthHeader %q of external credential %s", a.Name.Value, ec.Name)}},
						Identity: "NamedCredential:" + nc.Name + "|HttpHeader:" + strings.ToLower(name) + "|ExternalCredential:" + ec.Name,
					})
					break
				}
			}
		}
	}
}
