package graph

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/model"
)

func authNC(name string, ecRefs ...string) *model.NamedCredential {
	nc := &model.NamedCredential{Meta: model.Meta{Kind: model.KindNamedCredential, Name: name, File: name + ".xml"}}
	for i, ref := range ecRefs {
		nc.Parameters = append(nc.Parameters, model.NamedCredentialParameter{
			Name:               text(fmt.Sprint("ExternalCredential", i), name+".xml", 10+i),
			Type:               text("Authentication", name+".xml", 11+i),
			ExternalCredential: text(ref, name+".xml", 12+i),
		})
	}
	return nc
}

// naiveUsers is the former NamedCredentialsUsing: a scan of every named
// credential, kept as the reference the index must agree with.
func naiveUsers(g *Graph, ec *model.ExternalCredential) []*model.NamedCredential {
	var out []*model.NamedCredential
	for _, nc := range g.Tree.NamedCredentials {
		for _, ref := range AuthenticationOf(nc) {
			if g.ExternalCredential(ref.Value) == ec {
				out = append(out, nc)
				break
			}
		}
	}
	return out
}

// TestNamedCredentialsUsingIndex: the index answers as the scan did, for
// named credentials with no, one, several, repeated, namespaced and
// unresolved Authentication references.
func TestNamedCredentialsUsingIndex(t *testing.T) {
	ecA := &model.ExternalCredential{Meta: model.Meta{Kind: model.KindExternalCredential, Name: "A", File: "A.xml"}}
	ecB := &model.ExternalCredential{Meta: model.Meta{Kind: model.KindExternalCredential, Name: "B", File: "B.xml"}}
	ecC := &model.ExternalCredential{Meta: model.Meta{Kind: model.KindExternalCredential, Name: "C", File: "C.xml"}}
	tree := &model.Tree{
		Settings:            model.Settings{Namespace: "ns"},
		ExternalCredentials: []*model.ExternalCredential{ecA, ecB, ecC},
		NamedCredentials: []*model.NamedCredential{
			authNC("N1", "A"), authNC("N2", "A", "B"), authNC("N3", "B", "B"), authNC("N4", "ns__A"),
			authNC("N5", "Missing"), authNC("N6"), authNC("N7", "a"), authNC("N8", "Missing", "A", "Other"),
		},
	}
	g := New(tree)
	for _, ec := range []*model.ExternalCredential{ecA, ecB, ecC, nil} {
		got, want := g.NamedCredentialsUsing(ec), naiveUsers(g, ec)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%v: got %v, want %v", ec, ncNames(got), ncNames(want))
		}
	}
	if got := ncNames(g.NamedCredentialsUsing(ecA)); got != "N1,N2,N4,N8" {
		t.Errorf("users of A = %s", got)
	}
	// The answer is the caller's to keep.
	users := g.NamedCredentialsUsing(ecA)
	users[0] = nil
	if g.NamedCredentialsUsing(ecA)[0] == nil {
		t.Error("NamedCredentialsUsing returned the index itself")
	}
}

func ncNames(ncs []*model.NamedCredential) string {
	var out []string
	for _, nc := range ncs {
		out = append(out, nc.Name)
	}
	return strings.Join(out, ",")
}

// TestCertificateByLabel: the label index matches exactly what
// strings.EqualFold on trimmed labels matched, including Unicode case
// folding (Kelvin sign, final sigma, long s) and what it does not fold
// (dotted capital I).
func TestCertificateByLabel(t *testing.T) {
	labels := []string{"Billing SSO", " billing sso ", "BILLING SSO", "Kelvin", "\u212Aelvin", "ΣΑΣ", "σας", "ſoap", "Soap", "İx", "ix", "", "\xff", "\xfe"}
	tree := &model.Tree{}
	for i, l := range labels {
		tree.Certificates = append(tree.Certificates, &model.Certificate{
			Meta: model.Meta{Kind: model.KindCertificate, Name: fmt.Sprint("c", i), File: fmt.Sprint("c", i)}, MasterLabel: model.Text{Value: l},
		})
	}
	g := New(tree)
	for _, q := range append(labels, "billing  sso", "nothing") {
		var want []*model.Certificate
		for _, c := range tree.Certificates {
			if strings.EqualFold(strings.TrimSpace(c.MasterLabel.Value), strings.TrimSpace(q)) {
				want = append(want, c)
			}
		}
		if got := g.CertificateByLabel(q); !reflect.DeepEqual(got, want) {
			t.Errorf("CertificateByLabel(%q) = %d certificates, want %d", q, len(got), len(want))
		}
	}
}

// largeTree has n external credentials and n named credentials, each
// authenticating with its own external credential, and n certificates.
func largeTree(n int) *model.Tree {
	tree := &model.Tree{}
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("EC_%05d", i)
		tree.ExternalCredentials = append(tree.ExternalCredentials, &model.ExternalCredential{Meta: model.Meta{Kind: model.KindExternalCredential, Name: name}})
		tree.NamedCredentials = append(tree.NamedCredentials, authNC(fmt.Sprintf("NC_%05d", i), name))
		tree.Certificates = append(tree.Certificates, &model.Certificate{Meta: model.Meta{Kind: model.KindCertificate, Name: fmt.Sprint("cert", i)},
			MasterLabel: model.Text{Value: fmt.Sprint("Cert ", i)}})
	}
	return tree
}

