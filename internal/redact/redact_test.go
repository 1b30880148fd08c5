package redact

import (
	"strings"
	"testing"
)

func TestURLHidesUserinfoQueryAndKeys(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"https://admin:Hunter2secret@api.example.com/v1?api_key=sk_live_abc&mode=x#frag", "https://***@api.example.com/v1?api_key=…&mode=…#…"},
		{"https://hooks.example.com/services/T0AB12CD3/Xy7kPq2mWn9bLz4vQ8", "https://hooks.example.com/services/T0AB12CD3/…"},
		{"https://api.example.com/v1", "https://api.example.com/v1"},
		{"{API_URL}/orders", "{API_URL}/orders"},
	} {
		if got := URL(c.in); got != c.want {
			t.Errorf("URL(%q) = %q, want %q", c.in, got, c.want)
		}
		for _, secret := range []string{"Hunter2", "sk_live", "Xy7kPq2m", "frag"} {
			if strings.Contains(URL(c.in), secret) {
				t.Errorf("URL(%q) shows %q", c.in, secret)
			}
		}
	}
}
