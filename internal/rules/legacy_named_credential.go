package rules

import (
	"fmt"
	"strings"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/model"
)

// LegacyNamedCredential (NC903) reports named credentials that use the
// legacy model Salesforce deprecated in API 56.0, with a concrete plan for
// the external credential and named credential that replace each one.
var LegacyNamedCredential = &lint.Rule{
	ID:        "NC903",
	Name:      "legacy-named-credential",
	Level:     lint.LevelNote,
	Precision: "very-high",
	Tags:      []string{"metadata", "maintainability"},
	Short:     "Named credential uses the legacy model deprecated in API 56.0",
	Full: "A named credential has no namedCredentialType, or namedCredentialType Legacy: it keeps the endpoint, " +
		"protocol, identity type and credentials in one component, the model Salesforce deprecated in API 56.0 in " +
		"favour of an external credential (authentication, principals granted through permission sets) plus a " +
		"SecuredEndpoint named credential (URL). The message names the legacy fields found and what to create for " +
		"this credential. A file without namedCredentialType whose only content is new-style parameters is not " +
		"reported (it is a new-style credential missing its type), nor is another package's namespaced credential, " +
		"which only that package can migrate, nor one whose name starts with an 18-character record ID (generated " +
		"from a record by a tool such as DevOps Center, which owns it).",
	Help: `## Why it breaks

Legacy named credentials still work, but Salesforce deprecated the model in API 56.0 and builds new features only for
the external credential model: permission-set based access to principals, custom authentication headers, OAuth client
credentials and JWT bearer flows, AWS STS and Roles Anywhere, packageable external credentials. A legacy named
credential also grants its one credential to every user who can run the callout, with no permission set in between.

## How to fix

Create an external credential with the matching ` + "`authenticationProtocol`" + ` and principal, grant the principal
in a permission set, and rewrite the named credential as ` + "`SecuredEndpoint`" + ` pointing at it. The legacy fields
map as follows:

| Legacy | New model |
|---|---|
| ` + "`endpoint`" + ` | named credential ` + "`Url`" + ` parameter |
| ` + "`certificate`" + ` | named credential ` + "`ClientCertificate`" + ` parameter |
| ` + "`outboundNetworkConnection`" + ` | ` + "`PrivateEndpoint`" + ` named credential with an ` + "`OutboundNetworkConnection`" + ` parameter |
| ` + "`principalType`" + ` ` + "`NamedUser`" + ` / ` + "`PerUser`" + ` | ` + "`NamedPrincipal`" + ` / ` + "`PerUserPrincipal`" + ` parameter, granted through ` + "`externalCredentialPrincipalAccesses`" + ` |
| ` + "`protocol`" + ` ` + "`NoAuthentication`" + ` | ` + "`Custom`" + ` with an ` + "`AuthProtocolVariant`" + ` ` + "`NoAuthentication`" + ` and a named principal |
| ` + "`protocol`" + ` ` + "`Password`" + ` | ` + "`Basic`" + ` (API 60.0+); username and password become the principal's credentials, entered in Setup |
| ` + "`protocol`" + ` ` + "`Oauth`" + `, ` + "`authProvider`" + `, ` + "`oauthScope`" + ` | ` + "`Oauth`" + ` with an ` + "`AuthProvider`" + ` parameter and an ` + "`AuthParameter`" + ` named ` + "`Scope`" + ` |
| ` + "`protocol`" + ` ` + "`JwtExchange`" + ` (and ` + "`Jwt`" + `) | ` + "`Oauth`" + ` with the ` + "`JwtBearer`" + ` variant, ` + "`AuthProviderUrl`" + `, ` + "`SigningCertificate`" + ` and ` + "`JwtBodyClaim`" + ` parameters |
| ` + "`protocol`" + ` ` + "`AwsSv4`" + `, ` + "`awsRegion`" + `, ` + "`awsService`" + ` | ` + "`AwsSv4`" + ` with ` + "`AuthParameter`" + ` ` + "`AwsRegion`" + ` and ` + "`AwsService`" + ` |

The legacy ` + "`Jwt`" + ` protocol sent the signed JWT itself as the bearer token; ` + "`JwtBearer`" + ` exchanges it
for an access token at a token endpoint, so check that the API offers one.

A legacy OAuth named credential such as

` + "```xml" + `
<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <authProvider>Google_Auth</authProvider>
    <endpoint>https://www.googleapis.com/calendar/v3</endpoint>
    <label>Calendar</label>
    <oauthScope>https://www.googleapis.com/auth/calendar.readonly</oauthScope>
    <principalType>PerUser</principalType>
    <protocol>Oauth</protocol>
</NamedCredential>
` + "```" + `

becomes the external credential ` + "`externalCredentials/Calendar.externalCredential-meta.xml`" + `

` + "```xml" + `
<ExternalCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <authenticationProtocol>Oauth</authenticationProtocol>
    <externalCredentialParameters>
        <authProvider>Google_Auth</authProvider>
        <parameterGroup>DefaultGroup</parameterGroup>
        <parameterName>AuthProvider</parameterName>
        <parameterType>AuthProvider</parameterType>
    </externalCredentialParameters>
    <externalCredentialParameters>
        <parameterGroup>DefaultGroup</parameterGroup>
        <parameterName>Scope</parameterName>
        <parameterType>AuthParameter</parameterType>
        <parameterValue>https://www.googleapis.com/auth/calendar.readonly</parameterValue>
    </externalCredentialParameters>
    <externalCredentialParameters>
        <parameterGroup>Calendar Users</parameterGroup>
        <parameterName>Calendar Users</parameterName>
        <parameterType>PerUserPrincipal</parameterType>
        <sequenceNumber>1</sequenceNumber>
    </externalCredentialParameters>
    <label>Calendar</label>
</ExternalCredential>
` + "```" + `

plus the named credential

` + "```xml" + `
<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <allowMergeFieldsInBody>false</allowMergeFieldsInBody>
    <allowMergeFieldsInHeader>false</allowMergeFieldsInHeader>
    <calloutStatus>Enabled</calloutStatus>
    <generateAuthorizationHeader>true</generateAuthorizationHeader>
    <label>Calendar</label>
    <namedCredentialParameters>
        <parameterName>Url</parameterName>
        <parameterType>Url</parameterType>
        <parameterValue>https://www.googleapis.com/calendar/v3</parameterValue>
    </namedCredentialParameters>
    <namedCredentialParameters>
        <externalCredential>Calendar</externalCredential>
        <parameterName>ExternalCredential</parameterName>
        <parameterType>Authentication</parameterType>
    </namedCredentialParameters>
    <namedCredentialType>SecuredEndpoint</namedCredentialType>
</NamedCredential>
` + "```" + `

and a permission set entry granting the principal:

` + "```xml" + `
<externalCredentialPrincipalAccesses>
    <enabled>true</enabled>
    <externalCredentialPrincipal>Calendar-Calendar Users</externalCredentialPrincipal>
</externalCredentialPrincipalAccesses>
` + "```" + `

A per-user principal also needs Read, Create, Edit and Delete on the ` + "`UserExternalCredential`" + ` object, and
each user authenticates once in their personal settings. Deploy the new components, move the callers over (Apex
` + "`callout:`" + ` names do not change if the new named credential keeps the name), then delete the legacy fields.

A project pinned to an older ` + "`sourceApiVersion`" + ` must raise it first: the external credential model is
documented from API 56.0, and the permission set element that grants a principal
(` + "`externalCredentialPrincipalAccesses`" + `) exists in the Metadata API from 59.0 (60.0 for the ` + "`Basic`" + `
protocol). The message says so when sfdx-project.json pins a version below 59.0.

## References

- Metadata API Developer Guide, NamedCredential (legacy fields deprecated in API 56.0): https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_namedcredential.htm
- Metadata API Developer Guide, ExternalCredential and PermissionSet (` + "`externalCredentialPrincipalAccesses`" + `): https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_externalcredential.htm, https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_permissionset.htm
- Metadata API WSDL history (forcedotcom/wsdl): ` + "`externalCredentialPrincipalAccesses`" + ` on PermissionSet from API 59.0; ` + "`authenticationProtocol`" + ` ` + "`Basic`" + ` from 60.0
`,
	Check: checkLegacyNamedCredential,
}

