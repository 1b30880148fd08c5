package model

import "testing"

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
