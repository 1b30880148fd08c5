package main

import (
	"strings"
	"testing"
)

// TestExplainUnknownRuleNamesTheNearest: a mistyped rule ID or name is one
// line naming the rule most likely meant (exit 2), not only "'nclint
// rules' lists them".
func TestExplainUnknownRuleNamesTheNearest(t *testing.T) {
	for _, c := range []struct{ arg, want string }{
		{"principal-not-grantd", `nclint: unknown rule "principal-not-grantd"; did you mean principal-not-granted (NC101)? 'nclint rules' lists them` + "\n"},
		{"invalid_metadata", `did you mean invalid-metadata (NC901)?`},
		{"NC-101", `did you mean NC101 (principal-not-granted)?`},
		{"NC10", `did you mean NC101 (principal-not-granted), NC102 (grant-unknown-principal) or NC103 (principal-grant-in-profile)?`},
		{"foo", `nclint: unknown rule "foo"; 'nclint rules' lists them` + "\n"},
	} {
		code, out, stderr := runCLI(t, "explain", c.arg)
		if code != exitUsage || out != "" || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("explain %s: exit %d, stdout %q, stderr %q; want exit 2 and one line with %q", c.arg, code, out, stderr, c.want)
		}
	}
}
