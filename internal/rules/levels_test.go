package rules

import (
	"path/filepath"
	"testing"

	"github.com/nclint/nclint/internal/driver"
)

// TestRulesOnlyLowerTheirDefaultLevel: a rule may give a finding a lower
// level than its default for the case (an expired certificate nothing
// uses is a warning), never a higher one, so that 'nclint rules' can call
// its DEFAULT column "the level a finding gets unless the rule lowers it
// for the case". A level set in .nclint.yml applies to every finding of
// the rule and is left out of the comparison.
func TestRulesOnlyLowerTheirDefaultLevel(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "..", "testdata", "rules", "*"))
	if err != nil {
		t.Fatal(err)
	}
	dirs = append(dirs, filepath.Join("..", "..", "testdata", "sfdx-sample"))
	lowered := 0
	for _, dir := range dirs {
		res, err := driver.Run([]string{dir}, driver.Options{Rules: All(), LookupRule: LookupID, Now: fixtureNow, Workers: 1})
		if err != nil {
			t.Fatalf("lint %s: %v", dir, err)
		}
		for _, f := range res.Findings {
			if _, configured := res.Config.Levels[f.RuleID]; configured {
				continue
			}
			r := Lookup(f.RuleID)
			if r == nil {
				t.Fatalf("%s: finding of unknown rule %s", dir, f.RuleID)
			}
			if f.Level.Rank() > r.Level.Rank() {
				t.Errorf("%s: %s:%d: %s finding is %s, above the rule's default level %s", filepath.Base(dir), f.Span.File, f.Span.Start.Line, f.RuleID, f.Level, r.Level)
			}
			if f.Level.Rank() < r.Level.Rank() {
				lowered++
			}
		}
	}
	if lowered == 0 {
		t.Error("no finding below its rule's default level: the fixtures no longer cover the lowered cases")
	}
}
