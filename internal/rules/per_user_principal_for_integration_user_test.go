package rules

import (
	"testing"

	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
)

// TestNeedsBrowserFlow pins which per-user principals NC202 reports as
// errors: only OAuth without an AuthProtocolVariant (the browser flow).
func TestNeedsBrowserFlow(t *testing.T) {
	txt := func(v string) model.Text {
		return model.Text{Value: v, Span: loc.Span{File: "ec.xml", Start: loc.Pos{Line: 1, Col: 1}}}
	}
	ec := func(protocol, variant string) *model.ExternalCredential {
		x := &model.ExternalCredential{AuthenticationProtocol: txt(protocol),
			Parameters: []model.ExternalCredentialParameter{{Name: txt("Partner User"), Type: txt("PerUserPrincipal")}}}
		if variant != "" {
			x.Parameters = append(x.Parameters, model.ExternalCredentialParameter{Name: txt(protocol), Type: txt("AuthProtocolVariant"), Value: txt(variant)})
		}
		return x
	}
	for _, tc := range []struct {
		protocol, variant string
		want              bool
	}{
		{"Oauth", "", true},
		{"OAuth", "", true},
		{"Oauth", "JwtBearer", false},
		{"Oauth", "ClientCredentialsClientSecret", false},
		{"Basic", "", false},
		{"Custom", "NoAuthentication", false},
		{"AwsSv4", "", false},
	} {
		if got := needsBrowserFlow(ec(tc.protocol, tc.variant)); got != tc.want {
			t.Errorf("needsBrowserFlow(%s, %q) = %v, want %v", tc.protocol, tc.variant, got, tc.want)
		}
	}
}
