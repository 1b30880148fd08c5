package model

import "testing"

func TestValidNamespace(t *testing.T) {
	for s, want := range map[string]bool{
		"acme": true, "a": true, "daypack01": true, "my_ns": true, "abcdefghijklmno": true,
		"": false, "1acme": false, "acme__": false, "my__ns": false, "ns_": false, "a b": false, "a,b": false, "abcdefghijklmnop": false,
	} {
		if got := ValidNamespace(s); got != want {
			t.Errorf("ValidNamespace(%q) = %v, want %v", s, got, want)
		}
	}
}
