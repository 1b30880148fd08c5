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

// An index answers like the package-level functions, question after
// question, and compares names for HasFold ignoring case only.
func TestIndex(t *testing.T) {
	cands := []string{"Inventory_EC", "Portal_EC", "Portal_ED", "Portal_Auth", "Billing Service", "billing_service"}
	x := NewIndex(cands)
	for _, name := range []string{"billing_service", "Billing Service", "Inventroy_EC", "Portal_EX", "Portl", "Payments", "Inventory_EC"} {
		if got, want := x.Near(name), Near(name, cands); got != want {
			t.Errorf("Index.Near(%q) = %q, Near = %q", name, got, want)
		}
		if got, want := x.Best(name), Best(name, cands); got != want {
			t.Errorf("Index.Best(%q) = %q, Best = %q", name, got, want)
		}
	}
	// Near takes the first candidate in order that is not the name itself.
	if got := x.Near("billing_service"); got != "Billing Service" {
		t.Errorf("Near(billing_service) = %q, want the first other spelling, Billing Service", got)
	}
	if got := x.Near("BILLING SERVICE"); got != "Billing Service" {
		t.Errorf("Near(BILLING SERVICE) = %q", got)
	}
	for name, want := range map[string]bool{"inventory_ec": true, "PORTAL_AUTH": true, "Portal Auth": false, "Portal": false} {
		if got := x.HasFold(name); got != want {
			t.Errorf("HasFold(%q) = %v, want %v", name, got, want)
		}
	}
}
