package rules

import (
	"github.com/nclint/nclint/internal/suggest"
	"strconv"
	"strings"
)

// The Metadata API enumerations that rule NC902 (unknown-enum-value) checks
// and rule NC903 (legacy-named-credential) maps. The values are those of the
// Metadata API WSDL, version 66.0 (forcedotcom/wsdl resources/metadata.wsdl),
// as listed in the project reference /work/shared/reference/salesforce-metadata.md:
//
//   - NamedCredentialType: section 2.2
//   - NamedCredentialParamType: section 2.3
//   - ExternalPrincipalType (legacy principalType) and AuthenticationProtocol
//     (legacy protocol, ExternalCredential authenticationProtocol): sections 2.1 and 3.1
//   - ExternalCredentialParamType: section 3.3
//
// Every WSDL value is accepted, including those the documentation calls
// "reserved for internal use" and those that are in the WSDL but
// undocumented: Salesforce writes them on retrieve, so they appear in real
// source. Documented lists the values the documentation describes, for
// messages and help.
type metadataEnum struct {
	// Type is the WSDL simple type, e.g. "NamedCredentialParamType".
	Type string
	// Values are all WSDL 66.0 values, spelled as the WSDL spells them.
	Values []string
	// Documented are the values the Metadata API Developer Guide describes.
	Documented []string
	// Removed maps values that older WSDLs had to the API version whose
	// WSDL dropped them. Deploys at that version or later reject them.
	Removed map[string]int
}

var (
	namedCredentialTypeEnum = &metadataEnum{
		Type:       "NamedCredentialType",
		Values:     []string{"Legacy", "AnonymousEndpoint", "SecuredEndpoint", "PrivateEndpoint", "Credentials", "Standard"},
		Documented: []string{"SecuredEndpoint", "PrivateEndpoint", "Legacy"},
	}

	namedCredentialParamTypeEnum = &metadataEnum{
		Type: "NamedCredentialParamType",
		Values: []string{
			"Url", "Authentication", "ClientCertificate", "HttpHeader", "AllowedManagedPackageNamespaces",
			"OutboundNetworkConnection", "ManagedByNamespace",
			// Reserved for internal use.
			"ConnectionStatus", "CreatedByNamespace", "CustomParameter", "ManagedByComponent", "ManagedByFeature",
			"NamedCredentialOptions", "SfHttpRequestExtensionName", "StandardNamedCredentialType",
			// In the WSDL since API 54, undocumented.
			"UrlQueryParameter", "HttpCookie", "ServerCertificate", "FormulaVariable",
		},
		Documented: []string{
			"Url", "Authentication", "ClientCertificate", "HttpHeader", "AllowedManagedPackageNamespaces",
			"OutboundNetworkConnection", "ManagedByNamespace",
		},
	}

	externalCredentialParamTypeEnum = &metadataEnum{
		Type: "ExternalCredentialParamType",
		Values: []string{
			"NamedPrincipal", "PerUserPrincipal", "AwsStsPrincipal", "AuthProvider", "ExternalAuthIdentityProvider",
			"AuthProviderUrl", "AuthProviderUrlQueryParameter", "AuthParameter", "AuthProtocolVariant", "AuthHeader",
			"SigningCertificate", "JwtBodyClaim", "JwtHeaderClaim", "AdditionalRefreshStatusCode",
			// Reserved for internal use.
			"GlobalNamedPrincipal", "SystemUserPrincipal", "CreatedByNamespace", "ManagedByComponent",
			"ManagedByFeature", "SfHttpRequestExtensionName",
			// In the WSDL, undocumented.
			"ParameterGroup", "FormulaVariable", "AuthProviderAuthParameter", "AuthContext", "AuthQueryParameter",
			"TenantPrincipal",
		},
		Documented: []string{
			"NamedPrincipal", "PerUserPrincipal", "AwsStsPrincipal", "AuthProvider", "ExternalAuthIdentityProvider",
			"AuthProviderUrl", "AuthProviderUrlQueryParameter", "AuthParameter", "AuthProtocolVariant", "AuthHeader",
			"SigningCertificate", "JwtBodyClaim", "JwtHeaderClaim", "AdditionalRefreshStatusCode",
		},
		// In the WSDL up to API 60.0, removed in 61.0 (reference section 3.3).
		Removed: map[string]int{
			"AuthProviderHttpHeader":        61,
			"AuthProviderHttpCookie":        61,
			"AuthProviderClientCertificate": 61,
			"AuthProviderServerCertificate": 61,
		},
	}

	// authenticationProtocolEnum is shared by the legacy named credential
	// <protocol>, the external credential <authenticationProtocol> and the
	// external data source <protocol>. Documented is what the documentation
	// lists for external credentials; legacyProtocols is its list for
	// legacy named credentials.
	authenticationProtocolEnum = &metadataEnum{
		Type: "AuthenticationProtocol",
		Values: []string{
			"NoAuthentication", "Certificate", "Oauth", "Password", "NTLM", "AwsSv4", "Jwt", "JwtExchange",
			"C2c", "ApiKey", "Custom", "InternalOAuth", "OrgJwt", "Basic",
		},
		Documented: []string{"AwsSv4", "Basic", "Custom", "Oauth"},
	}

	legacyProtocols = []string{"NoAuthentication", "Password", "Oauth", "Jwt", "JwtExchange", "AwsSv4"}

	externalPrincipalTypeEnum = &metadataEnum{
		Type:       "ExternalPrincipalType",
		Values:     []string{"Anonymous", "PerUser", "NamedUser", "UserWithImpersonation"},
		Documented: []string{"Anonymous", "NamedUser", "PerUser"},
	}
)

