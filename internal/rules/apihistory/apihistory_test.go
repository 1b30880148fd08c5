package apihistory

import (
	"strings"
	"testing"
)

func TestParseVersions(t *testing.T) {
	for _, tt := range []struct {
		in       string
		has, not []int
	}{
		{"47+", []int{47, 58, 66}, []int{46, 67}},
		{"58+", []int{58, 66}, []int{57}},
		{"54–57", []int{54, 57}, []int{53, 58}},
		{"54-54", []int{54}, []int{55}},
		{"54+ (absent 55,56,57)", []int{54, 58, 66}, []int{55, 56, 57}},
	} {
		vs, err := ParseVersions(tt.in, 47, 66)
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		for _, v := range tt.has {
			if !vs.Has(v) {
				t.Errorf("%q: Has(%d) = false", tt.in, v)
			}
		}
		for _, v := range tt.not {
			if vs.Has(v) {
				t.Errorf("%q: Has(%d) = true", tt.in, v)
			}
		}
	}
	for _, bad := range []string{"", "58", "x+", "40+", "60–58", "54+ (absent 53)", "54–70"} {
		if _, err := ParseVersions(bad, 47, 66); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestParse(t *testing.T) {
	md := "one WSDL per API version 47-66\n\n" +
		"## NamedCredential (type in the WSDL: 47+)\n\n| element | versions | type |\n|---|---|---|\n" +
		"| `calloutStatus` | 58+ | CalloutStatus |\n| `label` | 47+ | string |\n\n" +
		"## Enumerations used by those types\n\n### CalloutStatus (58+)\n\n| value | versions |\n|---|---|\n| `Enabled` | 58+ |\n"
	h, err := Parse([]byte(md))
	if err != nil {
		t.Fatal(err)
	}
	nc := h.Types["NamedCredential"]
	if h.First != 47 || h.Last != 66 || nc == nil || len(nc.Elements) != 2 || nc.Elements[0].Type != "CalloutStatus" ||
		!nc.Elements[0].Versions.Has(58) || nc.Elements[0].Versions.Has(57) {
		t.Fatalf("parsed %+v", h)
	}
	if e := h.Enums["CalloutStatus"]; e == nil || len(e.Values) != 1 || e.Values[0].Name != "Enabled" {
		t.Fatalf("enums %+v", h.Enums)
	}
	src, err := Render(h, "rules", "x.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), `"calloutStatus": {versions: apiVersions{mask: 0xff800, text: "58+"}, typ: "CalloutStatus"}`) {
		t.Errorf("rendered:\n%s", src)
	}
	// A bad version names its line.
	if _, err := Parse([]byte(strings.Replace(md, "| 58+ | CalloutStatus", "| 5x | CalloutStatus", 1))); err == nil || !strings.Contains(err.Error(), "line 7") {
		t.Errorf("bad version: err = %v", err)
	}
}
