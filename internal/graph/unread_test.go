package graph

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/nclint/nclint/internal/model"
)

func unreadTestTree() *model.Tree {
	meta := func(k model.Kind, name, file string) model.Meta {
		return model.Meta{Kind: k, Name: name, File: file}
	}
	broken := meta(model.KindPermissionSet, "Broken", "permissionsets/Broken.permissionset-meta.xml")
	broken.Unparsed = true
	broken.Mentions = &model.WordSet{Words: map[string]bool{"billing_ec": true, "svc": true}}
	unknown := meta(model.KindPermissionSetGroup, "Unknown", "permissionsets/Unknown.permissionset-meta.xml")
	unknown.Unparsed = true // not read at all: may mention anything
	return &model.Tree{
		Settings: model.Settings{Namespace: "acme"},
		PermissionSets: []*model.PermissionSet{
			{Meta: meta(model.KindPermissionSet, "Fine", "permissionsets/Fine.permissionset-meta.xml")},
			{Meta: broken},
		},
		PermissionSetGroups: []*model.PermissionSetGroup{{Meta: unknown}},
		Unread: []model.UnreadArea{
			{Path: "force-app/main/default/classes", Kinds: []model.Kind{model.KindApexClass}},
			{Path: "force-app/main/default/stuff"},
		},
	}
}

func TestUnreadMentioning(t *testing.T) {
	g := New(unreadTestTree())
	for _, tc := range []struct {
		word  string
		kinds []model.Kind
		want  []string
	}{
		// The unparsed set names Billing_EC (any case, with or without the
		// namespace prefix); the folder of unknown type may hold anything.
		{"Billing_EC", []model.Kind{model.KindPermissionSet}, []string{"force-app/main/default/stuff", "permissionsets/Broken.permissionset-meta.xml"}},
		{"acme__BILLING_EC", []model.Kind{model.KindPermissionSet}, []string{"force-app/main/default/stuff", "permissionsets/Broken.permissionset-meta.xml"}},
		{"Ledger_EC", []model.Kind{model.KindPermissionSet}, []string{"force-app/main/default/stuff"}},
		// A group not read at all may name anything.
		{"Ledger_EC", []model.Kind{model.KindPermissionSetGroup}, []string{"force-app/main/default/stuff", "permissionsets/Unknown.permissionset-meta.xml"}},
		{"X", []model.Kind{model.KindApexClass}, []string{"force-app/main/default/classes", "force-app/main/default/stuff"}},
	} {
		if got := g.UnreadMentioning(tc.word, tc.kinds...); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("UnreadMentioning(%q, %v) = %q, want %q", tc.word, tc.kinds, got, tc.want)
		}
	}
	if got := g.UnreadAreas(model.KindNamedCredential); !reflect.DeepEqual(got, []string{"force-app/main/default/stuff"}) {
		t.Errorf("UnreadAreas(NamedCredential) = %q", got)
	}
}

// BenchmarkUnreadMentioning asks, as NC101 does, once per external
// credential of a tree of 8,000 permission sets of which one is
// unparsed: the cost per question depends on the unparsed files only.
func BenchmarkUnreadMentioning(b *testing.B) {
	tr := &model.Tree{}
	for i := range 8000 {
		m := model.Meta{Kind: model.KindPermissionSet, Name: fmt.Sprintf("PS_%d", i), File: fmt.Sprintf("ps/PS_%d.permissionset-meta.xml", i)}
		if i == 4000 {
			m.Unparsed = true
			m.Mentions = &model.WordSet{Words: map[string]bool{"ec_7": true}}
		}
		tr.PermissionSets = append(tr.PermissionSets, &model.PermissionSet{Meta: m})
	}
	g := New(tr)
	b.ResetTimer()
	for range b.N {
		for i := range 8000 {
			g.UnreadMentioning(fmt.Sprintf("EC_%d", i), model.KindPermissionSet)
		}
	}
}
