package rules

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
)

// findingAt returns the findings of rule at file:line.
func findingAt(findings []lint.Finding, rule, file string, line int) []lint.Finding {
	var out []lint.Finding
	for _, f := range findings {
		if f.RuleID == rule && f.Span.File == file && f.Span.Start.Line == line {
			out = append(out, f)
		}
	}
	return out
}

// relatedFiles lists the files of a finding's related locations.
func relatedFiles(f lint.Finding) []string {
	var out []string
	for _, r := range f.Related {
		out = append(out, r.Span.File)
	}
	return out
}

// TestAccessMessages checks the parts of the access fixture's messages that
// one expected.txt substring cannot: every clause of the NC102 display-form
// messages, and the related locations of NC104 (only the groups that lack
// access) and NC101 (the misnamed grants).
func TestAccessMessages(t *testing.T) {
	findings := lintDir(t, filepath.Join("..", "..", "testdata", "rules", "access"))
	const ps = "force-app/main/default/permissionsets/"

	for _, c := range []struct {
		file  string
		line  int
		parts []string
	}{
		{ps + "Docs_Users.permissionset-meta.xml", 6, []string{`grants "Docs_EC - Svc", which has spaces around the hyphen`, `Write "Docs_EC-Svc".`}},
		{ps + "Docs_Users.permissionset-meta.xml", 10, []string{`by its label "Docs Service" instead of its developer name`, `Write "Docs_EC-Svc".`}},
		{ps + "Stripe_Admins.permissionset-meta.xml", 5, []string{`by its label "Stripe External Credential"`, "has spaces around the hyphen", `Write "Stripe_EC-Admin".`}},
		{ps + "Stripe_Admins.permissionset-meta.xml", 9, []string{"has spaces around the hyphen", `Write "Stripe_EC-Admin".`}},
	} {
		fs := findingAt(findings, "NC102", c.file, c.line)
		if len(fs) != 1 {
			t.Errorf("%s:%d: want one NC102, got %d", c.file, c.line, len(fs))
			continue
		}
		for _, part := range c.parts {
			if !strings.Contains(fs[0].Message, part) {
				t.Errorf("%s:%d: NC102 message %q lacks %q", c.file, c.line, fs[0].Message, part)
			}
		}
		if strings.Contains(fs[0].Message, "- Admin\"?") || strings.Contains(fs[0].Message, "Did you mean") {
			t.Errorf("%s:%d: NC102 must name the exact value, not a near miss: %q", c.file, c.line, fs[0].Message)
		}
	}

	crm := findingAt(findings, "NC104", ps+"Crm_Integration.permissionset-meta.xml", 5)
	if len(crm) != 1 {
		t.Fatalf("want one NC104 on Crm_Integration, got %d", len(crm))
	}
	for _, part := range []string{"(missing: Modify All Records)", "Integration (Read)"} {
		if !strings.Contains(crm[0].Message, part) {
			t.Errorf("NC104 on Crm_Integration: %q lacks %q", crm[0].Message, part)
		}
	}

	ship := findingAt(findings, "NC104", ps+"Ship_Callouts.permissionset-meta.xml", 5)
	if len(ship) != 1 {
		t.Fatalf("want one NC104 on Ship_Callouts (one finding per grant), got %d", len(ship))
	}
	got := strings.Join(relatedFiles(ship[0]), " ")
	for _, grp := range []string{"Ship_Contractors", "Ship_Auditors"} {
		if !strings.Contains(got, "permissionsetgroups/"+grp+".permissionsetgroup-meta.xml") {
			t.Errorf("NC104 on Ship_Callouts: related locations %q lack group %s", got, grp)
		}
	}
	for _, grp := range []string{"Ship_Team", "Ship_Managers"} {
		if strings.Contains(got, grp) || strings.Contains(ship[0].Message, grp) {
			t.Errorf("NC104 on Ship_Callouts names group %s, which has the access or is not judged: %q / %q", grp, ship[0].Message, got)
		}
	}

	docs := findingAt(findings, "NC101", "force-app/main/default/externalCredentials/Docs_EC.externalCredential-meta.xml", 6)
	if len(docs) != 1 || docs[0].Level != lint.LevelWarning {
		t.Fatalf("want one NC101 warning on Docs_EC Svc, got %v", docs)
	}
	if got := strings.Join(relatedFiles(docs[0]), " "); strings.Count(got, "Docs_Users.permissionset-meta.xml") != 2 {
		t.Errorf("NC101 on Docs_EC: want both misnamed grants as related locations, got %q", got)
	}
	for _, f := range findings {
		if f.RuleID == "NC101" && (strings.Contains(f.Message, "401") || strings.Contains(f.Message, "No valid principal")) {
			t.Errorf("NC101 invents an error: %q", f.Message)
		}
	}
}

