package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nclint/nclint/internal/lint"
)

// CalloutsDisabled (NC402) reports named credentials that are disabled for
// callouts but called from the tree.
var CalloutsDisabled = &lint.Rule{
	ID:        "NC402",
	Name:      "callouts-disabled",
	Level:     lint.LevelError,
	Precision: "very-high",
	Tags:      []string{"callout"},
	Short:     "Named credential disabled for callouts but called",
	Full: "A named credential has <calloutStatus>Disabled</calloutStatus> and Apex, an External Service " +
		"Registration, an External Data Source or a flow in the tree calls it. Every callout through it fails. " +
		"Named credentials created from Apex in a managed package are disabled for callouts by default. " +
		"A missing calloutStatus is not Disabled.",
	Help: `## Why it breaks

` + "`calloutStatus`" + ` is the "Enabled for Callouts" switch of a named credential. While it is ` + "`Disabled`" + `,
Salesforce rejects every callout through the named credential, although the code and the credential deploy fine.

## How to fix

Enable callouts on the named credential (or stop calling it):

` + "```xml" + `
<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <allowMergeFieldsInBody>false</allowMergeFieldsInBody>
    <allowMergeFieldsInHeader>false</allowMergeFieldsInHeader>
    <calloutStatus>Enabled</calloutStatus>
    <generateAuthorizationHeader>true</generateAuthorizationHeader>
    <label>Billing API</label>
    ...
</NamedCredential>
` + "```" + `

## References

- Metadata API Developer Guide, NamedCredential (` + "`calloutStatus`" + `): https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_namedcredential.htm
- Salesforce Help, Troubleshooting for Named Credentials (named credentials created from Apex in a managed package are disabled for callouts by default; turn on Enabled for Callouts): https://help.salesforce.com/s/articleView?id=xcloud.nc_troubleshoot.htm
- Metadata API WSDL history: ` + "`calloutStatus`" + ` and its values ` + "`Enabled`/`Disabled`" + ` exist from API 58.0 (forcedotcom/wsdl)
`,
	Check: checkCalloutsDisabled,
}

func checkCalloutsDisabled(pass *lint.Pass) {
	g := pass.Graph
	for _, nc := range g.Tree.NamedCredentials {
		if !nc.CalloutStatus.Is("Disabled") {
			continue
		}
		callers := g.CallersOf(nc)
		if len(callers) == 0 {
			continue
		}
		var related []lint.Related
		var names []string
		for _, c := range callers {
			related = append(related, lint.Related{Span: c.Span, Message: "called by " + callerDescription(c)})
			if !slices.Contains(names, c.Name) {
				names = append(names, c.Name)
			}
		}
		pass.Report(lint.Finding{
			Message: fmt.Sprintf("Named credential %s is disabled for callouts (calloutStatus Disabled), but %s calls it, so "+
				"every callout through it fails. Set <calloutStatus>Enabled</calloutStatus>.", nc.Name, strings.Join(names, ", ")),
			Span:    nc.CalloutStatus.Span,
			Related: related,
			// The callers are part of the identity: a new caller of a
			// disabled credential is a new finding, even with a baseline.
			Identity: "NamedCredential:" + nc.Name + "|callers:" + strings.Join(names, ","),
		})
	}
}
