package rules

import (
	"fmt"
	"strings"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
)

// OAuthExternalCredentialIncomplete (NC506) reports OAuth external
// credentials that lack a parameter their flow needs.
var OAuthExternalCredentialIncomplete = &lint.Rule{
	ID:        "NC506",
	Name:      "oauth-external-credential-incomplete",
	Level:     lint.LevelError,
	Precision: "high",
	Tags:      []string{"metadata", "oauth"},
	Short:     "OAuth external credential missing a part its flow needs",
	Full: "An external credential with authenticationProtocol Oauth lacks a parameter its OAuth flow needs: the JwtBearer " +
		"and ClientCredentialsJwtAssertion variants a SigningCertificate; the client credentials and JWT variants an " +
		"AuthProviderUrl (the token endpoint); the browser flow (no AuthProtocolVariant) an AuthProvider. An external " +
		"credential that names an ExternalAuthIdentityProvider takes these from the identity provider and is not checked. " +
		"Salesforce cannot get an access token without the missing part, so every callout through the credential fails.",
	Help: `## Why it breaks

An OAuth external credential gets its access token in one of four ways, chosen by its ` + "`AuthProtocolVariant`" + `
parameter (` + "`parameterName`" + ` ` + "`Oauth`" + `); each way needs its own parts:

| Flow | ` + "`AuthProtocolVariant`" + ` value | Needs |
|---|---|---|
| Browser flow | none | an ` + "`AuthProvider`" + ` parameter (` + "`<authProvider>`" + `) or an ` + "`ExternalAuthIdentityProvider`" + ` parameter |
| Client credentials with client secret | ` + "`ClientCredentialsClientSecret`" + `, ` + "`ClientCredentialsClientSecretBasic`" + ` | an ` + "`AuthProviderUrl`" + ` parameter (the token endpoint) |
| Client credentials with JWT assertion | ` + "`ClientCredentialsJwtAssertion`" + ` | an ` + "`AuthProviderUrl`" + ` and a ` + "`SigningCertificate`" + ` parameter |
| JWT bearer | ` + "`JwtBearer`" + ` | an ` + "`AuthProviderUrl`" + ` and a ` + "`SigningCertificate`" + ` parameter |

Without the token endpoint Salesforce has nowhere to ask for a token; without the signing certificate it cannot sign
the JWT; without an authentication provider the browser flow has no login page to send the user to. The external
credential then never reaches the "Configured" status, and every callout through a named credential that uses it fails
(System.CalloutException). The client ID and secret are entered per principal in Setup and are not metadata, so nclint
does not look for them. An external credential whose flow is managed by an external auth identity provider
(an ` + "`ExternalAuthIdentityProvider`" + ` parameter) gets its endpoints from the identity provider; nclint does not check it.

## How to fix

Add the missing parameter. A JWT bearer external credential:

` + "```xml" + `
<?xml version="1.0" encoding="UTF-8"?>
<ExternalCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <authenticationProtocol>Oauth</authenticationProtocol>
    <externalCredentialParameters>
        <parameterGroup>DefaultGroup</parameterGroup>
        <parameterName>Oauth</parameterName>
        <parameterType>AuthProtocolVariant</parameterType>
        <parameterValue>JwtBearer</parameterValue>
    </externalCredentialParameters>
    <externalCredentialParameters>
        <parameterGroup>DefaultGroup</parameterGroup>
        <parameterName>AuthProviderUrl</parameterName>
        <parameterType>AuthProviderUrl</parameterType>
        <parameterValue>https://login.example.com/oauth2/token</parameterValue>
    </externalCredentialParameters>
    <externalCredentialParameters>
        <certificate>docs_jwt_signer</certificate>
        <parameterGroup>DefaultGroup</parameterGroup>
        <parameterName>SigningCertificate</parameterName>
        <parameterType>SigningCertificate</parameterType>
    </externalCredentialParameters>
    <!-- JwtBodyClaim parameters (iss, sub, aud, exp) and a NamedPrincipal -->
    <label>Docs JWT</label>
</ExternalCredential>
` + "```" + `

## References

- Salesforce Help, "Create or Edit an OAuth External Credential" (xcloud.nc_create_edit_oath_ext_cred.htm) and its
  pages per flow: Browser Flow (authentication provider), Client Credentials with Client Secret Flow (identity provider
  URL), Client Credentials with JWT Assertion Flow and JWT Bearer Flow (identity provider URL and signing certificate),
  Client Credentials Flow Managed by an External Auth Identity Provider.
- Metadata API Developer Guide, ExternalCredential: parameter types ` + "`AuthProtocolVariant`" + `, ` + "`AuthProviderUrl`" + `,
  ` + "`SigningCertificate`" + `, ` + "`AuthProvider`" + `, ` + "`ExternalAuthIdentityProvider`" + `; the variant values are those of
  ConnectApi ` + "`CredentialAuthenticationProtocolVariant`" + `.
- Real external credentials in public repositories, retrieved from orgs: sarath16581/AP-Backup GenesysCloudCXOAuth
  (ClientCredentialsClientSecretBasic with AuthProviderUrl), makarchukandeverrest/ppm DocuSign (JwtBearer with
  AuthProviderUrl and SigningCertificate), rishabhhh31/Salesforce-Main Spotify (browser flow with AuthProvider).
`,
	Check: checkOAuthExternalCredentialIncomplete,
}