// TestGrantsBlocked: grants in permission sets count from sourceApiVersion
// 59.0 (and when it is unset, as the CLI then uses its latest version).
func TestGrantsBlocked(t *testing.T) {
	for v, want := range map[string]bool{"58.0": true, "58": true, "57.0": true, "59.0": false, "62.0": false, "": false, "x": false} {
		if got := grantsBlocked(model.Settings{SourceAPIVersion: v}); got != want {
			t.Errorf("grantsBlocked(%q) = %v, want %v", v, got, want)
		}
	}
}

// TestUECPermissions: Modify All includes every permission and View All
// includes Read; muting a permission also turns off those that depend on it.
func TestUECPermissions(t *testing.T) {
	if got := graph.UECModifyAll.Granted(); got != graph.UECRead|graph.UECCreate|graph.UECEdit|graph.UECDelete|graph.UECViewAll|graph.UECModifyAll {
		t.Errorf("Modify All grants %s", got)
	}
	if got := graph.UECViewAll.Granted(); got != graph.UECRead|graph.UECViewAll {
		t.Errorf("View All grants %s", got)
	}
	if got := graph.UECRead.Muted(); got != graph.UECRead|graph.UECCreate|graph.UECEdit|graph.UECDelete|graph.UECViewAll|graph.UECModifyAll {
		t.Errorf("muting Read turns off %s", got)
	}
	if got := graph.UECEdit.Muted(); got != graph.UECEdit|graph.UECDelete|graph.UECModifyAll {
		t.Errorf("muting Edit turns off %s", got)
	}
	if got := graph.UECCreate.Muted(); got != graph.UECCreate {
		t.Errorf("muting Create turns off %s", got)
	}
	if got := (graph.UECRead | graph.UECModifyAll).String(); got != "Read, Modify All Records" {
		t.Errorf("String = %q", got)
	}
}

// TestProfileClause: profiles that cover the gap are named first; the
// others are counted, or named when none covers it; long lists are capped.
func TestProfileClause(t *testing.T) {
	admin := profileUEC{"Admin", graph.UECModifyAll.Granted()}
	reader := profileUEC{"Reader", graph.UECRead}
	if got := profileClause(nil, graph.UECRead); got != "" {
		t.Errorf("no profile: %q", got)
	}
	if got := profileClause([]profileUEC{reader, admin}, graph.UECModifyAll); !strings.Contains(got, "have it anyway: Admin (1 other profile in the tree grants less).") {
		t.Errorf("covering: %q", got)
	}
	if got := profileClause([]profileUEC{reader, reader, admin}, graph.UECModifyAll); !strings.Contains(got, "Admin (2 other profiles in the tree grant less).") {
		t.Errorf("covering, two others: %q", got)
	}
	if got := profileClause([]profileUEC{reader}, graph.UECModifyAll); !strings.Contains(got, "none gives Modify All Records: Reader (Read).") {
		t.Errorf("partial: %q", got)
	}
	var many []profileUEC
	for _, n := range []string{"A", "B", "C", "D", "E", "F", "G"} {
		many = append(many, profileUEC{n, graph.UECRead})
	}
	if got := profileClause(many, graph.UECRead); !strings.Contains(got, "A, B, C, D, E and 2 more.") {
		t.Errorf("capped: %q", got)
	}
}

// at is a text value on a line of ec.xml.
func at(v string, line int) model.Text {
	return model.Text{Value: v, Span: loc.Span{File: "ec.xml", Start: loc.Pos{Line: line, Col: 9}}}
}

