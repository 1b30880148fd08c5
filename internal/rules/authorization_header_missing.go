package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/model"
)

// AuthorizationHeaderMissing (NC605) reports OAuth and JWT named
// credentials that do not generate the Authorization header when nothing
// else sets one.
var AuthorizationHeaderMissing = &lint.Rule{
	ID:        "NC605",
	Name:      "authorization-header-missing",
	Level:     lint.LevelWarning,
	Precision: "medium",
	Tags:      []string{"callout", "apex"},
	Short:     "OAuth named credential that sends no Authorization header",
	Full: "A named credential has generateAuthorizationHeader false and authenticates with OAuth or JWT (its external " +
		"credential's authenticationProtocol, or a legacy protocol Oauth, Jwt or JwtExchange), and nothing sends the " +
		"token by other means: no HttpHeader (named credential) or AuthHeader (external credential) parameter is named " +
		"Authorization or holds a formula, and no Apex caller sets Authorization or puts an allowed $Credential merge " +
		"field in a header or body. Salesforce obtains the token but the request carries " +
		"none. The rule reports only when every caller in the tree can be checked: it stays silent when the named " +
		"credential has no caller outside @IsTest code, when an External Service, flow or data source calls it, when any " +
		"Apex that may reach it builds its request across methods (the request variable is passed to another method, " +
		"returned or stored, comes from elsewhere, or the callout: literal is not the setEndpoint argument), sets a " +
		"header whose name is not a literal, or names the named credential dynamically.",
	Help: `## Why it breaks

With ` + "`generateAuthorizationHeader`" + ` true (the default), Salesforce adds ` + "`Authorization: Bearer <token>`" + `
to every callout through the named credential. Turned off, the header must come from somewhere else: a
custom header of the named credential or of the external credential, or the Apex code itself
(Salesforce documents deselecting it only when the endpoint does not support authorization headers or the
headers are provided by other means). When none of them sets ` + "`Authorization`" + `, the OAuth or JWT flow runs
for nothing: the remote system receives the request without a token.

APIs that take the token in another header (Okta's ` + "`X-Okta-Token: SSWS …`" + `) or in the body are not reported:
a named credential or external credential header whose value is a formula, or an Apex header or body holding a
` + "`{!$Credential.…}`" + ` merge field that the named credential allows (` + "`allowMergeFieldsInHeader`" + `,
` + "`allowMergeFieldsInBody`" + `), counts as sending the token by other means.

## How to fix

Let Salesforce add the header:

` + "```xml" + `
<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <allowMergeFieldsInBody>false</allowMergeFieldsInBody>
    <allowMergeFieldsInHeader>false</allowMergeFieldsInHeader>
    <calloutStatus>Enabled</calloutStatus>
    <generateAuthorizationHeader>true</generateAuthorizationHeader>
    ...
</NamedCredential>
` + "```" + `

or, if the API expects the token in another form, set the header yourself (for a legacy OAuth named
credential, with ` + "`allowMergeFieldsInHeader`" + ` true):

` + "```apex" + `
req.setHeader('Authorization', 'Bearer {!$Credential.OAuthToken}');
` + "```" + `

## References

- Apex Developer Guide, Custom Headers and Bodies of Apex Callouts That Use Named Credentials (Generate Authorization Header: on by default; deselect it only if the endpoint does not support authorization headers or they are provided by other means): https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_callouts_named_credentials_custom_headers_bodies.htm
- Apex Developer Guide, Merge Fields for Apex Callouts That Use Named Credentials (` + "`{!$Credential.OAuthToken}`" + `): https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_callouts_named_credentials_merge_fields.htm
- Metadata API Developer Guide, NamedCredential (` + "`generateAuthorizationHeader`" + `) and ExternalCredential (` + "`AuthHeader`" + ` parameters): https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_namedcredential.htm
`,
	Check: checkAuthorizationHeaderMissing,
}

// tokenProtocols are the authentication protocols whose token Salesforce
// sends in the Authorization header.
var tokenProtocols = []string{"Oauth", "Jwt", "JwtExchange"}

func isTokenProtocol(t model.Text) bool {
	return slices.ContainsFunc(tokenProtocols, t.Is)
}

// authState is what the Apex in the tree does about the Authorization
// header of requests that may reach a named credential.
type authState int

const (
	authNotSet  authState = iota // checked: no Authorization header
	authSet                      // a literal setHeader('Authorization', …), or a header or body with an allowed $Credential merge field
	authUnknown                  // not analysable: the request is built across methods, or the header name is not a literal
)

// apexAuthorization judges the request whose setEndpoint argument starts
// with the callout literal co in src, sent through the named credential
// nc: a header or body holding a $Credential merge field that nc lets
// Salesforce evaluate (allowMergeFieldsInHeader, allowMergeFieldsInBody)
// sends the token by other means, whatever the header's name.
func apexAuthorization(src *model.ApexSource, co *model.Callout, nc *model.NamedCredential) authState {
	req := -1
	for i := range src.RequestCalls {
		c := &src.RequestCalls[i]
		if endpointCallout(src, c) == co {
			req = c.Request
			break
		}
	}
	if req < 0 {
		return authUnknown // the literal is not a setEndpoint argument of a followed variable
	}
	r := src.Requests[req]
	if r.Origin != model.RequestNew || r.Escapes {
		return authUnknown
	}
	state := authNotSet
	for i := range src.RequestCalls {
		c := &src.RequestCalls[i]
		if c.Request != req {
			continue
		}
		switch c.Name {
		case "setBody":
			if len(c.Args) == 1 && nc.AllowMergeFieldsInBody.Bool() && len(credentialMergeFields(c.Args[0])) > 0 {
				state = authSet
			}
			continue
		case "setHeader":
		default:
			continue
		}
		if len(c.Args) == 0 {
			return authUnknown
		}
		name, ok := c.Args[0].Value()
		if !ok {
			return authUnknown
		}
		if strings.EqualFold(strings.TrimSpace(name), "Authorization") {
			state = authSet
		}
		if len(c.Args) == 2 && nc.AllowMergeFieldsInHeader.Bool() && len(credentialMergeFields(c.Args[1])) > 0 {
			state = authSet
		}
	}
	return state
}

