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

func TestIsTestCode(t *testing.T) {
	src := &ApexSource{Types: []ApexType{
		{Name: "Svc"},
		{Name: "SvcTest", Annotations: []Annotation{{Name: "IsTest"}}},
		{Name: "Mock", Outer: "SvcTest"},
		{Name: "Deep", Outer: "Mock"},
		{Name: "Inner", Outer: "Svc"},
	}}
	for typ, want := range map[string]bool{"Svc": false, "svctest": true, "Mock": true, "Deep": true, "Inner": false,
		"Missing": false, "": false} {
		if got := src.IsTestCode(typ); got != want {
			t.Errorf("IsTestCode(%q) = %v, want %v", typ, got, want)
		}
	}
}
