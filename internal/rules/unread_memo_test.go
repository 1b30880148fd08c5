package rules

import (
	"fmt"
	"slices"
	"testing"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/model"
)

// TestUnreadAccessFilesMemo: the files unreadAccessFiles names are those
// of a direct walk over every group member (what it did before the memo),
// and each group is walked once however many of its members ask.
func TestUnreadAccessFilesMemo(t *testing.T) {
	tree := &model.Tree{}
	var members []model.Text
	for i := 0; i < 12; i++ {
		ps := &model.PermissionSet{Meta: model.Meta{Kind: model.KindPermissionSet, Name: fmt.Sprint("PS_", i), File: fmt.Sprintf("ps/PS_%d.permissionset-meta.xml", i)}}
		switch i % 3 {
		case 1: // unread, may mention anything
			ps.Unparsed = true
		case 2: // unread, its bytes do not mention the object
			ps.Unparsed = true
			ps.Mentions = &model.WordSet{Words: map[string]bool{}}
		}
		tree.PermissionSets = append(tree.PermissionSets, ps)
		members = append(members, model.Text{Value: ps.Name})
	}
	tree.PermissionSetGroups = []*model.PermissionSetGroup{
		{Meta: model.Meta{Kind: model.KindPermissionSetGroup, Name: "G1", File: "g/G1"}, PermissionSets: members[:8]},
		{Meta: model.Meta{Kind: model.KindPermissionSetGroup, Name: "G2", File: "g/G2"}, PermissionSets: members[4:]},
	}
	g := graph.New(tree)
	memo := newGroupMemo()
	for _, ps := range tree.PermissionSets {
		var want []string
		if ps.MayMention("UserExternalCredential") {
			want = append(want, ps.File)
		}
		for _, grp := range g.GroupsContaining(ps) {
			for _, m := range grp.PermissionSets {
				if other := g.PermissionSet(m.Value); other != nil && other != ps && other.MayMention("UserExternalCredential") {
					want = append(want, other.File)
				}
			}
		}
		slices.Sort(want)
		want = slices.Compact(want)
		if got := unreadAccessFiles(g, ps, memo); !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", ps.Name, got, want)
		}
	}
	if len(memo.unread) != 2 || len(memo.unread[tree.PermissionSetGroups[0]]) != 3 {
		t.Errorf("memo: %v", memo.unread)
	}
}
