package rules

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nclint/nclint/internal/driver"
)

// TestCertificateExpiringSoonDays: NC303 counts calendar days to the date
// it prints, and says "today" and "tomorrow" rather than "in 0 days" and
// "in 1 days". The sample's billing_sso_2026 expires at 2026-06-20
// 00:00:00 UTC (its .crt's notAfter).
func TestCertificateExpiringSoonDays(t *testing.T) {
	sample := filepath.Join("..", "..", "testdata", "sfdx-sample")
	for _, c := range []struct{ now, want string }{
		{"2026-06-01T00:00:00Z", "expires on 2026-06-20, in 19 days (according"},
		{"2026-06-01T15:00:00Z", "expires on 2026-06-20, in 19 days (according"}, // 18.4 days, but 19 dates ahead
		{"2026-06-18T00:00:00Z", "expires on 2026-06-20, in 2 days (according"},
		{"2026-06-19T00:00:00Z", "expires on 2026-06-20, tomorrow (according"},
		{"2026-06-19T23:00:00Z", "expires on 2026-06-20, tomorrow (according"},
		{"2026-06-20T00:00:00Z", "expires on 2026-06-20, today (according"},
	} {
		now, err := time.Parse(time.RFC3339, c.now)
		if err != nil {
			t.Fatal(err)
		}
		res, err := driver.Run([]string{sample}, driver.Options{Rules: All(), LookupRule: LookupID, Now: now, Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range res.Findings {
			if f.RuleID == "NC303" && strings.Contains(f.Message, "billing_sso_2026") {
				got = append(got, f.Message)
			}
		}
		if len(got) != 1 || !strings.Contains(got[0], c.want) {
			t.Errorf("--now %s: NC303 messages %q, want one containing %q", c.now, got, c.want)
		}
	}
}
