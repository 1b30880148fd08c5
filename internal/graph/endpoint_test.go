package graph

import "testing"

func TestHostOf(t *testing.T) {
	for in, want := range map[string]string{
		"https://API.Stripe.com/v1":             "api.stripe.com",
		"https://api.stripe.com:8443/v1?x=1":    "api.stripe.com",
		"https://user:pw@host.example/p":        "host.example",
		"https://[2001:db8::1]:443/x":           "2001:db8::1",
		"http://status.example#frag":            "status.example",
		"  https://spaced.example/  ":           "spaced.example",
		"{BILLING_API_URL}":                     "",
		"callout:Other_NC/path":                 "",
		"api.stripe.com/v1":                     "",
		"https://h.example?q=https://other.com": "h.example",
	} {
		if got := HostOf(in); got != want {
			t.Errorf("HostOf(%q) = %q, want %q", in, got, want)
		}
	}
}