// legacyField is one legacy element of a named credential, in the order
// Salesforce writes them (alphabetical).
type legacyField struct {
	Element string
	Text    model.Text
}

func legacyFields(nc *model.NamedCredential) []legacyField {
	all := []legacyField{
		{"authProvider", nc.AuthProvider},
		{"authTokenEndpointUrl", nc.AuthTokenEndpointURL},
		{"awsAccessKey", nc.AwsAccessKey},
		{"awsAccessSecret", nc.AwsAccessSecret},
		{"awsRegion", nc.AwsRegion},
		{"awsService", nc.AwsService},
		{"certificate", nc.Certificate},
		{"endpoint", nc.Endpoint},
		{"jwtAudience", nc.JwtAudience},
		{"jwtFormulaSubject", nc.JwtFormulaSubject},
		{"jwtIssuer", nc.JwtIssuer},
		{"jwtSigningCertificate", nc.JwtSigningCertificate},
		{"jwtTextSubject", nc.JwtTextSubject},
		{"jwtValidityPeriodSeconds", nc.JwtValidityPeriodSeconds},
		{"oauthRefreshToken", nc.OAuthRefreshToken},
		{"oauthScope", nc.OAuthScope},
		{"oauthToken", nc.OAuthToken},
		{"outboundNetworkConnection", nc.OutboundNetworkConnection},
		{"password", nc.Password},
		{"principalType", nc.PrincipalType},
		{"protocol", nc.Protocol},
		{"username", nc.Username},
	}
	var out []legacyField
	for _, f := range all {
		if f.Text.Present() {
			out = append(out, f)
		}
	}
	return out
}

