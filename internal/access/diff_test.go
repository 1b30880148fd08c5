package access

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/driver"
	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/model"
)

// loadFixture copies testdata/access/basic, applies edit to the copy's
// files (relative path -> content transform) and returns its index.
func loadFixture(t *testing.T, edits map[string]func(string) string) *Index {
	t.Helper()
	src := "../../testdata/access/basic"
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if f, ok := edits[filepath.ToSlash(rel)]; ok {
			data = []byte(f(string(data)))
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := driver.Run([]string{dst}, driver.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return New(graph.New(res.Tree), &res.Config.Settings)
}

const financeGroup = "force-app/main/default/permissionsetgroups/Finance_Group.permissionsetgroup-meta.xml"

// TestCompareMuting: removing the muting permission set from a group adds
// the grant it muted, and says so; the other way round removes it.
func TestCompareMuting(t *testing.T) {
	muted := loadFixture(t, nil)
	unmuted := loadFixture(t, map[string]func(string) string{
		financeGroup: func(s string) string {
			return strings.Replace(s, "    <mutingPermissionSets>Finance_Muted</mutingPermissionSets>\n", "", 1)
		},
	})
	if d := Compare(muted, muted, "HEAD", "c"); d.Changes != 0 {
		t.Errorf("same tree: %d changes, want 0: %+v", d.Changes, d)
	}
	d := Compare(muted, unmuted, "HEAD", "c")
	var got []string
	for _, g := range d.GrantsAdded {
		got = append(got, g.Group+"/"+g.PermissionSet+"/"+g.PrincipalRef()+"/"+g.NamedCredential+": "+g.Why)
	}
	// Ship_EC authenticates two named credentials.
	want := []string{"Finance_Group/Ship_Ops/Ship_EC-Ship Service/Ship_API: no longer muted by Finance_Muted",
		"Finance_Group/Ship_Ops/Ship_EC-Ship Service/Ship_Archive_API: no longer muted by Finance_Muted"}
	if fmt.Sprint(got) != fmt.Sprint(want) || d.Changes != 2 {
		t.Errorf("unmuted: added %q (%d changes), want %q", got, d.Changes, want)
	}
	d = Compare(unmuted, muted, "HEAD", "c")
	if len(d.GrantsRemoved) != 2 || d.GrantsRemoved[0].Why != "muted by Finance_Muted" || d.GrantsRemoved[1].Why != "muted by Finance_Muted" || d.Changes != 2 {
		t.Errorf("muted again: removed %+v, want the Ship_Ops grant in Finance_Group to both named credentials, muted by Finance_Muted", d.GrantsRemoved)
	}
}

// TestCompareEmptyBefore: against an empty tree (unborn HEAD) every path,
// endpoint and caller is added, nothing else.
func TestCompareEmptyBefore(t *testing.T) {
	ix := loadFixture(t, nil)
	d := Compare(nil, ix, "HEAD", "")
	if len(d.GrantsAdded) != len(ix.Paths()) || len(d.EndpointsAdded) != len(ix.g.Tree.NamedCredentials) || len(d.CallersAdded) == 0 ||
		len(d.GrantsRemoved)+len(d.GrantsChanged)+len(d.EndpointsRemoved)+len(d.EndpointsChanged)+len(d.CallersRemoved)+len(d.PrincipalsSwitched) != 0 {
		t.Errorf("empty before: %+v", d)
	}
	for _, g := range d.GrantsAdded {
		if g.Why != "permission set added" {
			t.Errorf("%s: why %q, want permission set added", g.Key(), g.Why)
		}
	}
	pic := ChangedPart(nil, ix)
	for _, e := range pic.Edges {
		if e.Change != ChangeAdded {
			t.Errorf("edge %+v: change %q, want added", e.Edge, e.Change)
		}
	}
}

// renamedTree is bigTree(n) with every URL moved to another host, one
// principal per external credential switched to per-user and the first
// permission set of each pair dropped: a change touching everything.
func renamedTree(n int) *model.Tree {
	tree := bigTree(n)
	for _, nc := range tree.NamedCredentials {
		nc.Parameters[0].Value.Value = strings.Replace(nc.Parameters[0].Value.Value, ".example.com", ".example.net", 1)
	}
	for _, ec := range tree.ExternalCredentials {
		ec.Parameters[0].Type.Value = "PerUserPrincipal"
	}
	var kept []*model.PermissionSet
	for i, ps := range tree.PermissionSets {
		if i%2 == 1 {
			kept = append(kept, ps)
		}
	}
	tree.PermissionSets = kept
	return tree
}

// TestCompareBig: on a large change every named credential's URL changed,
// every principal switched and half of the grants went, with nothing added.
func TestCompareBig(t *testing.T) {
	const n = 50
	d := Compare(New(graph.New(bigTree(n)), nil), New(graph.New(renamedTree(n)), nil), "HEAD", "c")
	if len(d.EndpointsChanged) != n || len(d.PrincipalsSwitched) != n || len(d.GrantsAdded) != 0 || len(d.CallersAdded) != 0 {
		t.Errorf("%d endpoints changed, %d switched, %d grants added, %d callers added; want %d, %d, 0, 0",
			len(d.EndpointsChanged), len(d.PrincipalsSwitched), len(d.GrantsAdded), len(d.CallersAdded), n, n)
	}
	// Each dropped permission set granted Service alone and in its group
	// (EC_0-Service in G_0 is muted: not a path).
	if len(d.GrantsRemoved) != 2*n-1 {
		t.Errorf("%d grants removed, want %d", len(d.GrantsRemoved), 2*n-1)
	}
	for _, g := range d.GrantsRemoved {
		if g.Why != "permission set deleted" {
			t.Errorf("%s: why %q", g.Key(), g.Why)
		}
	}
}

func benchmarkCompare(b *testing.B, n int) {
	before, after := New(graph.New(bigTree(n)), nil), New(graph.New(renamedTree(n)), nil)
	b.ResetTimer()
	for b.Loop() {
		d := Compare(before, after, "HEAD", "c")
		if d.Changes == 0 {
			b.Fatal("no change")
		}
		_ = ChangedPart(before, after)
	}
}

// BenchmarkCompare1k and 4k: the diff and its picture between two
// projects of that many named credentials where everything changed.
func BenchmarkCompare1k(b *testing.B) { benchmarkCompare(b, 1000) }
func BenchmarkCompare4k(b *testing.B) { benchmarkCompare(b, 4000) }

// TestCompareCalloutsEnabled: enabling callouts on a named credential
// resolves a problem of its paths: they change, not appear, and the
// picture marks the named credential as changed.
func TestCompareCalloutsEnabled(t *testing.T) {
	before := loadFixture(t, nil)
	after := loadFixture(t, map[string]func(string) string{
		"force-app/main/default/namedCredentials/Ship_Archive_API.namedCredential-meta.xml": func(s string) string {
			return strings.Replace(s, "<calloutStatus>Disabled</calloutStatus>", "<calloutStatus>Enabled</calloutStatus>", 1)
		},
	})
	d := Compare(before, after, "HEAD", "c")
	if len(d.GrantsChanged) == 0 || d.Changes != len(d.GrantsChanged) {
		t.Fatalf("want only changed grants: %+v", d)
	}
	for _, g := range d.GrantsChanged {
		if g.NamedCredential != "Ship_Archive_API" || !slices.Contains(g.ProblemsBefore, "callouts disabled (calloutStatus Disabled)") ||
			slices.Contains(g.Problems, "callouts disabled (calloutStatus Disabled)") {
			t.Errorf("changed grant %+v", g)
		}
	}
	pic := ChangedPart(before, after)
	i := slices.IndexFunc(pic.Nodes, func(n ChangedNode) bool { return n.ID == "nc:Ship_Archive_API" })
	if i < 0 || pic.Nodes[i].Change != ChangeChanged || pic.Nodes[i].Problem != "was callouts disabled" {
		t.Errorf("picture nodes %+v, want nc:Ship_Archive_API changed, was callouts disabled", pic.Nodes)
	}
}

// TestCompareGroupMembership: a permission set taken out of a group loses
// the paths through the group, and the reason says so.
func TestCompareGroupMembership(t *testing.T) {
	before := loadFixture(t, nil)
	after := loadFixture(t, map[string]func(string) string{
		"force-app/main/default/permissionsetgroups/Ops_Group.permissionsetgroup-meta.xml": func(s string) string {
			return strings.Replace(s, "    <permissionSets>Ship_Ops</permissionSets>\n", "", 1)
		},
	})
	d := Compare(before, after, "HEAD", "c")
	if len(d.GrantsRemoved) == 0 || d.Changes != len(d.GrantsRemoved) {
		t.Fatalf("want only removed grants: %+v", d)
	}
	for _, g := range d.GrantsRemoved {
		if g.Group != "Ops_Group" || g.PermissionSet != "Ship_Ops" || g.Why != "permission set removed from the group" {
			t.Errorf("removed %s: why %q", g.Key(), g.Why)
		}
	}
	if back := Compare(after, before, "HEAD", "c"); len(back.GrantsAdded) != len(d.GrantsRemoved) || back.GrantsAdded[0].Why != "permission set added to the group" {
		t.Errorf("the other way: %+v", back.GrantsAdded)
	}
}