// oauthVariantNeeds lists, per OAuth AuthProtocolVariant value, whether the
// flow needs a token endpoint (AuthProviderUrl) and a signing certificate.
var oauthVariantNeeds = map[string]struct{ url, cert bool }{
	"clientcredentialsclientsecret":      {url: true},
	"clientcredentialsclientsecretbasic": {url: true},
	"clientcredentialsjwtassertion":      {url: true, cert: true},
	"jwtbearer":                          {url: true, cert: true},
}

func checkOAuthExternalCredentialIncomplete(pass *lint.Pass) {
	for _, ec := range pass.Graph.Tree.ExternalCredentials {
		if ec.Unparsed || !ec.AuthenticationProtocol.Is("Oauth") {
			continue
		}
		var variant *model.ExternalCredentialParameter
		has := map[string]bool{}
		for i, p := range ec.Parameters {
			t := strings.ToLower(p.Type.Value)
			switch {
			case t == "authprotocolvariant":
				if variant == nil {
					variant = &ec.Parameters[i]
				}
			case t == "authproviderurl" && p.Value.Value != "",
				t == "signingcertificate",
				t == "authprovider",
				t == "externalauthidentityprovider":
				has[t] = true
			}
		}
		if has["externalauthidentityprovider"] {
			continue // the identity provider holds the endpoints and keys
		}
		var missing []string
		var flow string
		var span loc.Span
		if variant == nil {
			flow, span = "the OAuth browser flow (it has no AuthProtocolVariant parameter)", ec.AuthenticationProtocol.Span
			if !has["authprovider"] {
				missing = append(missing, "AuthProvider parameter (the authentication provider users log in with; "+
					"an ExternalAuthIdentityProvider parameter also serves)")
			}
		} else {
			needs, known := oauthVariantNeeds[strings.ToLower(variant.Value.Value)]
			if !known {
				continue // a variant of another protocol, or one nclint does not know
			}
			flow, span = fmt.Sprintf("the OAuth %s flow", variant.Value.Value), variant.Value.Span
			if needs.url && !has["authproviderurl"] {
				missing = append(missing, "AuthProviderUrl parameter (the token endpoint URL)")
			}
			if needs.cert && !has["signingcertificate"] {
				missing = append(missing, "SigningCertificate parameter (the certificate that signs the JWT)")
			}
		}
		if len(missing) == 0 {
			continue
		}
		pass.Report(lint.Finding{
			Message: fmt.Sprintf("External credential %s uses %s but has no %s, so Salesforce cannot obtain an access token "+
				"and every callout through it fails. Add the missing parameter%s.",
				ec.Name, flow, strings.Join(missing, " and no "), parametersSuffix(len(missing))),
			Span:     span,
			Identity: "ExternalCredential:" + ec.Name + "|" + strings.ToLower(variant0(variant)),
		})
	}
}

// variant0 returns the variant value, or "browser" when there is none.
func variant0(p *model.ExternalCredentialParameter) string {
	if p == nil {
		return "browser"
	}
	return p.Value.Value
}

func parametersSuffix(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