func checkLegacyNamedCredential(pass *lint.Pass) {
	g := pass.Graph
	for _, nc := range g.Tree.NamedCredentials {
		if !nc.IsLegacy() || nc.Unparsed {
			continue // an unreadable file has no namedCredentialType to judge
		}
		// Another package's component (a retrieved org with managed
		// packages): only that package's publisher can migrate it.
		if g.ForeignNamespace(nc.Name) != "" {
			continue
		}
		// Generated from a record by a tool that owns it: DevOps Center
		// names the credentials of its pipeline environments
		// "<18-character record ID>_<stage>_<n>" and recreates them itself.
		if generatedFromRecord(nc.Name) {
			continue
		}
		fields := legacyFields(nc)
		// No type, no legacy field, but new-style parameters: a new-style
		// credential that lost its namedCredentialType, not a legacy one.
		if !nc.Type.Present() && len(fields) == 0 && len(nc.Parameters) > 0 {
			continue
		}
		var names []string
		for _, f := range fields {
			names = append(names, f.Element)
		}
		why := "has no <namedCredentialType>"
		if nc.Type.Present() {
			why = "has namedCredentialType Legacy"
		}
		found := ""
		if len(names) > 0 {
			found = "; legacy fields: " + strings.Join(names, ", ")
		}
		// The finding points at the root element: the fix replaces the
		// whole component (a new external credential and a rewritten named
		// credential), so no single legacy field is "the" element to edit,
		// and the first field in Salesforce's alphabetical order
		// (authProvider, certificate, endpoint, ...) would be an arbitrary
		// choice that moves as fields are added or removed.
		pass.Report(lint.Finding{
			Message: fmt.Sprintf("Named credential %s uses the legacy model that Salesforce deprecated in API 56.0 (it %s%s). %s%s",
				nc.Name, why, found, raiseAPIVersion(g.Tree.Settings.SourceAPIVersion), migrationPlan(nc)),
			Span:     nc.Root,
			Identity: "NamedCredential:" + nc.Name,
		})
	}
}