// enumVerdict is what lookup says about a value.
type enumVerdict int

const (
	enumKnown      enumVerdict = iota // exactly a WSDL 66.0 value
	enumCaseOnly                      // a WSDL value in another case
	enumRemoved                       // a value an older WSDL had
	enumUnknown                       // none of these
	enumNotChecked                    // empty: other rules or NC901 handle it
)

// lookup classifies v. canonical is the WSDL spelling for enumKnown,
// enumCaseOnly and enumRemoved, and a suggestion (or "") for enumUnknown.
// removedIn is the API version that dropped an enumRemoved value.
func (e *metadataEnum) lookup(v string) (verdict enumVerdict, canonical string, removedIn int) {
	if v == "" {
		return enumNotChecked, "", 0
	}
	for _, c := range e.Values {
		if c == v {
			return enumKnown, c, 0
		}
	}
	for _, c := range e.Values {
		if strings.EqualFold(c, v) {
			return enumCaseOnly, c, 0
		}
	}
	for c, version := range e.Removed {
		if strings.EqualFold(c, v) {
			return enumRemoved, c, version
		}
	}
	return enumUnknown, e.suggest(v), 0
}

// canonical returns the WSDL spelling of v (ignoring case), or "".
func (e *metadataEnum) canonical(v string) string {
	for _, c := range e.Values {
		if strings.EqualFold(c, v) {
			return c
		}
	}
	return ""
}

// suggest returns the value v most likely meant: one that differs only by
// case, spaces or underscores; else the only one that starts with or
// contains v (ignoring case, for v of four characters or more, so "NoAuth"
// suggests "NoAuthentication"); else suggest.Best's (the only one within two
// edits, and less than a third of its length); else "".
func (e *metadataEnum) suggest(v string) string {
	if m := suggest.Near(v, e.Values); m != "" {
		return m
	}
	lv := strings.ToLower(v)
	if len(lv) >= 4 {
		for _, match := range []func(c string) bool{
			func(c string) bool { return strings.HasPrefix(c, lv) },
			func(c string) bool { return strings.Contains(c, lv) },
		} {
			var found []string
			for _, c := range e.Values {
				if match(strings.ToLower(c)) {
					found = append(found, c)
				}
			}
			if len(found) == 1 {
				return found[0]
			}
			if len(found) > 1 {
				return ""
			}
		}
	}
	return suggest.Best(v, e.Values)
}

// apiMajor parses a sourceApiVersion such as "62.0" into 62, or 0 when it
// is empty or not a version.
func apiMajor(v string) int {
	major, _, _ := strings.Cut(strings.TrimSpace(v), ".")
	n, err := strconv.Atoi(major)
	if err != nil || n <= 0 {
		return 0
	}
	return n
}
