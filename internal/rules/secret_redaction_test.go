package rules

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestFindingsNeverCarrySecrets lints the security fixture and checks that
// no secret written in it (nor a long piece of one) appears in any finding's
// message, related or flow messages, or identity.
func TestFindingsNeverCarrySecrets(t *testing.T) {
	secrets := []string{
		"tk_fake_9fQ2mZx81LkP0vRt6YbN3cWq7HsD5jEa",
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0cmFja2luZy1odWIifQ.kX9vQ2mZr7Lw4Np1Tb8Yc3Hd6Jf0Se5Ua",
		"q8Zr!2mKx7Lw4Np9Vt",
		"gk9Lq7Vb3nTm8Wc1Rz5Hp0Yj6UeD4kF9x2",
		"Winter2024!Erp#Sync",
		"Tr0ub4dor-3-horse",
		"at.9Xq2Lm7ZpVn4Rt9Wk1Hs6Jd3Fg0Ye5UcB8",
		"rt.5Kx2Wq9Lm4Zv7Np1Rb8Tc3Hd6Jf0Se5UaYg",
		"nQ8vT2xLr5/Kp7MzW3dE9/bHc4FyGs6Ju1Ra0XoP",
		"ds.Q4Fk2Lq7Vb3nTm8Wc1Rz5Hp0Yj6UeXs9Ab",
	}
	findings := lintDir(t, filepath.Join("..", "..", "testdata", "rules", "security"))
	if len(findings) == 0 {
		t.Fatal("no findings")
	}
	for _, f := range findings {
		texts := []string{f.Message, f.Identity}
		for _, r := range f.Related {
			texts = append(texts, r.Message)
		}
		for _, r := range f.Flow {
			texts = append(texts, r.Message)
		}
		for _, s := range secrets {
			// Any 8 consecutive characters of a secret would be too many.
			for i := 0; i+8 <= len(s); i++ {
				for _, txt := range texts {
					if strings.Contains(txt, s[i:i+8]) {
						t.Fatalf("%s finding at %s:%d shows %q of a secret in %q", f.RuleID, f.Span.File, f.Span.Start.Line, s[i:i+8], txt)
					}
				}
			}
		}
	}
}