func checkAuthorizationHeaderMissing(pass *lint.Pass) {
	g := pass.Graph
	// Apex callouts that name no named credential ('callout:' + name) may
	// reach any of them.
	files := map[string]*model.ApexSource{}
	for _, src := range g.Tree.Apex {
		files[src.File] = src
	}
	var dynamic []struct {
		src *model.ApexSource
		co  *model.Callout
	}
	for _, src := range g.Tree.Apex {
		for i := range src.Callouts {
			if src.Callouts[i].Name == "" && !src.IsTestCode(src.Callouts[i].Type) {
				dynamic = append(dynamic, struct {
					src *model.ApexSource
					co  *model.Callout
				}{src, &src.Callouts[i]})
			}
		}
	}
	for _, nc := range g.Tree.NamedCredentials {
		if nc.Unparsed || !nc.GenerateAuthorizationHeader.Is("false") {
			continue
		}
		var protocol model.Text
		var ec *model.ExternalCredential
		if nc.IsLegacy() {
			protocol = nc.Protocol
		} else {
			ec = g.ExternalCredentialOf(nc)
			if ec == nil || ec.Unparsed {
				continue
			}
			protocol = ec.AuthenticationProtocol
		}
		if !isTokenProtocol(protocol) || hasAuthorizationHeader(nc, ec) {
			continue
		}
		callers := g.CallersOf(nc)
		ok := true
		var related []lint.Related
		var names []string
		for _, c := range callers {
			if c.Kind != graph.CallerApex {
				ok = false // External Services and flows may pass headers nclint does not read
				break
			}
			src := files[c.Span.File]
			if src != nil && src.IsTestCode(c.Apex.Type) {
				continue // a mock answers test callouts
			}
			if src == nil || apexAuthorization(src, c.Apex, nc) != authNotSet {
				ok = false
				break
			}
			related = append(related, lint.Related{Span: c.Span, Message: "called by " + apexCode(src, c.Apex.Type, c.Apex.Method) + ", which sets no Authorization header"})
			if !slices.Contains(names, c.Name) {
				names = append(names, c.Name)
			}
		}
		for _, d := range dynamic {
			ok = ok && apexAuthorization(d.src, d.co, nc) == authNotSet
		}
		if !ok || len(names) == 0 {
			// A caller that cannot be judged, or no caller outside test
			// code: no evidence either way.
			continue
		}
		span := nc.GenerateAuthorizationHeader.Span
		var by, where string
		if ec != nil {
			by = fmt.Sprintf("its external credential %s uses %s", ec.Name, protocol.Value)
			where = fmt.Sprintf("%s has no HttpHeader parameter named Authorization, %s has no AuthHeader parameter of that name, "+
				"and its Apex callers (%s) set none", nc.Name, ec.Name, strings.Join(names, ", "))
			related = append([]lint.Related{{Span: protocol.Span, Message: "external credential " + ec.Name + " uses " + protocol.Value}}, related...)
		} else {
			by = "it uses the legacy protocol " + protocol.Value
			where = fmt.Sprintf("its Apex callers (%s) set none", strings.Join(names, ", "))
		}
		pass.Report(lint.Finding{
			Message: fmt.Sprintf("Named credential %s has generateAuthorizationHeader false and %s, but nothing sets an "+
				"Authorization header instead: %s. Salesforce obtains the token but does not send it, so the remote system "+
				"receives the requests without one. Set <generateAuthorizationHeader>true</generateAuthorizationHeader>, or "+
				"add the Authorization header the API expects.", nc.Name, by, where),
			Span:     span,
			Related:  related,
			Identity: "NamedCredential:" + nc.Name + "|callers:" + strings.Join(names, ","),
		})
	}
}

// hasAuthorizationHeader reports whether the named credential (HttpHeader
// parameter) or its external credential (AuthHeader parameter) sets a
// header named Authorization, or a header whose value is a formula
// ("{!…}", such as {!$Credential.X.Token}): the token may be sent in it.
func hasAuthorizationHeader(nc *model.NamedCredential, ec *model.ExternalCredential) bool {
	isAuth := func(name, value model.Text) bool {
		return strings.EqualFold(strings.TrimSpace(name.Value), "Authorization") || strings.Contains(value.Value, "{!")
	}
	for _, p := range nc.ParametersOfType("HttpHeader") {
		if isAuth(p.Name, p.Value) {
			return true
		}
	}
	if ec != nil {
		for _, p := range ec.Parameters {
			if p.Type.Is("AuthHeader") && isAuth(p.Name, p.Value) {
				return true
			}
		}
	}
	return false
}
