package lint

import (
	"testing"
	"time"
)

// TestIgnoreMatches: a configuration ignore entry silences the finding
// whose identity component its glob matches (whole, or up to a "|"),
// through ApplySuppressionsWith as the driver calls it.
func TestIgnoreMatches(t *testing.T) {
	id := "NC601|NamedCredential:Tracking_API|HttpHeader:X-Api-Key"
	rules := []*Rule{{ID: "NC601", Name: "secret-in-metadata", Level: LevelError}}
	for glob, want := range map[string]bool{
		"*": true, "NamedCredential:Tracking_API": true, "NamedCredential:Track*": true,
		"NamedCredential:Tracking_API|HttpHeader:X-Api-Key": true, "NamedCredential:Tracking": false,
		"NamedCredential:Tracking_AP?": true, "Tracking_API": false, "*X-Api-Key": true, "NamedCredential:(.*)": false,
	} {
		findings := []Finding{{RuleID: "NC601", Identity: id, Message: "m"}}
		got := ApplySuppressionsWith(findings, nil, rules, nil, SuppressOptions{
			Ignores: []Ignore{{RuleID: "NC601", Component: glob, Reason: "r"}}})
		if silenced := got[0].Suppression != nil; silenced != want {
			t.Errorf("glob %q: silenced %v, want %v", glob, silenced, want)
		}
	}
}

func TestExpired(t *testing.T) {
	until := time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)
	for now, want := range map[string]bool{
		"2027-03-31T00:00:00Z": false, "2027-03-31T23:59:59Z": false, "2027-04-01T00:00:00Z": true,
		"2027-04-01T01:00:00+02:00": false, // still March 31 in UTC
	} {
		n, _ := time.Parse(time.RFC3339, now)
		if got := expired(until, n); got != want {
			t.Errorf("now %s: expired %v, want %v", now, got, want)
		}
	}
}
