package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nclint/nclint/internal/lint"
)

// ObsoletePrincipalElement (NC504) reports the API 54-57 <principal>
// element of external credential parameters.
var ObsoletePrincipalElement = &lint.Rule{
	ID:        "NC504",
	Name:      "obsolete-principal-element",
	Level:     lint.LevelWarning,
	Precision: "very-high",
	Tags:      []string{"metadata", "access", "deprecated"},
	Short:     "External credential parameter with the obsolete <principal> element",
	Full: "An external credential parameter has a <principal> element, the API 54-57 way of mapping a principal " +
		"to a permission set, removed in API 58, while the project's sourceApiVersion is 58 or later (or unset). " +
		"The deploy rejects the element, and the permission set no longer grants the principal.",
	Help: `## Why it breaks

Until API 57, an external credential parameter named the permission set that may use the principal in a
` + "`<principal>`" + ` element. API 58 removed it: access is granted from the permission set side, with
` + "`externalCredentialPrincipalAccesses`" + `. A file written for API 57 deployed with a newer API version fails
with "Element {…}principal invalid at this location", and the grant it expressed is lost.

## How to fix

Delete the ` + "`<principal>`" + ` element and grant the principal in the permission set it named (API 59.0 or later):

` + "```xml" + `
<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <externalCredentialPrincipalAccesses>
        <enabled>true</enabled>
        <externalCredentialPrincipal>Voice_EC-Voice Service</externalCredentialPrincipal>
    </externalCredentialPrincipalAccesses>
    <label>Voice Integration</label>
</PermissionSet>
` + "```" + `

` + "`externalCredentialPrincipalAccesses`" + ` exists from API 59.0: at ` + "`sourceApiVersion`" + ` 58.0 there is no metadata
form for the grant at all, so raise it to 59.0 or later in ` + "`sfdx-project.json`" + ` (the message says so).

Or keep the file's shape and pin ` + "`sourceApiVersion`" + ` below 58 in ` + "`sfdx-project.json`" + ` (not recommended).

## References

- Metadata API WSDLs (forcedotcom/wsdl): ` + "`principal`" + ` on ExternalCredentialParameter exists in the API 54-57 WSDLs
  and is gone from API 58; PermissionSet ` + "`externalCredentialPrincipalAccesses`" + ` first appears in the API 59 WSDL.
- Metadata API Developer Guide, PermissionSet: ` + "`externalCredentialPrincipalAccesses`" + `, available in API 59.0 and later.
- imTachu/sfdx-cli-external-credentials-issue-example (public repository): an API 57 external credential with
  ` + "`<principal>`" + `.
`,
	Check: checkObsoletePrincipalElement,
}

func checkObsoletePrincipalElement(pass *lint.Pass) {
	version := pass.Graph.Tree.Settings.SourceAPIVersion
	if v, err := strconv.ParseFloat(strings.TrimSpace(version), 64); err == nil && v < 58 {
		return
	}
	api := "unset, so the CLI's default (58 or later)"
	if version != "" {
		api = version
	}
	for _, ec := range pass.Graph.Tree.ExternalCredentials {
		for _, p := range ec.Parameters {
			if !p.Principal.Present() {
				continue
			}
			grant := ""
			if p.IsPrincipal() && p.Principal.Value != "" {
				needs := fmt.Sprintf("API %d.0 or later", principalAccessAPI)
				if v := apiMajor(version); v > 0 && v < principalAccessAPI {
					needs += fmt.Sprintf(", so raise sourceApiVersion from %s", version)
				}
				grant = fmt.Sprintf(" Grant it instead in permission set %s with an externalCredentialPrincipalAccesses entry %q (%s).",
					p.Principal.Value, ec.Name+"-"+p.Name.Value, needs)
			}
			pass.Report(lint.Finding{
				Message: fmt.Sprintf("External credential %s: parameter %q has a <principal> element, which API 58 removed "+
					"(sourceApiVersion is %s); the deploy rejects it and the permission set no longer grants the principal. "+
					"Delete the element.%s", ec.Name, p.Name.Value, api, grant),
				Span:     p.Principal.Span,
				Identity: "ExternalCredential:" + ec.Name + "|param:" + p.Name.Value,
				Fix:      &lint.Fix{Title: "Delete the <principal> element", Edits: []lint.Edit{{Span: p.Principal.Span}}},
			})
		}
	}
}
