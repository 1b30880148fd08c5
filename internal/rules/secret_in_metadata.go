package rules

import (
	"fmt"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/safeio"
)

// SecretInMetadata (NC601) reports credentials written into credential
// metadata. Messages show secrets only in redacted form (see safeio.Redact).
var SecretInMetadata = &lint.Rule{
	ID:               "NC601",
	Name:             "secret-in-metadata",
	Level:            lint.LevelError,
	Precision:        "high",
	Tags:             []string{"security", "secret"},
	SecuritySeverity: "8.0",
	Short:            "Credential written into metadata and committed to source control",
	Full: "A named credential or External Data Source has a non-empty <password>, <oauthToken>, <oauthRefreshToken> " +
		"or <awsAccessSecret> (retrieve never writes them, so they were typed in), or a named credential HttpHeader " +
		"or external credential AuthHeader parameter holds a literal credential instead of a formula: a Bearer/Basic/token " +
		"value, any literal under a credential header name (Authorization, *token*, *secret*, *password*, *api-key*), or a " +
		"long random-looking string. A credential in a URL query parameter (key=, access_token=) is reported too. " +
		"Formulas ({!$Credential...}), sfdx-project.json replacement tokens, obvious placeholders, values shorter than " +
		"8 characters and identifiers (client_id, key IDs, account or tenant IDs, user names) are not secrets. " +
		"Messages show only the first characters and the length of the value.",
	Help: `## Why it breaks

Everything in a metadata file ends up in version control, in every clone, fork, CI log and package built from
it. Salesforce keeps real secrets out of metadata on purpose: a retrieve never writes ` + "`<password>`" + `,
` + "`<oauthToken>`" + `, ` + "`<oauthRefreshToken>`" + ` or ` + "`<awsAccessSecret>`" + `, and external credential principals keep their
API keys, client secrets and tokens outside metadata altogether. A value in one of these places was written
by hand, and anyone who can read the repository can now call the API as your integration. Header values
(` + "`HttpHeader`" + `, ` + "`AuthHeader`" + `) are meant to be formulas evaluated at callout time; a literal key there is
retrieved and committed like any other field.

nclint treats a header value as a secret when it is a literal (no ` + "`{!…}`" + `) and either starts with
` + "`Bearer `" + `, ` + "`Basic `" + ` or ` + "`token `" + `, or sits under a header whose name says it is a credential
(` + "`Authorization`" + `, anything with ` + "`token`" + `, ` + "`secret`" + `, ` + "`password`" + `, ` + "`credential`" + ` or ` + "`api-key`" + `, and
names such as ` + "`X-Api-Key`" + ` or ` + "`Ocp-Apim-Subscription-Key`" + `), or looks generated: at least 16 characters,
no white space, letters and digits, not mostly words, and a Shannon entropy of at least 3.5 bits per
character (3.0 for hexadecimal strings of 32 characters or more). Empty values, repeated characters
(` + "`xxx`" + `), shapes such as ` + "`{API_KEY}`" + ` or ` + "`<token>`" + `, words such as ` + "`placeholder`" + ` or ` + "`changeme`" + `, and
values rewritten by an ` + "`sfdx-project.json`" + ` replacement are not reported, nor are values shorter than 8
characters or values under a name that identifies rather than authenticates (` + "`client_id`" + `, ` + "`X-Api-Key-Id`" + `,
` + "`X-Tenant-Id`" + `, ` + "`account_id`" + `, ` + "`username`" + `), however random they look; a literal ` + "`client_secret`" + ` is.
A named credential or External Data Source file that is not well-formed XML is still searched, byte by
byte, for ` + "`<password>`" + `, ` + "`<oauthToken>`" + `, ` + "`<oauthRefreshToken>`" + ` and ` + "`<awsAccessSecret>`" + `: a password with an
unescaped ` + "`&`" + ` breaks the XML but is a leaked secret all the same. Findings never print the
value: only its first four characters (fewer for short values) and its length, as in ` + "`\"sk_l…\" (36 characters)`" + `.

## How to fix

Treat the value as leaked: rotate it at the provider. Then remove it from the file and from the repository
history, and keep it where Salesforce keeps secrets. For a new-style named credential, store the key as an
authentication parameter of the external credential's principal (Setup, or the Connect API) and refer to it
with a formula. An external credential with the No Authentication variant (` + "`Custom`" + ` with an
` + "`AuthProtocolVariant`" + ` of ` + "`NoAuthentication`" + `) stores no credential, which is often why the key
ended up in a header: switch it to the Custom protocol without that variant first (the message says so).

` + "```xml" + `
<ExternalCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <authenticationProtocol>Custom</authenticationProtocol>
    <externalCredentialParameters>
        <parameterGroup>DefaultGroup</parameterGroup>
        <parameterName>Authorization</parameterName>
        <parameterType>AuthHeader</parameterType>
        <parameterValue>{!&apos;Bearer &apos; &amp; $Credential.Tracking_EC.ApiKey}</parameterValue>
        <sequenceNumber>1</sequenceNumber>
    </externalCredentialParameters>
    ...
</ExternalCredential>
` + "```" + `

For a legacy named credential or an External Data Source, delete the ` + "`<password>`" + ` (or token) element
and enter the secret in Setup after deploying. A pipeline that must deploy the secret can use an
` + "`sfdx-project.json`" + ` replacement that reads it from an environment variable, so only a placeholder is
committed.

## References

- Named Credentials Developer Guide for OAuth: "the standard Metadata API can't fully expose the definition of a credential and render sensitive information like tokens in plain text": https://developer.salesforce.com/docs/platform/named-credentials/guide/nc-oauth-dev-guide.html
- Metadata API Developer Guide, NamedCredential (` + "`password`, `oauthToken`, `oauthRefreshToken`, `awsAccessSecret`" + `, legacy fields): https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_namedcredential.htm
- Salesforce DX Developer Guide, "Replace Strings in Code Before Deploying" (` + "`replacements`" + ` in sfdx-project.json): https://developer.salesforce.com/docs/atlas.en-us.sfdx_dev.meta/sfdx_dev/sfdx_dev_ws_string_replace.htm
- The entropy threshold and the identifier names are nclint's own heuristics (see ` + "`internal/rules/credential_values.go`" + `), not Salesforce rules.
`,
	Check: checkSecretInMetadata,
}

