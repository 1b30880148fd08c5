package rules

import (
	"fmt"
	"strings"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/suggest"
)

// UnknownEnumValue (NC902) reports enumeration values of credential metadata
// that the Metadata API does not know: parameter types, named credential
// types, authentication protocols and legacy principal types and protocols.
var UnknownEnumValue = &lint.Rule{
	ID:        "NC902",
	Name:      "unknown-enum-value",
	Level:     lint.LevelNote,
	Precision: "high",
	Tags:      []string{"metadata", "deploy"},
	Short:     "Enumeration value the Metadata API does not know",
	Full: "A parameterType (of a named credential or an external credential parameter, each checked against " +
		"its own list), namedCredentialType, authenticationProtocol, principalType or protocol value is not one " +
		"of the values of the Metadata API WSDL 66.0, differs from one only in case, or was removed from the API " +
		"(external credential AuthProvider* parameter types, removed in 61.0, are reported only when the project's " +
		"sourceApiVersion is 61.0 or later or unset). Values the documentation reserves for internal use or leaves " +
		"undocumented are accepted, since retrieves write them. The rule is a note: a newer API version may add values.",
	Help: `## Why it breaks

The Metadata API validates each of these elements against a fixed list of values (an enumeration in its WSDL).
A value outside the list, such as ` + "`OAuth`" + ` for ` + "`Oauth`" + `, ` + "`SecureEndpoint`" + ` for
` + "`SecuredEndpoint`" + ` or an invented parameter type such as ` + "`OauthScope`" + `, makes the deploy reject the
file. The WSDL's values are case-sensitive; nclint's other rules read a value that differs only in case as the value
it resembles, so they may pass a file that does not deploy. Hand-written or AI-generated metadata is where these
values come from: a retrieve from an org always writes valid values.

Documented values:

- ` + "`namedCredentialType`" + `: ` + "`SecuredEndpoint`, `PrivateEndpoint`, `Legacy`" + `
- named credential ` + "`parameterType`" + `: ` + "`Url`, `Authentication`, `ClientCertificate`, `HttpHeader`, `AllowedManagedPackageNamespaces`, `OutboundNetworkConnection`, `ManagedByNamespace`" + `
- external credential ` + "`parameterType`" + `: ` + "`NamedPrincipal`, `PerUserPrincipal`, `AwsStsPrincipal`, `AuthProvider`, `ExternalAuthIdentityProvider`, `AuthProviderUrl`, `AuthProviderUrlQueryParameter`, `AuthParameter`, `AuthProtocolVariant`, `AuthHeader`, `SigningCertificate`, `JwtBodyClaim`, `JwtHeaderClaim`, `AdditionalRefreshStatusCode`" + `
- external credential ` + "`authenticationProtocol`" + `: ` + "`AwsSv4`, `Basic`, `Custom`, `Oauth`" + `
- legacy named credential ` + "`principalType`" + `: ` + "`Anonymous`, `NamedUser`, `PerUser`" + `; ` + "`protocol`" + `: ` + "`NoAuthentication`, `Password`, `Oauth`, `Jwt`, `JwtExchange`, `AwsSv4`" + `

The WSDL also has values reserved for internal use or undocumented (for example ` + "`Standard`" + `,
` + "`CreatedByNamespace`" + `, ` + "`UserWithImpersonation`" + `, ` + "`InternalOAuth`" + `); nclint accepts them.

## How to fix

Write the value exactly as the Metadata API spells it. There is no ` + "`OauthScope`" + ` parameter type: an OAuth
scope is an ` + "`AuthParameter`" + ` named ` + "`Scope`" + `.

` + "```xml" + `
<ExternalCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <authenticationProtocol>Oauth</authenticationProtocol>
    <externalCredentialParameters>
        <parameterGroup>DefaultGroup</parameterGroup>
        <parameterName>Scope</parameterName>
        <parameterType>AuthParameter</parameterType>
        <parameterValue>api refresh_token</parameterValue>
    </externalCredentialParameters>
    ...
</ExternalCredential>
` + "```" + `

## References

- Metadata API WSDL, API 47.0 to 66.0 (enumerations ` + "`NamedCredentialType`, `NamedCredentialParamType`, `ExternalCredentialParamType`, `AuthenticationProtocol`, `ExternalPrincipalType`" + `): forcedotcom/wsdl, ` + "`metadata.wsdl`" + ` per release
- Metadata API Developer Guide, NamedCredential: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_namedcredential.htm
- Metadata API Developer Guide, ExternalCredential: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_externalcredential.htm
`,
	Check: checkUnknownEnumValue,
}

