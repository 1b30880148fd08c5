package rules

import (
	"fmt"
	"strings"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/model"
)

// MergeFieldNotAllowed (NC604) reports $Credential merge fields that
// Salesforce will not evaluate: in a header or body of a request to a named
// credential that does not allow them there, or in an endpoint URL.
var MergeFieldNotAllowed = &lint.Rule{
	ID:        "NC604",
	Name:      "merge-field-not-allowed",
	Level:     lint.LevelError,
	Precision: "high",
	Tags:      []string{"callout", "apex"},
	Short:     "Merge field that Salesforce sends as literal text",
	Full: "Apex sets a header (setHeader) or the body (setBody) to a string containing a $Credential merge field " +
		"({!$Credential.Password}, {!$Credential.My_EC.ApiKey}, {!HTMLENCODE(…)}) on a request whose endpoint is " +
		"callout:NC, and that named credential does not allow merge fields there (allowMergeFieldsInHeader / " +
		"allowMergeFieldsInBody false or absent, which means false): Salesforce sends the text of the merge field " +
		"instead of the credential. A merge field in setEndpoint is never evaluated. nclint follows the request " +
		"variable within one method and reads only string literals and their concatenations; values built " +
		"elsewhere, and @IsTest code (mocks answer its callouts), are not judged.",
	Help: `## Why it breaks

Merge fields such as ` + "`{!$Credential.Password}`" + ` or ` + "`{!$Credential.My_EC.ApiKey}`" + ` are replaced by
Salesforce when the callout is made, and only where the named credential allows it: in headers when
` + "`allowMergeFieldsInHeader`" + ` is true, in the body when ` + "`allowMergeFieldsInBody`" + ` is true. Both
default to false. Otherwise the request carries the text ` + "`{!$Credential.My_EC.ApiKey}`" + ` itself, and the
remote system refuses it. Merge fields are never evaluated in the endpoint URL (` + "`setEndpoint`" + `), whatever
the settings.

nclint reports a ` + "`setHeader`" + ` or ` + "`setBody`" + ` call whose value contains a ` + "`$Credential`" + ` merge field in a
string literal, on an ` + "`HttpRequest`" + ` variable of the same method whose ` + "`setEndpoint`" + ` names the
named credential with a ` + "`callout:`" + ` literal; and a ` + "`setEndpoint`" + ` call whose literal contains one.

## How to fix

Allow merge fields where the code uses them:

` + "```xml" + `
<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <allowMergeFieldsInBody>false</allowMergeFieldsInBody>
    <allowMergeFieldsInHeader>true</allowMergeFieldsInHeader>
    ...
</NamedCredential>
` + "```" + `

` + "```apex" + `
HttpRequest req = new HttpRequest();
req.setEndpoint('callout:Orders_API/orders');
req.setHeader('X-Api-Key', '{!$Credential.Orders_EC.ApiKey}');
` + "```" + `

For a value the URL needs, send it in a header or the body instead, or put it in the named credential
(a custom header parameter of the external credential).

## References

- Apex Developer Guide, Merge Fields for Apex Callouts That Use Named Credentials (the admin must enable Allow Merge Fields in HTTP Header and Allow Merge Fields in HTTP Body; merge fields construct headers and bodies): https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_callouts_named_credentials_merge_fields.htm
- Apex Developer Guide, Custom Headers and Bodies of Apex Callouts That Use Named Credentials: https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_callouts_named_credentials_custom_headers_bodies.htm
- Metadata API Developer Guide, NamedCredential (` + "`allowMergeFieldsInHeader`, `allowMergeFieldsInBody`" + `, default false): https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_namedcredential.htm
- Salesforce Stack Exchange, "Can I use Named Credential merge fields as URL parameters on the endpoint?" (merge fields in setEndpoint are sent unmerged): https://salesforce.stackexchange.com/questions/139116
`,
	Check: checkMergeFieldNotAllowed,
}

func checkMergeFieldNotAllowed(pass *lint.Pass) {
	g := pass.Graph
	for _, src := range g.Tree.Apex {
		for i := range src.RequestCalls {
			c := &src.RequestCalls[i]
			if src.IsTestCode(c.Type) {
				continue
			}
			code := apexCode(src, c.Type, c.Method)
			id := apexIdentity(src, c.Type, c.Method)
			switch c.Name {
			case "setEndpoint":
				if len(c.Args) != 1 {
					continue
				}
				fields := credentialMergeFields(c.Args[0])
				if len(fields) == 0 {
					continue
				}
				pass.Report(lint.Finding{
					Message: fmt.Sprintf("%s puts the merge field %s in the endpoint URL (setEndpoint). Salesforce evaluates "+
						"merge fields only in headers and bodies, never in the URL, so the text is sent as written. Send the "+
						"value in a header or the body (with the named credential's allowMergeFieldsInHeader or "+
						"allowMergeFieldsInBody true), or let the named credential add it.", code, quoteFields(fields)),
					Span:     c.Span,
					Identity: id + "|endpoint|" + strings.Join(fields, ","),
				})
			case "setHeader", "setBody":
				if c.Request < 0 {
					continue
				}
				var value model.ApexExpr
				what, flagName := "the body", "allowMergeFieldsInBody"
				if c.Name == "setHeader" {
					if len(c.Args) != 2 {
						continue
					}
					value, flagName = c.Args[1], "allowMergeFieldsInHeader"
					what = "a header"
					if name, ok := c.Args[0].Value(); ok {
						what = "header " + name
					}
				} else {
					if len(c.Args) != 1 {
						continue
					}
					value = c.Args[0]
				}
				fields := credentialMergeFields(value)
				if len(fields) == 0 {
					continue
				}
				for _, t := range requestTargets(g, src, c.Request) {
					nc := t.nc
					if nc.Unparsed {
						continue
					}
					flag := nc.AllowMergeFieldsInBody
					where := "the body"
					if c.Name == "setHeader" {
						flag, where = nc.AllowMergeFieldsInHeader, "headers"
					}
					if flag.Bool() {
						continue
					}
					state := flagName + " is " + flag.Value
					flagSpan := flag.Span
					if !flag.Present() {
						state = "it has no " + flagName + ", which defaults to false"
						flagSpan = nc.Root
					}
					pass.Report(lint.Finding{
						Message: fmt.Sprintf("%s sets %s to a value with the merge field %s on a request to callout:%s, but "+
							"named credential %s does not allow merge fields in %s (%s), so Salesforce sends the merge field "+
							"as literal text instead of the credential. Set <%s>true</%s> on %s.",
							code, what, quoteFields(fields), nc.Name, nc.Name, where, state, flagName, flagName, nc.Name),
						Span: c.Span,
						Related: []lint.Related{
							{Span: flagSpan, Message: "named credential " + nc.Name + ": " + state},
							{Span: t.call.Span, Message: "the request is sent to callout:" + nc.Name},
						},
						Identity: id + "|" + strings.ToLower(what) + "|NamedCredential:" + nc.Name,
					})
				}
			}
		}
	}
}
