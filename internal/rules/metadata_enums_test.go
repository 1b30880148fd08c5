package rules

import "testing"

func TestEnumLookup(t *testing.T) {
	tests := []struct {
		enum      *metadataEnum
		value     string
		verdict   enumVerdict
		canonical string
	}{
		{namedCredentialTypeEnum, "SecuredEndpoint", enumKnown, "SecuredEndpoint"},
		{namedCredentialTypeEnum, "Standard", enumKnown, "Standard"}, // reserved for internal use
		{namedCredentialTypeEnum, "securedendpoint", enumCaseOnly, "SecuredEndpoint"},
		{namedCredentialTypeEnum, "SecureEndpoint", enumUnknown, "SecuredEndpoint"},
		{namedCredentialTypeEnum, "", enumNotChecked, ""},
		{namedCredentialParamTypeEnum, "UrlQueryParameter", enumKnown, "UrlQueryParameter"}, // undocumented
		{namedCredentialParamTypeEnum, "QueryParameter", enumUnknown, "UrlQueryParameter"},
		{namedCredentialParamTypeEnum, "Http_Header", enumUnknown, "HttpHeader"},
		{namedCredentialParamTypeEnum, "NamedPrincipal", enumUnknown, ""}, // an external credential type
		{externalCredentialParamTypeEnum, "TenantPrincipal", enumKnown, "TenantPrincipal"},
		{externalCredentialParamTypeEnum, "authProviderHttpHeader", enumRemoved, "AuthProviderHttpHeader"},
		{externalCredentialParamTypeEnum, "Url", enumUnknown, ""},
		{authenticationProtocolEnum, "OAuth", enumCaseOnly, "Oauth"},
		{authenticationProtocolEnum, "NoAuth", enumUnknown, "NoAuthentication"},
		{authenticationProtocolEnum, "Bearer", enumUnknown, ""},
		{externalPrincipalTypeEnum, "UserWithImpersonation", enumKnown, "UserWithImpersonation"},
		{externalPrincipalTypeEnum, "NamedPrincipal", enumUnknown, ""},
	}
	for _, tt := range tests {
		verdict, canonical, _ := tt.enum.lookup(tt.value)
		if verdict != tt.verdict || canonical != tt.canonical {
			t.Errorf("%s.lookup(%q) = %d, %q; want %d, %q", tt.enum.Type, tt.value, verdict, canonical, tt.verdict, tt.canonical)
		}
	}
}

func TestEnumValuesUnique(t *testing.T) {
	for _, e := range []*metadataEnum{namedCredentialTypeEnum, namedCredentialParamTypeEnum,
		externalCredentialParamTypeEnum, authenticationProtocolEnum, externalPrincipalTypeEnum} {
		seen := map[string]bool{}
		for _, v := range e.Values {
			if seen[v] {
				t.Errorf("%s lists %s twice", e.Type, v)
			}
			seen[v] = true
			if _, removed := e.Removed[v]; removed {
				t.Errorf("%s: %s is both current and removed", e.Type, v)
			}
		}
		for _, v := range e.Documented {
			if !seen[v] {
				t.Errorf("%s: documented value %s is not among the values", e.Type, v)
			}
		}
	}
	for _, v := range legacyProtocols {
		if authenticationProtocolEnum.canonical(v) != v {
			t.Errorf("legacy protocol %s is not an AuthenticationProtocol value", v)
		}
	}
}

func TestGeneratedFromRecord(t *testing.T) {
	for name, want := range map[string]bool{
		"a3SW5000001IbtNMAS_SF_Core_Integration_001": true,
		"a3SW5000001IbuzMAC_SF_Core_Production_001":  true,
		"a3SW5000001IbtNMAA_SF_Core_Integration_001": false, // wrong case-safe suffix
		"a3SW5000001IbtNMAS":                         false, // no "_" after the ID
		"Billing_Integration_API_Production":         false,
		"Salesforce_Marketing_Cloud":                 false,
	} {
		if got := generatedFromRecord(name); got != want {
			t.Errorf("generatedFromRecord(%q) = %v, want %v", name, got, want)
		}
	}
}
