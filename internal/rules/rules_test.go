package rules

import (
	"github.com/nclint/nclint/internal/lint"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var (
	idPattern   = regexp.MustCompile(`^NC[0-9]{3}$`)
	namePattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
)

// TestRuleMetadata checks what every consumer of the rule list relies on:
// stable ID and name shapes, uniqueness, a valid level and the texts that
// GitHub code scanning requires.
func TestRuleMetadata(t *testing.T) {
	ids, names := map[string]bool{}, map[string]bool{}
	for _, r := range All() {
		if !idPattern.MatchString(r.ID) {
			t.Errorf("rule ID %q is not NC###", r.ID)
		}
		if !namePattern.MatchString(r.Name) {
			t.Errorf("%s: name %q is not kebab-case", r.ID, r.Name)
		}
		if ids[r.ID] || names[r.Name] {
			t.Errorf("%s %s: duplicate ID or name", r.ID, r.Name)
		}
		ids[r.ID], names[r.Name] = true, true
		if r.Level.Rank() < 1 {
			t.Errorf("%s: default level %q is not error, warning or note", r.ID, r.Level)
		}
		if r.Short == "" || strings.HasSuffix(r.Short, ".") || len(r.Short) > 1024 {
			t.Errorf("%s: short description must be a non-empty line without a final period", r.ID)
		}
		if r.Full == "" || len(r.Full) > 1024 {
			t.Errorf("%s: full description must be 1..1024 characters (GitHub limit), got %d", r.ID, len(r.Full))
		}
		for _, section := range []string{"## Why it breaks", "## How to fix", "```xml"} {
			if !strings.Contains(r.Help, section) {
				t.Errorf("%s: help lacks %q", r.ID, section)
			}
		}
		// Every page ends with the sources its claims rest on.
		if i := strings.LastIndex(r.Help, "\n## "); i < 0 || !strings.HasPrefix(r.Help[i:], "\n## References\n") {
			t.Errorf("%s: help does not end with a \"## References\" section", r.ID)
		} else if !strings.Contains(r.Help[i:], "\n- ") {
			t.Errorf("%s: the References section lists no source", r.ID)
		}
		switch r.Precision {
		case "very-high", "high", "medium", "low":
		default:
			t.Errorf("%s: precision %q is not a SARIF precision", r.ID, r.Precision)
		}
		if r.SecuritySeverity != "" {
			v, err := strconv.ParseFloat(r.SecuritySeverity, 64)
			if err != nil || v <= 0 || v > 10 {
				t.Errorf("%s: security-severity %q is not in (0, 10]", r.ID, r.SecuritySeverity)
			}
			if !contains(r.Tags, "security") {
				t.Errorf("%s: has a security-severity but no security tag", r.ID)
			}
		}
		// Only the suppression rules are reported by the engine itself.
		engine := r.ID == lint.UnusedSuppressionID || r.ID == lint.MalformedSuppressionID ||
			r.ID == lint.ExpiredSuppressionID || r.ID == lint.ForbiddenSuppressionID
		if (r.Check == nil) != engine {
			t.Errorf("%s: Check is nil = %v, want %v", r.ID, r.Check == nil, engine)
		}
	}
}

func TestLookup(t *testing.T) {
	for _, q := range []string{"NC901", "nc901", "invalid-metadata"} {
		if r := Lookup(q); r == nil || r.ID != "NC901" {
			t.Errorf("Lookup(%q) = %v, want NC901", q, r)
		}
	}
	if r := Lookup("NC000"); r != nil {
		t.Errorf("Lookup(NC000) = %s, want nil", r.ID)
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
