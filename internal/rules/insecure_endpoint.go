package rules

import (
	"fmt"
	"strings"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/safeio"
)

// InsecureEndpoint (NC602) reports endpoint URLs that use plain http:// or
// carry credentials in the URL.
var InsecureEndpoint = &lint.Rule{
	ID:               "NC602",
	Name:             "insecure-endpoint",
	Level:            lint.LevelError,
	Precision:        "very-high",
	Tags:             []string{"security", "callout"},
	SecuritySeverity: "5.0",
	Short:            "Endpoint URL that uses http:// or carries credentials",
	Full: "A named credential URL (Url parameter or legacy <endpoint>), an external credential AuthProviderUrl or an " +
		"External Data Source <endpoint> uses http://, so the request and the credentials Salesforce adds to it travel " +
		"unencrypted, or it carries a user name and password in the URL (https://user:pass@host), where they are " +
		"committed and logged. http://localhost is reported too: callouts leave from Salesforce's servers and cannot " +
		"reach your machine. Values rewritten by an sfdx-project.json replacement ({API_URL}) and callout: endpoints are not URLs to check.",
	Help: `## Why it breaks

Salesforce adds the credentials of a named credential to every callout: an ` + "`Authorization`" + ` header, an
OAuth access token, custom auth headers. Over ` + "`http://`" + ` all of it, and the data, crosses the internet
in clear text, where anyone on the path can read or change it. The named credential Setup page only
accepts URLs that begin with ` + "`https://`" + `; an ` + "`http://`" + ` URL usually comes from an old legacy
credential or a hand-edited file. An OAuth token URL (` + "`AuthProviderUrl`" + `) over http sends the client
secret in clear.

` + "`http://localhost`" + ` (or ` + "`127.0.0.1`" + `) cannot work at all: callouts are made by Salesforce's servers,
for which localhost is the Salesforce server itself, not the developer's machine.

A user name and password in the URL (` + "`https://user:pass@host`" + `) are committed with the metadata, shown
in Setup and written to proxy and server logs. The message shows only the user name and a redacted
password.

## How to fix

Use the service's ` + "`https://`" + ` URL, and move credentials into an external credential:

` + "```xml" + `
<namedCredentialParameters>
    <parameterName>Url</parameterName>
    <parameterType>Url</parameterType>
    <parameterValue>https://api.example.com/v1</parameterValue>
</namedCredentialParameters>
` + "```" + `

For a URL that differs per org, commit a placeholder and replace it at deploy time with an
` + "`sfdx-project.json`" + ` replacement (` + "`\"stringToReplace\": \"{API_URL}\"`" + `); nclint does not check such values.
For a local mock server, use an https tunnel the org can reach, and keep scratch-only credentials out of
deploys with ` + "`.forceignore`" + `.

## References

- Salesforce Help, "Create or Edit a Named Credential": the URL "Must begin with https://. Can include a path but not a query string": https://help.salesforce.com/s/articleView?id=xcloud.nc_create_edit_named_credential.htm
- Metadata API Developer Guide, NamedCredential (legacy ` + "`endpoint`" + `) and ExternalDataSource (` + "`endpoint`" + `): https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_namedcredential.htm
- RFC 3986 section 3.2.1: "Use of the format user:password in the userinfo field is deprecated".
`,
	Check: checkInsecureEndpoint,
}

func checkInsecureEndpoint(pass *lint.Pass) {
	repl := newReplacements(pass.Graph.Tree.Settings)
	for _, e := range endpoints(pass.Graph.Tree) {
		v := e.value.Value
		u := splitURL(repl.strip(v))
		subject := fmt.Sprintf("%s %s: %s %s", kindLabel(e.kind), e.component, e.where, displayURL(v))
		if strings.EqualFold(u.scheme, "http") {
			var msg string
			switch {
			case isLoopback(u.host):
				msg = subject + " uses http:// to " + u.host + ", which cannot work from Salesforce anyway: callouts are " +
					"made by Salesforce's servers, where " + u.host + " is not your machine, and the traffic would be " +
					"unencrypted. Use an https:// URL the org can reach (a deployed test server or an https tunnel), " +
					"and keep scratch-only credentials out of deploys with .forceignore."
			default:
				msg = subject + " uses http://, so " + httpExposure(e) + " unencrypted and can be read or changed " +
					"on the way. Use the https:// URL of the service."
				if e.newStyle {
					msg += " (The named credential Setup page accepts only URLs that begin with https://.)"
				}
			}
			f := lint.Finding{
				Message:  msg,
				Span:     e.value.Span,
				Identity: string(e.kind) + ":" + e.component + "|" + e.id + "|http",
			}
			if !isLoopback(u.host) && len(v) > 7 && strings.EqualFold(v[:7], "http://") {
				// The value is trimmed; its scheme is written as it is here.
				f.Fix = &lint.Fix{Title: "Use https://", Edits: []lint.Edit{{Span: e.value.Span, Old: v[:7], New: "https://"}}}
			}
			pass.Report(f)
		}
		if u.hasUser && u.userinfo != "" && !isFormula(u.userinfo) {
			user, password, hasPassword := strings.Cut(u.userinfo, ":")
			var what string
			switch {
			case hasPassword && !isPlaceholder(password):
				// The user name may itself be a token (https://TOKEN:x-oauth-basic@host).
				what = fmt.Sprintf("the user name %s and the password %s", safeio.Redact(user), safeio.Redact(password))
			case !hasPassword && !isPlaceholder(user):
				what = fmt.Sprintf("the credential %s before the @", safeio.Redact(user))
			default:
				continue
			}
			pass.Report(lint.Finding{
				Message: subject + " carries " + what + " in the URL. Credentials in a URL are committed with the metadata, " +
					"shown in Setup and written to proxy and server logs. Rotate the password, remove it from the URL and " +
					"let an external credential (Basic or Custom protocol) send it.",
				Span:     e.value.Span,
				Identity: string(e.kind) + ":" + e.component + "|" + e.id + "|userinfo",
			})
		}
	}
}

// httpExposure says what an http:// endpoint exposes.
func httpExposure(e endpoint) string {
	switch {
	case e.kind == model.KindExternalCredential:
		return "the token request, with the client secret or signed assertion it carries, travels"
	case e.kind == model.KindExternalDataSource:
		return "the external data and the credentials Salesforce sends with each request travel"
	case e.anonymous:
		return "every callout and its data, including any token or password Apex puts in a header or the body, travel"
	}
	return "every callout, with the Authorization header and other credentials Salesforce adds to it, travels"
}