// raiseAPIVersion says what a project pinned below the API versions the
// migration needs must do first: the external credential model is
// documented from API 56.0, and permission set grants of principals
// (externalCredentialPrincipalAccesses) exist in the Metadata API from 59.0.
// "" when sourceApiVersion is 59.0 or later, or unknown.
func raiseAPIVersion(version string) string {
	switch v := apiMajor(version); {
	case v == 0 || v >= 59:
		return ""
	case v < 56:
		return fmt.Sprintf("The project is pinned to sourceApiVersion %s, below the API 56.0 that introduced the external "+
			"credential model: raise sourceApiVersion in sfdx-project.json first (to 59.0 or later, which permission set "+
			"grants of principals need). ", strings.TrimSpace(version))
	default:
		return fmt.Sprintf("Permission set grants of principals (externalCredentialPrincipalAccesses) need sourceApiVersion "+
			"59.0 or later (the project has %s): raise it first. ", strings.TrimSpace(version))
	}
}

// migrationPlan says what to create for nc in the external credential model.
func migrationPlan(nc *model.NamedCredential) string {
	protocol := authenticationProtocolEnum.canonical(nc.Protocol.Value)
	if protocol == "" {
		protocol = nc.Protocol.Value
	}
	principal, principalNote := newPrincipal(nc.PrincipalType.Value)

	var ec string
	switch protocol {
	case "", "NoAuthentication":
		ec = "authenticationProtocol Custom, an AuthProtocolVariant parameter (parameterName Custom) with value NoAuthentication and " + principal
	case "Password":
		who := "whose username and password you enter in Setup"
		if principal == "a PerUserPrincipal" {
			who = "for which each user enters their own username and password"
		}
		ec = "authenticationProtocol Basic (API 60.0 or later) and " + principal + " " + who
	case "Oauth":
		parts := []string{"authenticationProtocol Oauth"}
		if v := nc.AuthProvider.Value; v != "" {
			parts = append(parts, "an AuthProvider parameter with <authProvider>"+v+"</authProvider>")
		} else {
			parts = append(parts, "an AuthProvider parameter naming the auth provider")
		}
		if v := nc.OAuthScope.Value; v != "" {
			parts = append(parts, fmt.Sprintf("an AuthParameter named Scope with value %q", v))
		}
		ec = joinAnd(append(parts, principal))
	case "Jwt", "JwtExchange":
		parts := []string{"authenticationProtocol Oauth", "an AuthProtocolVariant parameter (parameterName Oauth) with value JwtBearer"}
		if protocol == "JwtExchange" && nc.AuthTokenEndpointURL.Value != "" {
			parts = append(parts, "an AuthProviderUrl parameter holding the authTokenEndpointUrl")
		} else {
			parts = append(parts, "an AuthProviderUrl parameter holding the token endpoint")
		}
		if v := nc.JwtSigningCertificate.Value; v != "" {
			parts = append(parts, "a SigningCertificate parameter with <certificate>"+v+"</certificate>")
		} else {
			parts = append(parts, "a SigningCertificate parameter")
		}
		if claims := jwtClaims(nc); claims != "" {
			parts = append(parts, "JwtBodyClaim parameters for the "+claims+" claims")
		}
		ec = joinAnd(append(parts, principal))
		if protocol == "Jwt" {
			ec += " (legacy Jwt sent the signed JWT itself as the bearer token; JwtBearer exchanges it at a token " +
				"endpoint, so check that the API has one)"
		}
	case "AwsSv4":
		parts := []string{"authenticationProtocol AwsSv4"}
		var aws []string
		if v := nc.AwsRegion.Value; v != "" {
			aws = append(aws, fmt.Sprintf("AwsRegion %q", v))
		}
		if v := nc.AwsService.Value; v != "" {
			aws = append(aws, fmt.Sprintf("AwsService %q", v))
		}
		if len(aws) > 0 {
			parts = append(parts, "AuthParameter parameters "+strings.Join(aws, " and "))
		} else {
			parts = append(parts, "AuthParameter parameters AwsRegion and AwsService")
		}
		ec = joinAnd(append(parts, principal+" whose access key and secret you enter in Setup"))
	default:
		why := fmt.Sprintf("legacy protocol %s has no documented external credential equivalent", protocol)
		if authenticationProtocolEnum.canonical(protocol) == "" {
			why = fmt.Sprintf("protocol %q is not a Metadata API value, so nclint cannot tell which", protocol)
		}
		ec = fmt.Sprintf("the matching authenticationProtocol (%s; the documented ones are AwsSv4, Basic, Custom and Oauth) and %s",
			why, principal)
	}

	ncType := "SecuredEndpoint"
	ncParams := []string{"a Url parameter holding the endpoint"}
	if nc.Certificate.Value != "" {
		ncParams = append(ncParams, "a ClientCertificate parameter with <certificate>"+nc.Certificate.Value+"</certificate>")
	}
	if nc.OutboundNetworkConnection.Value != "" {
		ncType = "PrivateEndpoint"
		ncParams = append(ncParams, "an OutboundNetworkConnection parameter with <outboundNetworkConnection>"+
			nc.OutboundNetworkConnection.Value+"</outboundNetworkConnection>")
	}
	ncParams = append(ncParams, "an Authentication parameter naming the external credential")

	plan := "To migrate, create an external credential with " + ec + principalNote +
		"; grant the principal in a permission set (externalCredentialPrincipalAccesses); then make " + nc.Name +
		" a " + ncType + " named credential with " + joinAnd(ncParams) + "."
	// Secrets in source were written by hand (retrieves omit them); they
	// must not be carried over into metadata.
	var secrets []string
	for _, f := range []legacyField{
		{"password", nc.Password}, {"oauthToken", nc.OAuthToken}, {"oauthRefreshToken", nc.OAuthRefreshToken},
		{"awsAccessKey", nc.AwsAccessKey}, {"awsAccessSecret", nc.AwsAccessSecret},
	} {
		if f.Text.Present() {
			secrets = append(secrets, f.Element)
		}
	}
	if len(secrets) > 0 {
		plan += " Do not carry over " + joinAnd(secrets) + ": in the new model secrets are the principal's credentials, entered in Setup, never metadata."
	}
	return plan
}