// TestRecognizeGrant: which misspelt grant values are read as the Setup
// display form or a label, and the exact value each stands for.
func TestRecognizeGrant(t *testing.T) {
	ec := &model.ExternalCredential{
		Meta:  model.Meta{Kind: model.KindExternalCredential, Name: "Docs_EC", File: "ec.xml"},
		Label: at("Docs Service", 3),
		Parameters: []model.ExternalCredentialParameter{
			{Name: at("Svc", 5), Type: at("NamedPrincipal", 6)},
		},
	}
	g := graph.New(&model.Tree{ExternalCredentials: []*model.ExternalCredential{ec}})
	for value, want := range map[string]string{
		"Docs_EC - Svc":      "Docs_EC-Svc",
		"Docs_EC -Svc":       "Docs_EC-Svc",
		"Docs Service - Svc": "Docs_EC-Svc",
		"Docs Service-Svc":   "Docs_EC-Svc",
		"docs service - svc": "Docs_EC-Svc",
		"Other_EC - Admin":   "Other_EC-Admin", // not in the tree: the value with the spaces removed
		"Docs_EC-Svc - EU":   "",               // Docs_EC is in the tree: an ordinary unknown principal
		"Docs_EC-svc":        "",               // the ordinary form: the caller's near-miss hint handles it
		"Other_EC-Admin":     "",
	} {
		f, ok := recognizeGrant(g, value)
		got := ""
		if ok {
			got = f.value()
		}
		if got != want {
			t.Errorf("recognizeGrant(%q) = %q, want %q", value, got, want)
		}
	}
}

// accessTree builds a large synthetic tree: n external credentials with two
// principals each (one OAuth), each used by a named credential and granted
// (one principal exactly, one in the display form) by its own permission
// set, which sits in two of n/10 groups of ten permission sets.
func accessTree(n int) *model.Tree {
	tree := &model.Tree{Settings: model.Settings{SourceAPIVersion: "62.0"}}
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("EC_%d", i)
		file := name + ".xml"
		proto := "Custom"
		if i%2 == 0 {
			proto = "Oauth"
		}
		tree.ExternalCredentials = append(tree.ExternalCredentials, &model.ExternalCredential{
			Meta:                   model.Meta{Kind: model.KindExternalCredential, Name: name, File: file},
			Label:                  at("Label "+name, 2),
			AuthenticationProtocol: at(proto, 3),
			Parameters: []model.ExternalCredentialParameter{
				{Name: at("Svc", 5), Type: at("NamedPrincipal", 6)},
				{Name: at("User", 9), Type: at("PerUserPrincipal", 10)},
			},
		})
		tree.NamedCredentials = append(tree.NamedCredentials, &model.NamedCredential{
			Meta: model.Meta{Kind: model.KindNamedCredential, Name: fmt.Sprintf("NC_%d", i), File: fmt.Sprintf("NC_%d.xml", i)},
			Type: at("SecuredEndpoint", 4),
			Parameters: []model.NamedCredentialParameter{{
				Name: at("ExternalCredential", 8), Type: at("Authentication", 9), ExternalCredential: at(name, 7),
			}},
		})
		psName := fmt.Sprintf("PS_%d", i)
		tree.PermissionSets = append(tree.PermissionSets, &model.PermissionSet{
			Meta: model.Meta{Kind: model.KindPermissionSet, Name: psName, File: psName + ".xml"},
			PrincipalAccesses: []model.PrincipalAccess{
				{Enabled: at("true", 4), Principal: at(name+"-Svc", 5)},
				{Enabled: at("true", 8), Principal: at(name+" - User", 9)},
			},
			ObjectPermissions: []model.ObjectPermission{{Object: at("UserExternalCredential", 12), AllowRead: at("true", 13)}},
		})
	}
	for gi := 0; gi < n/10; gi++ {
		grp := &model.PermissionSetGroup{Meta: model.Meta{Kind: model.KindPermissionSetGroup, Name: fmt.Sprintf("G_%d", gi), File: fmt.Sprintf("G_%d.xml", gi)}}
		for k := 0; k < 20; k++ { // every permission set is in two groups
			grp.PermissionSets = append(grp.PermissionSets, at(fmt.Sprintf("PS_%d", (gi*10+k)%n), 4+k))
		}
		tree.PermissionSetGroups = append(tree.PermissionSetGroups, grp)
	}
	return tree
}

// BenchmarkAccessRules runs NC101, NC102 and NC104, each on its own, over
// accessTree(2000): 2,000 external credentials, 4,000 grants, 200 groups.
func BenchmarkAccessRules(b *testing.B) {
	g := graph.New(accessTree(2000))
	for _, r := range []*lint.Rule{PrincipalNotGranted, GrantUnknownPrincipal, UserExternalCredentialAccess} {
		b.Run(r.ID, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				findings, failures := lint.Run([]*lint.Rule{r}, g, lint.Options{})
				if len(failures) > 0 || len(findings) == 0 {
					b.Fatalf("findings %d, failures %v", len(findings), failures)
				}
			}
		})
	}
}