// BenchmarkNamedCredentialsUsing: graph.New plus NamedCredentialsUsing
// for every external credential and CertificateByLabel for every
// certificate, as rules call them. Linear: ns/op about 4x from 8k to 32k
// (8k of each took 99 s when each call scanned every named credential).
func BenchmarkNamedCredentialsUsing(b *testing.B) {
	for _, n := range []int{8_000, 32_000} {
		tree := largeTree(n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for b.Loop() {
				g := New(tree)
				for _, ec := range tree.ExternalCredentials {
					if len(g.NamedCredentialsUsing(ec)) != 1 {
						b.Fatal("wrong users")
					}
				}
				for _, c := range tree.Certificates {
					if len(g.CertificateByLabel(c.MasterLabel.Value)) != 1 {
						b.Fatal("wrong label")
					}
				}
			}
		})
	}
}

// TestExternalCredentialReferencedFold agrees with a scan of every
// Authentication reference through ExternalCredentialFold, for exact,
// other-case, prefixed and foreign-namespace references.
func TestExternalCredentialReferencedFold(t *testing.T) {
	ec := func(name, ns string) *model.ExternalCredential {
		return &model.ExternalCredential{Meta: model.Meta{Kind: model.KindExternalCredential, Name: name, File: name + ".xml", Namespace: ns}}
	}
	ecs := []*model.ExternalCredential{ec("Exact", ""), ec("Other_Case", ""), ec("Prefixed", ""), ec("Foreign", "acme"), ec("Bare_Foreign", "acme"), ec("Unused", "")}
	tree := &model.Tree{
		Settings:            model.Settings{Namespace: "ns"},
		ExternalCredentials: ecs,
		NamedCredentials: []*model.NamedCredential{
			authNC("N1", "Exact"), authNC("N2", "other_CASE"), authNC("N3", "NS__prefixed"), authNC("N4", "ACME__foreign"), authNC("N5", "bare_foreign"), authNC("N6", "Missing"),
		},
	}
	g := New(tree)
	for _, e := range ecs {
		want := false
		for _, nc := range tree.NamedCredentials {
			for _, ref := range AuthenticationOf(nc) {
				want = want || slices.Contains(g.ExternalCredentialFold(ref.Value), e)
			}
		}
		if got := g.ExternalCredentialReferencedFold(e); got != want || got == (e.Name == "Unused") {
			t.Errorf("%s: got %v, scan says %v", e.Name, got, want)
		}
	}
}

// TestAccessUnitsShared: units come from the index built in New, equal to
// building them per call, and a caller appending to a unit's slices does
// not change what the next caller sees.
func TestAccessUnitsShared(t *testing.T) {
	a, b := permSet(model.KindPermissionSet, "A"), permSet(model.KindPermissionSet, "B")
	grp := group("G", []string{"A", "B", "Missing"}, nil)
	g := New(&model.Tree{PermissionSets: []*model.PermissionSet{a, b}, PermissionSetGroups: []*model.PermissionSetGroup{grp}})
	ua := g.AccessUnits(a)
	if len(ua) != 1 || !reflect.DeepEqual(ua[0], g.groupUnit(grp)) || !slices.Equal(names(ua[0].Members), []string{"A", "B"}) {
		t.Fatalf("units of A: %+v", ua)
	}
	_ = append(ua[0].Members, permSet(model.KindPermissionSet, "Intruder"))
	_ = append(ua[0].Unknown, "Intruder")
	ub := g.AccessUnits(b)
	if !slices.Equal(names(ub[0].Members), []string{"A", "B"}) || !slices.Equal(ub[0].Unknown, []string{"Missing"}) {
		t.Errorf("units of B after a caller appended: %+v", ub)
	}
	if &ua[0].Members[0] != &ub[0].Members[0] {
		t.Error("the unit was built again instead of shared")
	}
}

// BenchmarkAccessUnits: AccessUnits for every member of one group of n
// permission sets, as NC104 calls it. Linear in n (it was n per call).
func BenchmarkAccessUnits(b *testing.B) {
	for _, n := range []int{8_000, 32_000} {
		tree := &model.Tree{}
		var members []string
		for i := 0; i < n; i++ {
			ps := permSet(model.KindPermissionSet, fmt.Sprint("PS_", i))
			tree.PermissionSets = append(tree.PermissionSets, ps)
			members = append(members, ps.Name)
		}
		tree.PermissionSetGroups = []*model.PermissionSetGroup{group("All", members, nil)}
		b.Run(fmt.Sprintf("members=%d", n), func(b *testing.B) {
			for b.Loop() {
				g := New(tree)
				for _, ps := range tree.PermissionSets {
					if len(g.AccessUnits(ps)[0].Members) != n {
						b.Fatal("wrong unit")
					}
				}
			}
		})
	}
}