// newPrincipal maps a legacy principalType to the external credential
// principal that replaces it, with a note when there is no documented one.
func newPrincipal(principalType string) (principal, note string) {
	if principalType == "" {
		return "a NamedPrincipal", ""
	}
	switch externalPrincipalTypeEnum.canonical(principalType) {
	case "PerUser":
		return "a PerUserPrincipal", ""
	case "NamedUser", "Anonymous":
		return "a NamedPrincipal", ""
	}
	return "a NamedPrincipal", fmt.Sprintf(" (principalType %s has no documented equivalent; NamedPrincipal and "+
		"PerUserPrincipal are the documented principals)", principalType)
}

// jwtClaims names the JWT claims of a legacy JWT named credential, which
// become JwtBodyClaim parameters, e.g. "iss/sub/aud".
func jwtClaims(nc *model.NamedCredential) string {
	var claims []string
	if nc.JwtIssuer.Value != "" {
		claims = append(claims, "iss")
	}
	if nc.JwtTextSubject.Value != "" || nc.JwtFormulaSubject.Value != "" {
		claims = append(claims, "sub")
	}
	if nc.JwtAudience.Value != "" {
		claims = append(claims, "aud")
	}
	if nc.JwtValidityPeriodSeconds.Value != "" {
		claims = append(claims, "exp")
	}
	return strings.Join(claims, "/")
}

// joinAnd joins parts as "a, b and c".
func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// generatedFromRecord reports whether name starts with an 18-character
// Salesforce record ID (with a valid case-safe suffix) followed by "_", the
// way tools such as DevOps Center name the components they generate.
func generatedFromRecord(name string) bool {
	if len(name) < 19 || name[18] != '_' {
		return false
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
	for chunk := 0; chunk < 3; chunk++ {
		bits := 0
		for i := 0; i < 5; i++ {
			c := name[chunk*5+i]
			switch {
			case c >= 'A' && c <= 'Z':
				bits |= 1 << i
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			default:
				return false
			}
		}
		if name[15+chunk] != alphabet[bits] {
			return false
		}
	}
	return true
}
