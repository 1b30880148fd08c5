package graph

import (
	"slices"
	"testing"

	"github.com/nclint/nclint/internal/model"
)

func permSet(kind model.Kind, name string) *model.PermissionSet {
	return &model.PermissionSet{Meta: model.Meta{Kind: kind, Name: name, File: name + ".xml"}}
}

func group(name string, members, muting []string) *model.PermissionSetGroup {
	grp := &model.PermissionSetGroup{Meta: model.Meta{Kind: model.KindPermissionSetGroup, Name: name, File: name + ".xml"}}
	for i, m := range members {
		grp.PermissionSets = append(grp.PermissionSets, text(m, grp.File, 4+i))
	}
	for i, m := range muting {
		grp.MutingPermissionSets = append(grp.MutingPermissionSets, text(m, grp.File, 20+i))
	}
	return grp
}

func names(ps []*model.PermissionSet) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

// TestAccessUnits: a permission set in no group is its own unit; one in
// groups gets one unit per group (never merged), with the group's members
// and muting sets, and the names the tree does not hold.
func TestAccessUnits(t *testing.T) {
	callouts := permSet(model.KindPermissionSet, "Callouts")
	uec := permSet(model.KindPermissionSet, "UEC_Read")
	alone := permSet(model.KindPermissionSet, "Alone")
	broken := permSet(model.KindPermissionSet, "Broken")
	broken.Unparsed = true
	muted := permSet(model.KindMutingPermissionSet, "Team_Muted")
	g := New(&model.Tree{
		Settings:             model.Settings{Namespace: "acme"},
		PermissionSets:       []*model.PermissionSet{callouts, uec, alone, broken},
		MutingPermissionSets: []*model.PermissionSet{muted},
		PermissionSetGroups: []*model.PermissionSetGroup{
			group("Team", []string{"Callouts", "UEC_Read"}, []string{"Team_Muted"}),
			group("Contractors", []string{"acme__Callouts"}, nil),
			group("Managers", []string{"Callouts", "force__Standard", "Broken"}, []string{"Gone_Muted"}),
		},
	})

	if u := g.AccessUnits(alone); len(u) != 1 || u[0].Group != nil || !slices.Equal(names(u[0].Members), []string{"Alone"}) {
		t.Errorf("Alone: want one unit of itself, got %+v", u)
	}
	u := g.AccessUnits(callouts)
	if len(u) != 3 {
		t.Fatalf("Callouts: want 3 units (one per group), got %d", len(u))
	}
	want := []struct {
		group, members, muting, unknown []string
	}{
		{[]string{"Team"}, []string{"Callouts", "UEC_Read"}, []string{"Team_Muted"}, nil},
		{[]string{"Contractors"}, []string{"Callouts"}, nil, nil}, // the project namespace prefix resolves
		{[]string{"Managers"}, []string{"Callouts"}, nil, []string{"force__Standard", "Broken", "Gone_Muted"}},
	}
	for i, w := range want {
		if u[i].Group == nil || u[i].Group.Name != w.group[0] {
			t.Errorf("unit %d: group %v, want %s", i, u[i].Group, w.group[0])
			continue
		}
		if !slices.Equal(names(u[i].Members), w.members) || !slices.Equal(names(u[i].Muting), w.muting) || !slices.Equal(u[i].Unknown, w.unknown) {
			t.Errorf("unit %s: members %v muting %v unknown %v, want %v %v %v", w.group[0],
				names(u[i].Members), names(u[i].Muting), u[i].Unknown, w.members, w.muting, w.unknown)
		}
	}
}

// TestGrantTarget: only the exact form names a principal; the Setup display
// form and near misses name none. Labels are found for suggestions.
func TestGrantTarget(t *testing.T) {
	ec := &model.ExternalCredential{
		Meta:  model.Meta{Kind: model.KindExternalCredential, Name: "Docs_EC", File: "ec.xml"},
		Label: text("Docs Service", "ec.xml", 3),
		Parameters: []model.ExternalCredentialParameter{
			{Name: text("Svc", "ec.xml", 5), Type: text("NamedPrincipal", "ec.xml", 6)},
			{Name: text("Svc - EU", "ec.xml", 9), Type: text("PerUserPrincipal", "ec.xml", 10)},
			{Name: text("Url", "ec.xml", 13), Type: text("AuthParameter", "ec.xml", 14)},
		},
	}
	g := New(&model.Tree{Settings: model.Settings{Namespace: "ns"}, ExternalCredentials: []*model.ExternalCredential{ec}})
	for value, want := range map[string]string{
		"Docs_EC-Svc":      "Svc",
		"ns__Docs_EC-Svc":  "Svc",
		"Docs_EC-Svc - EU": "Svc - EU",
		"Docs_EC - Svc":    "",
		"Docs_EC-svc":      "",
		"Docs_EC-Url":      "", // a parameter, not a principal
		"Docs Service-Svc": "",
		"Docs_EC":          "",
	} {
		_, p := g.GrantTarget(value)
		got := ""
		if p != nil {
			got = p.Name.Value
		}
		if got != want {
			t.Errorf("GrantTarget(%q) = %q, want %q", value, got, want)
		}
	}
	if got := g.ExternalCredentialsByLabel(" docs service "); len(got) != 1 || got[0] != ec {
		t.Errorf("ExternalCredentialsByLabel: got %v", got)
	}
	if got := g.ExternalCredentialsByLabel(""); len(got) != 0 {
		t.Errorf("ExternalCredentialsByLabel(\"\"): got %v", got)
	}
}
