package rules

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/model"
)

// TestApexFindingsNeverCarrySecrets checks that the literal token the
// apex-requests fixture sets as an Authorization header (NC607 mentions
// it) appears in no finding, not even 8 characters of it.
func TestApexFindingsNeverCarrySecrets(t *testing.T) {
	const secret = "sk_live_4eC39HqLyjWDarjtT1zdp7dcXq9Zt2Lm"
	findings := lintDir(t, filepath.Join("..", "..", "testdata", "rules", "apex-requests"))
	mentioned := false
	for _, f := range findings {
		texts := []string{f.Message, f.Identity}
		for _, r := range f.Related {
			texts = append(texts, r.Message)
		}
		for _, txt := range texts {
			for i := 0; i+8 <= len(secret); i++ {
				if strings.Contains(txt, secret[i:i+8]) {
					t.Fatalf("%s finding at %s:%d shows %q of the secret in %q", f.RuleID, f.Span.File, f.Span.Start.Line, secret[i:i+8], txt)
				}
			}
		}
		mentioned = mentioned || f.RuleID == "NC607" && strings.Contains(f.Message, `"sk_l…" (40 characters)`)
	}
	if !mentioned {
		t.Error("no NC607 finding mentions the redacted Authorization header")
	}
}

func TestCredentialMergeFields(t *testing.T) {
	out := func(parts ...string) string { return strings.Join(parts, "|") }
	tests := []struct {
		value string
		want  string
	}{
		{"Bearer {!$Credential.Orders_EC.Token}", out("{!$Credential.Orders_EC.Token}")},
		{"{!HTMLENCODE($Credential.Password)} and {!$credential.Username}", out("{!HTMLENCODE($Credential.Password)}", "{!$credential.Username}")},
		{"{!$Organization.Id} {!$User.Email}", ""},
		{"{!$Credential.Unclosed", ""},
		{"plain text, $Credential.X.Y without braces", ""},
	}
	for _, tt := range tests {
		e := apexLiteral(tt.value)
		if got := strings.Join(credentialMergeFields(e), "|"); got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.value, got, tt.want)
		}
	}
	// Adjacent literals join; an unknown operand separates them.
	lit := func(v string) model.ApexPart { return model.ApexPart{Literal: true, Value: v} }
	e := model.ApexExpr{Parts: []model.ApexPart{lit("{!$Credential."), lit("A.B}"), {}, lit("{!$Credential.C"), {}, lit(".D}")}}
	if got := strings.Join(credentialMergeFields(e), "|"); got != "{!$Credential.A.B}" {
		t.Errorf("concatenation: got %q, want {!$Credential.A.B}", got)
	}
}

// apexLiteral is an argument made of one string literal.
func apexLiteral(v string) model.ApexExpr {
	return model.ApexExpr{Parts: []model.ApexPart{{Literal: true, Value: v}}}
}
