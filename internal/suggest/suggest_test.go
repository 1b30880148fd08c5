package suggest

import (
	"slices"
	"testing"
)

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"abc", "abc", 0}, {"abc", "abd", 1}, {"kitten", "sitting", 3}, {"", "ab", 2}} {
		if got := EditDistance(c.a, c.b); got != c.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestNearest(t *testing.T) {
	cands := []string{"Payments_API", "Payments_EC", "Billing_API", "Partner_Portal", "Vault_API"}
	if got := Nearest("Payment_API", cands, 3); !slices.Equal(got, []string{"Payments_API", "Payments_EC"}) {
		t.Errorf("Nearest(Payment_API) = %q", got)
	}
	if got := Nearest("payments", cands, 3); !slices.Equal(got, []string{"Payments_API", "Payments_EC"}) {
		t.Errorf("Nearest(payments) = %q", got)
	}
	if got := Nearest("zzzzzzzzzz", cands, 3); len(got) != 0 {
		t.Errorf("Nearest(zzz) = %q, want none", got)
	}
}

func TestNearAndBest(t *testing.T) {
	cands := []string{"Inventory_EC", "Portal_EC", "Portal_ED", "Portal_Auth", "Billing Service"}
	for _, c := range []struct{ name, near, best string }{
		{"billing_service", "Billing Service", "Billing Service"}, // case and spacing only
		{"Inventory_EC", "", ""},                                  // the name itself: nothing to suggest
		{"Inventroy_EC", "", "Inventory_EC"},                      // two edits in eleven characters
		{"Portal_EX", "", ""},                                     // two candidates one edit away: a tie
		{"Portl", "", ""},                                         // too short for an edit
		{"Payments", "", ""},
	} {
		if got := Near(c.name, cands); got != c.near {
			t.Errorf("Near(%q) = %q, want %q", c.name, got, c.near)
		}
		if got := Best(c.name, cands); got != c.best {
			t.Errorf("Best(%q) = %q, want %q", c.name, got, c.best)
		}
	}
}