// secretElement is a legacy element that holds a secret.
type secretElement struct {
	tag  string
	text model.Text
}

func checkSecretInMetadata(pass *lint.Pass) {
	g := pass.Graph
	repl := newReplacements(g.Tree.Settings)
	elements := func(kind model.Kind, name string, els []secretElement) {
		for _, e := range els {
			v := e.text.Value
			if !e.text.Present() || isPlaceholder(v) || tooShort(v) || repl.touches(v) {
				continue
			}
			pass.Report(lint.Finding{
				Message: fmt.Sprintf("%s %s has <%s> %s in source. A retrieve never writes <%s>, so the value was "+
					"written by hand, and it is now readable by anyone with the repository. Rotate the credential, delete "+
					"the element and enter the secret in Setup (or deploy it from a secret store through an sfdx-project.json replacement).",
					kindLabel(kind), name, e.tag, safeio.Redact(v), e.tag),
				Span:     e.text.Span,
				Identity: string(kind) + ":" + name + "|" + e.tag,
			})
		}
	}
	// header reports a literal credential in a header parameter. noAuth is
	// set when the external credential ec uses the No Authentication
	// variant, whose principals hold no authentication parameter.
	header := func(kind model.Kind, name, paramType string, headerName, value model.Text, ec string, noAuth bool) {
		desc, ok := literalSecret(headerName.Value, value.Value, repl)
		if !ok {
			return
		}
		formula := "{!$Credential." + ec + ".ApiKey}"
		if scheme, _, found := authScheme(value.Value); found {
			formula = "{!'" + scheme + " ' & $Credential." + ec + ".ApiKey}"
		}
		store := "store it as an authentication parameter of the external credential's principal"
		if noAuth {
			store = "switch external credential " + ec + " from the No Authentication variant (which stores no " +
				"credential) to the Custom protocol without it, store the key as an authentication parameter of its principal"
		}
		pass.Report(lint.Finding{
			Message: fmt.Sprintf("%s %s: %s parameter %s %s. Header values are retrieved and committed like any "+
				"other metadata, so the credential is readable by anyone with the repository. Rotate it, %s "+
				"and reference it with a formula such as %s.",
				kindLabel(kind), name, paramType, headerName.Value, desc, store, formula),
			Span:     value.Span,
			Identity: string(kind) + ":" + name + "|" + paramType + ":" + headerName.Value,
		})
	}

	for _, nc := range g.Tree.NamedCredentials {
		elements(model.KindNamedCredential, nc.Name, []secretElement{
			{"password", nc.Password}, {"oauthToken", nc.OAuthToken},
			{"oauthRefreshToken", nc.OAuthRefreshToken}, {"awsAccessSecret", nc.AwsAccessSecret},
		})
		ec, noAuth := "<ExternalCredential>", false
		if refs := graph.AuthenticationOf(nc); len(refs) > 0 {
			ec = refs[0].Value
			if c := g.ExternalCredential(ec); c != nil && !c.Unparsed {
				noAuth = c.StoresNoCredential()
			}
		}
		for _, p := range nc.ParametersOfType("HttpHeader") {
			header(model.KindNamedCredential, nc.Name, "HttpHeader", p.Name, p.Value, ec, noAuth)
		}
	}
	for _, ec := range g.Tree.ExternalCredentials {
		for _, p := range ec.Parameters {
			if p.Type.Is("AuthHeader") {
				header(model.KindExternalCredential, ec.Name, "AuthHeader", p.Name, p.Value, ec.Name, ec.StoresNoCredential())
			}
		}
	}
	for _, ds := range g.Tree.ExternalDataSources {
		elements(model.KindExternalDataSource, ds.Name, []secretElement{
			{"password", ds.Password}, {"oauthToken", ds.OAuthToken},
			{"oauthRefreshToken", ds.OAuthRefreshToken}, {"awsAccessSecret", ds.AwsAccessSecret},
		})
	}
	for _, e := range endpoints(g.Tree) {
		if repl.touches(e.value.Value) {
			continue
		}
		for _, q := range splitURL(e.value.Value).params() {
			if !isCredentialName(q.name) || isIdentifierName(q.name) || isFormula(q.value) || isPlaceholder(q.value) || tooShort(q.value) {
				continue
			}
			pass.Report(lint.Finding{
				Message: fmt.Sprintf("%s %s: %s passes the query parameter %s with a literal credential: %s. The URL is "+
					"retrieved and committed with the metadata, and query strings also end up in proxy and server logs. Rotate "+
					"the credential and send it from an external credential instead (an AuthHeader, or a formula "+
					"such as {!$Credential.<ExternalCredential>.ApiKey}).",
					kindLabel(e.kind), e.component, e.where, q.name, safeio.Redact(q.value)),
				Span:     e.value.Span,
				Identity: string(e.kind) + ":" + e.component + "|" + e.id + "|query:" + q.name,
			})
		}
	}
}
