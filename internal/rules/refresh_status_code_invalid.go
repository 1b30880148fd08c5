package rules

import (
	"fmt"
	"strconv"

	"github.com/nclint/nclint/internal/lint"
)

// RefreshStatusCodeInvalid (NC507) reports AdditionalRefreshStatusCode
// parameters of external credentials whose value is not an HTTP status code
// Salesforce refreshes tokens on (4xx or 6xx-9xx).
var RefreshStatusCodeInvalid = &lint.Rule{
	ID:        "NC507",
	Name:      "refresh-status-code-invalid",
	Level:     lint.LevelError,
	Precision: "very-high",
	Tags:      []string{"metadata", "oauth"},
	Short:     "Additional refresh status code that is not 4xx or 6xx-9xx",
	Full: "An external credential parameter of type AdditionalRefreshStatusCode has a value that is not a three-digit " +
		"HTTP status code from 400 to 499 or from 600 to 999 (for example 500, 302 or \"4xx\"). Salesforce accepts only " +
		"those codes as additional token refresh triggers, so the entry cannot do what it says: callouts that get that " +
		"code back are not retried with a fresh token.",
	Help: `## Why it breaks

Some remote systems answer an expired or revoked access token with another status code than 401, for example 400, 403
or a non-standard 6xx. An external credential can list such codes in ` + "`AdditionalRefreshStatusCode`" + ` parameters
(Setup: "Additional Status Codes for Token Refresh"), one code per parameter; on those codes Salesforce refreshes the
token and retries. Salesforce documents the allowed codes as 4xx, 6xx, 7xx, 8xx and 9xx. A 5xx code (a server error,
not an authentication error), a 2xx or 3xx code, a range such as ` + "`4xx`" + ` or a list of codes in one value is not
one of them: it is not a code Salesforce refreshes on, so the callouts that receive it are not retried with a fresh
token (whether the deploy or Setup refuses the value outright is not documented).

## How to fix

Write one allowed three-digit code per parameter. If the remote system answers an expired token with a 5xx code, fix
or work around it on that side (or refresh from Apex); Salesforce does not refresh on server errors.

` + "```xml" + `
<externalCredentialParameters>
    <parameterName>AdditionalRefreshStatusCode</parameterName>
    <parameterType>AdditionalRefreshStatusCode</parameterType>
    <parameterValue>403</parameterValue>
</externalCredentialParameters>
<externalCredentialParameters>
    <parameterName>AdditionalRefreshStatusCode</parameterName>
    <parameterType>AdditionalRefreshStatusCode</parameterType>
    <parameterValue>429</parameterValue>
</externalCredentialParameters>
` + "```" + `

## References

- Salesforce Help, "Troubleshooting for Named Credentials" (xcloud.nc_troubleshoot.htm): "you can specify other 4xx,
  6xx, 7xx, 8xx, and 9xx HTTP status codes that trigger Salesforce to refresh access tokens", entered in "Additional
  Status Codes for Token Refresh" of the external credential.
- Metadata API Developer Guide, ExternalCredential: parameter type ` + "`AdditionalRefreshStatusCode`" + ` (API 61.0 and later).
- sarath16581/AP-Backup (public repository), GenesysCloudCXOAuth.externalCredential-meta.xml: three
  ` + "`AdditionalRefreshStatusCode`" + ` parameters 401, 403 and 429, one code per parameter.
`,
	Check: checkRefreshStatusCodeInvalid,
}

// refreshCodeAllowed reports whether v is a three-digit status code in
// 400-499 or 600-999.
func refreshCodeAllowed(v string) bool {
	if len(v) != 3 {
		return false
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return false
	}
	return (n >= 400 && n <= 499) || (n >= 600 && n <= 999)
}

func checkRefreshStatusCodeInvalid(pass *lint.Pass) {
	for _, ec := range pass.Graph.Tree.ExternalCredentials {
		for _, p := range ec.Parameters {
			if !p.Type.Is("AdditionalRefreshStatusCode") || refreshCodeAllowed(p.Value.Value) {
				continue
			}
			span, what := p.Value.Span, fmt.Sprintf("value %q", p.Value.Value)
			effect := "the entry triggers no token refresh"
			switch n, err := strconv.Atoi(p.Value.Value); {
			case !p.Value.Present():
				span, what = p.Span, "no <parameterValue>, so no status code"
			case p.Value.Value == "":
				what = "an empty value, so no status code"
			case err == nil && len(p.Value.Value) == 3 && n >= 100:
				what += fmt.Sprintf(", a %dxx code", n/100)
				effect = fmt.Sprintf("callouts that get %s back are not retried with a fresh token", p.Value.Value)
			default:
				what += ", which is not a three-digit HTTP status code"
			}
			pass.Report(lint.Finding{
				Message: fmt.Sprintf("External credential %s: AdditionalRefreshStatusCode parameter has %s; "+
					"Salesforce accepts only 4xx and 6xx-9xx codes as additional token refresh triggers, so %s. "+
					"Write one code from 400-499 or 600-999 per parameter, or remove the parameter.",
					ec.Name, what, effect),
				Span:     span,
				Identity: "ExternalCredential:" + ec.Name + "|AdditionalRefreshStatusCode:" + p.Value.Value,
			})
		}
	}
}
