package main

import (
	"strings"
	"testing"
)

// TestRulesListsDefaultLevel: the level column of 'nclint rules' is the
// default level (findings of NC201, NC302, ... may be lower case by case),
// and is headed so; the usage says what it means.
func TestRulesListsDefaultLevel(t *testing.T) {
	code, out, _ := runCLI(t, "rules")
	header, _, _ := strings.Cut(out, "\n")
	if code != exitOK || strings.Join(strings.Fields(header), " ") != "ID NAME DEFAULT DESCRIPTION" {
		t.Errorf("exit %d, header %q; want ID NAME DEFAULT DESCRIPTION", code, header)
	}
	code, out, _ = runCLI(t, "rules", "--help")
	if code != exitOK || !strings.Contains(strings.Join(strings.Fields(out), " "), "is the level a finding gets unless the rule lowers it for the case") {
		t.Errorf("rules --help: exit %d, does not say what the default level is:\n%s", code, out)
	}
}
