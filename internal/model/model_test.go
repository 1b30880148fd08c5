package model

import (
	"testing"

	"github.com/nclint/nclint/internal/loc"
)

func TestIsTestCode(t *testing.T) {
	src := &ApexSource{Types: []ApexType{
		{Name: "Svc"},
		{Name: "SvcTest", Annotations: []Annotation{{Name: "IsTest"}}},
		{Name: "Mock", Outer: "SvcTest"},
		{Name: "Deep", Outer: "Mock"},
		{Name: "Inner", Outer: "Svc"},
	}}
	for typ, want := range map[string]bool{"Svc": false, "svctest": true, "Mock": true, "Deep": true, "Inner": false,
		"Missing": false, "": false} {
		if got := src.IsTestCode(typ); got != want {
			t.Errorf("IsTestCode(%q) = %v, want %v", typ, got, want)
		}
	}
}

// TestStoresNoCredential: only the Custom protocol with the NoAuthentication
// variant stores no credential; the variant on another protocol, Custom
// without it and another variant do not.
func TestStoresNoCredential(t *testing.T) {
	v := func(s string) Text { return Text{Value: s, Span: loc.Span{File: "ec.xml"}} }
	variant := func(val string) ExternalCredentialParameter {
		return ExternalCredentialParameter{Name: v("Custom"), Type: v("AuthProtocolVariant"), Value: v(val)}
	}
	named := ExternalCredentialParameter{Name: v("Service"), Type: v(NamedPrincipal)}
	for _, c := range []struct {
		protocol string
		params   []ExternalCredentialParameter
		want     bool
	}{
		{"Custom", []ExternalCredentialParameter{variant("NoAuthentication"), named}, true},
		{"custom", []ExternalCredentialParameter{named, variant("noauthentication")}, true},
		{"Custom", []ExternalCredentialParameter{named}, false},
		{"Oauth", []ExternalCredentialParameter{variant("NoAuthentication"), named}, false},
		{"Oauth", []ExternalCredentialParameter{variant("ClientCredentialsClientSecret"), named}, false},
		{"Custom", []ExternalCredentialParameter{{Name: v("NoAuthentication"), Type: v("AuthParameter"), Value: v("NoAuthentication")}}, false},
	} {
		ec := &ExternalCredential{AuthenticationProtocol: v(c.protocol), Parameters: c.params}
		if got := ec.StoresNoCredential(); got != c.want {
			t.Errorf("protocol %s, parameters %+v: StoresNoCredential = %v, want %v", c.protocol, c.params, got, c.want)
		}
	}
}
