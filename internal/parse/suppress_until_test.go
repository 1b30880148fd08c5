package parse

import (
	"slices"
	"testing"
)

func TestParseDirectiveUntil(t *testing.T) {
	for _, c := range []struct {
		text     string
		rules    []string
		hasUntil bool
		until    string
		reason   string
	}{
		{" nclint-ignore NC101 until 2027-03-31: granted on the profile ", []string{"NC101"}, true, "2027-03-31", "granted on the profile"},
		{"nclint-ignore NC101, NC104 UNTIL 2027-03-31: r", []string{"NC101", "NC104"}, true, "2027-03-31", "r"},
		{"nclint-ignore-file NC904 until 31/03/2027: r", []string{"NC904"}, true, "31/03/2027", "r"},
		{"nclint-ignore NC101 until: r", []string{"NC101"}, true, "", "r"},
		{"nclint-ignore NC101: valid until the migration", []string{"NC101"}, false, "", "valid until the migration"},
		{"nclint-ignore principal-not-granted-until-x: r", []string{"principal-not-granted-until-x"}, false, "", "r"},
	} {
		s, ok := parseDirective(c.text)
		if !ok || !slices.Equal(s.Rules, c.rules) || s.HasUntil != c.hasUntil || s.Until != c.until || s.Reason != c.reason {
			t.Errorf("%q: %+v (ok %v)", c.text, s, ok)
		}
	}
}

func TestApexSuppressionUntil(t *testing.T) {
	src := []byte("public class A {\n    // nclint-ignore NC201 until 2027-03-31: only runs from the UI until BILL-9\n    Http h = new Http();\n}\n")
	sups := apexSuppressions("classes/A.cls", src)
	if len(sups) != 1 || !sups[0].HasUntil || sups[0].Until != "2027-03-31" || !slices.Equal(sups[0].Rules, []string{"NC201"}) || sups[0].Scope.Start.Line != 3 {
		t.Errorf("apex suppression %+v", sups)
	}
}

// A comment alone on its line covers the next line that holds code, also
// when that line starts with a block comment; lines inside a block comment
// hold no code.
func TestApexSuppressionSkipsComments(t *testing.T) {
	src := []byte("public class A {\n" +
		"    // nclint-ignore NC201: only runs from the UI\n" +
		"    /* endpoint */ req.setEndpoint('callout:X');\n" +
		"    // nclint-ignore NC607: r\n" +
		"    /* a\n" +
		"       b */\n" +
		"    req.setEndpoint('https://x.example.com');\n" +
		"}\n")
	sups := apexSuppressions("classes/A.cls", src)
	if len(sups) != 2 {
		t.Fatalf("got %d suppressions: %+v", len(sups), sups)
	}
	for i, want := range []int{3, 7} {
		if got := sups[i].Scope.Start.Line; got != want || sups[i].Scope.End.Line != want {
			t.Errorf("suppression %d covers lines %d-%d, want %d", i, got, sups[i].Scope.End.Line, want)
		}
	}
}
