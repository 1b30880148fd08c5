package lint

import (
	"testing"
	"time"
)

func TestIgnoreMatches(t *testing.T) {
	id := "NC601|NamedCredential:Tracking_API|HttpHeader:X-Api-Key"
	for glob, want := range map[string]bool{
		"*": true, "NamedCredential:Tracking_API": true, "NamedCredential:Track*": true,
		"NamedCredential:Tracking_API|HttpHeader:X-Api-Key": true, "NamedCredential:Tracking": false,
		"NamedCredential:Tracking_AP?": true, "Tracking_API": false, "*X-Api-Key": true, "NamedCredential:(.*)": false,
	} {
		ig := Ignore{Component: glob}
		if got := ig.Matches(id); got != want {
			t.Errorf("glob %q: %v, want %v", glob, got, want)
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