func checkUnknownEnumValue(pass *lint.Pass) {
	api := apiMajor(pass.Graph.Tree.Settings.SourceAPIVersion)
	apiText := pass.Graph.Tree.Settings.SourceAPIVersion
	check := func(e *metadataEnum, documented []string, t model.Text, required bool, owner, element, identity string) {
		if !t.Present() {
			return
		}
		var problem string
		verdict, canonical, removedIn := e.lookup(t.Value)
		switch verdict {
		case enumKnown:
			return
		case enumNotChecked:
			if required {
				return // NC901 reports a required element that is empty.
			}
			problem = fmt.Sprintf("<%s> is empty, which is not a %s value. Write one of %s or remove the element.",
				element, e.Type, strings.Join(documented, ", "))
		case enumCaseOnly:
			problem = fmt.Sprintf("%s %q differs from the Metadata API value %q only in case. Did you mean %q? "+
				"The WSDL's enumeration values are case-sensitive, so the deploy may reject it.",
				element, t.Value, canonical, canonical)
		case enumRemoved:
			if api > 0 && api < removedIn {
				return
			}
			version := "is not set, so the CLI deploys at the org's API version"
			if apiText != "" {
				version = "is " + apiText
			}
			problem = fmt.Sprintf("%s %q was removed from the Metadata API in version %d.0 (the project's sourceApiVersion %s); "+
				"deploys at %d.0 or later reject it. Remove the parameter, set the equivalent up again in Setup and retrieve the result.",
				element, t.Value, removedIn, version, removedIn)
		case enumUnknown:
			problem = fmt.Sprintf("%s %q is not a Metadata API %s value (WSDL 66.0), so the deploy rejects the file unless a later API version added it.",
				element, t.Value, e.Type)
			switch {
			case e == externalCredentialParamTypeEnum && (suggest.Squash(t.Value) == "oauthscope" || suggest.Squash(t.Value) == "scope"):
				problem += ` An OAuth scope is an AuthParameter parameter named Scope.`
			case canonical != "":
				problem += didYouMean(canonical)
			case len(documented) > 0 && len(documented) <= 7:
				problem += " Documented values: " + strings.Join(documented, ", ") + "."
			}
		}
		pass.Report(lint.Finding{
			Message:  owner + ": " + problem,
			Span:     t.Span,
			Identity: identity + "|" + element + "|" + t.Value,
		})
	}

	for _, nc := range pass.Graph.Tree.NamedCredentials {
		owner, id := "Named credential "+nc.Name, "NamedCredential:"+nc.Name
		check(namedCredentialTypeEnum, namedCredentialTypeEnum.Documented, nc.Type, false, owner, "namedCredentialType", id)
		check(externalPrincipalTypeEnum, externalPrincipalTypeEnum.Documented, nc.PrincipalType, false, owner, "principalType", id)
		check(authenticationProtocolEnum, legacyProtocols, nc.Protocol, false, owner, "protocol", id)
		for _, p := range nc.Parameters {
			check(namedCredentialParamTypeEnum, namedCredentialParamTypeEnum.Documented, p.Type, true,
				owner+", parameter "+p.Name.Value, "parameterType", id+"|"+p.Name.Value)
		}
	}
	for _, ec := range pass.Graph.Tree.ExternalCredentials {
		owner, id := "External credential "+ec.Name, "ExternalCredential:"+ec.Name
		check(authenticationProtocolEnum, authenticationProtocolEnum.Documented, ec.AuthenticationProtocol, true, owner, "authenticationProtocol", id)
		for _, p := range ec.Parameters {
			check(externalCredentialParamTypeEnum, externalCredentialParamTypeEnum.Documented, p.Type, true,
				owner+", parameter "+p.Name.Value, "parameterType", id+"|"+p.Name.Value)
		}
	}
	for _, ds := range pass.Graph.Tree.ExternalDataSources {
		owner, id := "External data source "+ds.Name, "ExternalDataSource:"+ds.Name
		check(externalPrincipalTypeEnum, externalPrincipalTypeEnum.Documented, ds.PrincipalType, true, owner, "principalType", id)
		check(authenticationProtocolEnum, legacyProtocols, ds.Protocol, true, owner, "protocol", id)
	}
}
