package access

import (
	"cmp"
	"fmt"
	"slices"
	"testing"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
)

func text(v, file string, line int) model.Text {
	return model.Text{Value: v, Span: loc.Span{File: file, Start: loc.Pos{Line: line, Col: 5}, End: loc.Pos{Line: line, Col: 9}}}
}

// bigTree is a project with n named credentials, each with its own
// external credential (a named and a per-user principal), two permission
// sets granting them, one group per ten permission sets (with a muting
// permission set), and an Apex class calling each named credential from a
// Queueable.
func bigTree(n int) *model.Tree {
	tree := &model.Tree{}
	var group *model.PermissionSetGroup
	for i := range n {
		nc, ec := fmt.Sprintf("NC_%d", i), fmt.Sprintf("EC_%d", i)
		f := func(kind string) string { return fmt.Sprintf("%s/%d.xml", kind, i) }
		tree.NamedCredentials = append(tree.NamedCredentials, &model.NamedCredential{
			Meta: model.Meta{Kind: model.KindNamedCredential, Name: nc, File: f("nc")}, Type: text("SecuredEndpoint", f("nc"), 2),
			CalloutStatus: text("Enabled", f("nc"), 3),
			Parameters: []model.NamedCredentialParameter{
				{Name: text("Url", f("nc"), 4), Type: text("Url", f("nc"), 5), Value: text(fmt.Sprintf("https://api%d.example.com/v1", i), f("nc"), 6)},
				{Name: text("ExternalCredential", f("nc"), 7), Type: text("Authentication", f("nc"), 8), ExternalCredential: text(ec, f("nc"), 9)},
			},
		})
		tree.ExternalCredentials = append(tree.ExternalCredentials, &model.ExternalCredential{
			Meta: model.Meta{Kind: model.KindExternalCredential, Name: ec, File: f("ec")}, AuthenticationProtocol: text("Oauth", f("ec"), 2),
			Parameters: []model.ExternalCredentialParameter{
				{Name: text("Service", f("ec"), 3), Type: text("NamedPrincipal", f("ec"), 4)},
				{Name: text("User", f("ec"), 5), Type: text("PerUserPrincipal", f("ec"), 6)},
			},
		})
		for j, p := range []string{"Service", "User"} {
			ps := fmt.Sprintf("PS_%d_%d", i, j)
			file := fmt.Sprintf("ps/%d_%d.xml", i, j)
			tree.PermissionSets = append(tree.PermissionSets, &model.PermissionSet{
				Meta:              model.Meta{Kind: model.KindPermissionSet, Name: ps, File: file},
				PrincipalAccesses: []model.PrincipalAccess{{Enabled: text("true", file, 3), Principal: text(ec+"-"+p, file, 4)}},
				ObjectPermissions: []model.ObjectPermission{{Object: text("UserExternalCredential", file, 5), AllowRead: text("true", file, 6)}},
			})
			if group == nil || len(group.PermissionSets) == 10 {
				group = &model.PermissionSetGroup{Meta: model.Meta{Kind: model.KindPermissionSetGroup, Name: fmt.Sprintf("G_%d", len(tree.PermissionSetGroups)), File: fmt.Sprintf("g/%d.xml", i)}}
				group.MutingPermissionSets = []model.Text{text("Mute", group.File, 2)}
				tree.PermissionSetGroups = append(tree.PermissionSetGroups, group)
			}
			group.PermissionSets = append(group.PermissionSets, text(ps, group.File, 3+len(group.PermissionSets)))
		}
		cls := fmt.Sprintf("Job_%d", i)
		file := "classes/" + cls + ".cls"
		tree.Apex = append(tree.Apex, &model.ApexSource{
			Meta:     model.Meta{Kind: model.KindApexClass, Name: cls, File: file},
			Types:    []model.ApexType{{Name: cls, Kind: "class", Span: text("", file, 1).Span, Implements: []string{"Queueable"}}},
			Callouts: []model.Callout{{Literal: "callout:" + nc, Name: nc, Span: text("", file, 5).Span, Type: cls, Method: "execute"}},
		})
	}
	mute := "mps/Mute.xml"
	tree.MutingPermissionSets = []*model.PermissionSet{{
		Meta:              model.Meta{Kind: model.KindMutingPermissionSet, Name: "Mute", File: mute},
		PrincipalAccesses: []model.PrincipalAccess{{Enabled: text("true", mute, 3), Principal: text("EC_0-Service", mute, 4)}},
	}}
	return tree
}

// TestIndexInvariants: paths are sorted by Key with no duplicate; each
// named credential is reached alone and through its group; the muting
// permission set moves EC_0-Service out of the paths of its group.
func TestIndexInvariants(t *testing.T) {
	ix := New(graph.New(bigTree(30)), nil)
	paths := ix.Paths()
	if len(paths) != 30*2*2-1 {
		t.Errorf("%d paths, want %d (2 principals × alone and in a group, minus the muted one)", len(paths), 30*2*2-1)
	}
	if !slices.IsSortedFunc(paths, func(a, b Path) int { return cmp.Compare(a.Key(), b.Key()) }) {
		t.Error("paths are not sorted by Key")
	}
	keys := map[string]bool{}
	for _, p := range paths {
		if keys[p.Key()] {
			t.Errorf("duplicate path %q", p.Key())
		}
		keys[p.Key()] = true
	}
	a := ix.Answer(Subject{Kind: KindGroup, Name: "G_0"})
	if len(a.Muted) != 1 || a.Muted[0].PrincipalRef() != "EC_0-Service" || a.Muted[0].MutedBy != "Mute" {
		t.Errorf("G_0 muted = %+v, want EC_0-Service muted by Mute", a.Muted)
	}
	// A per-user principal with Read only lacks Create, Edit, Delete.
	b := ix.Answer(Subject{Kind: KindPrincipal, Name: "EC_1-User"})
	if len(b.Paths) != 2 || len(b.Paths[0].Problems) != 1 || b.Paths[0].Problems[0] != "no Create, Edit, Delete on UserExternalCredential (unless the profile gives it)" {
		t.Errorf("EC_1-User paths = %+v", b.Paths)
	}
	if len(b.Callers) != 1 || !b.Callers[0].Background || b.Callers[0].Entry != "Job_1 implements Queueable" {
		t.Errorf("EC_1-User callers = %+v", b.Callers)
	}
}

func benchmarkIndex(b *testing.B, n int) {
	g := graph.New(bigTree(n))
	b.ResetTimer()
	for b.Loop() {
		ix := New(g, nil)
		if _, err := ix.FocusDiagram("ps:PS_0_0"); err != nil {
			b.Fatal(err)
		}
		_ = ix.Inventory()
	}
}

// BenchmarkIndex1k and 4k: every path, caller, the inventory and a
// focused diagram of a project with that many named credentials.
func BenchmarkIndex1k(b *testing.B) { benchmarkIndex(b, 1000) }
func BenchmarkIndex4k(b *testing.B) { benchmarkIndex(b, 4000) }
