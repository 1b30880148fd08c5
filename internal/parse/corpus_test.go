package parse

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/project"
)

// corpusDir holds public SFDX repositories' credential metadata, one folder
// per repository.
const corpusDir = "/work/shared/corpus"

func corpusProjects(t testing.TB) map[string]*project.Project {
	t.Helper()
	dirs, err := os.ReadDir(corpusDir)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s not present", corpusDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*project.Project{}
	for _, d := range dirs {
		if d.IsDir() {
			out[d.Name()] = walkProject(t, filepath.Join(corpusDir, d.Name()))
		}
	}
	if len(out) == 0 {
		t.Skipf("%s is empty", corpusDir)
	}
	return out
}

func findPS(tr *model.Tree, name string) *model.PermissionSet {
	for _, ps := range tr.PermissionSets {
		if ps.Name == name {
			return ps
		}
	}
	return nil
}

func TestCorpus(t *testing.T) {
	projects := corpusProjects(t)
	trees := map[string]*model.Tree{}
	total := 0
	for name, p := range projects {
		tr := Tree(p, Options{})
		trees[name] = tr
		total += tr.FilesScanned
		// Every corpus file is well-formed metadata of its type: no
		// problem is justified. (The one class of file that would be
		// flagged by suffix alone, Data Cloud DataSources under
		// mktDataSources/, is recognised and left out.)
		for _, pr := range tr.Problems {
			t.Errorf("%s: problem %s: %s", name, pr.Span, pr.Message)
		}
		for _, n := range tr.Notices {
			t.Errorf("%s: notice %s: %s", name, n.File, n.Message)
		}
		skipped := 0
		for _, f := range p.Files {
			if strings.Contains(f.Path, "/mktDataSources/") {
				skipped++
			}
		}
		if tr.FilesScanned != len(p.Files)-skipped {
			t.Errorf("%s: scanned %d of %d files (%d Data Cloud files left out)", name, tr.FilesScanned, len(p.Files), skipped)
		}
	}
	if total < 900 {
		t.Errorf("only %d corpus files scanned", total)
	}

	t.Run("uday namespaced principal", func(t *testing.T) {
		tr := trees["uday-sertifihub+named-credentials-demo"]
		ps := findPS(tr, "Sertifi_Super_Admin")
		if ps == nil || len(ps.PrincipalAccesses) != 1 {
			t.Fatalf("permission set = %+v", ps)
		}
		a := ps.PrincipalAccesses[0]
		file := "Salesforce/Named Credentials App/force-app/main/default/permissionsets/Sertifi_Super_Admin.permissionset-meta.xml"
		checkText(t, "principal", a.Principal, "daypack01__package_api_ec-Super Admin")
		checkPos(t, "principal", a.Principal.Span, file, 5, 9)
		checkPos(t, "access", a.Span, file, 3, 5)
		checkText(t, "enabled", a.Enabled, "true")
		checkText(t, "label", ps.Label, "Sertifi Super Admin")
		checkText(t, "license", ps.License, "Salesforce")
		if ec, pr, _ := model.SplitPrincipal(a.Principal.Value); ec != "daypack01__package_api_ec" || pr != "Super Admin" {
			t.Errorf("split = %q %q", ec, pr)
		}
		ec := tr.ExternalCredentials[0]
		if p := ec.Principals(); len(p) != 1 || p[0].Name.Value != "Super Admin" || p[0].Type.Value != model.NamedPrincipal {
			t.Errorf("principals = %+v", p)
		}
		nc := tr.NamedCredentials[0]
		if a := nc.ParametersOfType("Authentication"); len(a) != 1 || a[0].ExternalCredential.Value != "package_api_ec" {
			t.Errorf("authentication = %+v", a)
		}
	})

	t.Run("principal names with spaces", func(t *testing.T) {
		ps := findPS(trees["EasyLegalGroup+dfj-salesforce"], "Named_and_External_Credentials")
		if ps == nil {
			t.Fatal("permission set missing")
		}
		var found bool
		for _, a := range ps.PrincipalAccesses {
			if a.Principal.Value == "Twilio_Credential-Twilio Principal" {
				found = true
				checkPos(t, "Twilio principal", a.Principal.Span, "force-app/main/default/permissionsets/Named_and_External_Credentials.permissionset-meta.xml", 22, 9)
			}
		}
		if !found || len(ps.PrincipalAccesses) != 5 {
			t.Errorf("%d accesses, Twilio found %v", len(ps.PrincipalAccesses), found)
		}
	})

	t.Run("obsolete principal element", func(t *testing.T) {
		ec := trees["imTachu+sfdx-cli-external-credentials-issue-example"].ExternalCredentials[0]
		var got []string
		for _, p := range ec.Parameters {
			if p.Principal.Present() {
				got = append(got, p.Principal.Value)
				checkPos(t, "principal", p.Principal.Span, ec.File, 13, 9)
			}
		}
		if !reflect.DeepEqual(got, []string{"Voice_Basics"}) {
			t.Errorf("principals = %q", got)
		}
	})

	t.Run("repeated parameter names", func(t *testing.T) {
		for _, ec := range trees["sarath16581+AP-Backup"].ExternalCredentials {
			if ec.Name != "GenesysCloudCXOAuth" {
				continue
			}
			var lines []int
			for _, p := range ec.Parameters {
				if p.Type.Value == "AdditionalRefreshStatusCode" {
					lines = append(lines, p.Type.Span.Start.Line)
				}
			}
			if !reflect.DeepEqual(lines, []int{26, 31, 36}) {
				t.Errorf("AdditionalRefreshStatusCode lines = %v", lines)
			}
			return
		}
		t.Error("GenesysCloudCXOAuth missing")
	})

	t.Run("groups and muting", func(t *testing.T) {
		tr := trees["sarath16581+AP-Backup"]
		if len(tr.MutingPermissionSets) != 2 || tr.MutingPermissionSets[0].Name != "UnifiedAgentTeamLead_Muted" {
			t.Errorf("muting permission sets = %d", len(tr.MutingPermissionSets))
		}
		for _, g := range tr.PermissionSetGroups {
			if g.Name != "UnifiedAgent" {
				continue
			}
			if len(g.PermissionSets) != 9 || len(g.MutingPermissionSets) != 1 || g.MutingPermissionSets[0].Value != "UnifiedAgent_Muted" {
				t.Errorf("UnifiedAgent = %d permission sets, muting %+v", len(g.PermissionSets), g.MutingPermissionSets)
			}
			// Tab-indented line: the tab is one column.
			checkText(t, "tabbed", g.PermissionSets[5], "force__EinsteinGPTServiceReplies")
			checkPos(t, "tabbed", g.PermissionSets[5].Span, g.File, 12, 2)
			return
		}
		t.Error("UnifiedAgent missing")
	})

	t.Run("allowed namespaces and ESR", func(t *testing.T) {
		tr := trees["db-lyon+sf-cli-issue-2375"]
		ns := tr.NamedCredentials[0].ParametersOfType("AllowedManagedPackageNamespaces")
		if len(ns) != 1 || ns[0].Value.Value != "lexitas" || ns[0].Value.Span.Start.Line != 21 {
			t.Errorf("namespaces = %+v", ns)
		}
		esr := tr.ExternalServiceRegistrations[0]
		checkText(t, "ESR reference", esr.NamedCredentialReference, "eLawAPI")
		checkPos(t, "ESR reference", esr.NamedCredentialReference.Span, esr.File, 4, 5)
	})

	t.Run("certificates", func(t *testing.T) {
		got := map[string]model.CertContent{}
		for _, c := range trees["WesleiOliveira+salesforce-hospcom"].Certificates {
			got[c.Name] = c.Content
		}
		if c := got["certificateHospcom"]; c.Kind != model.CertCSR {
			t.Errorf("certificateHospcom = %+v", c)
		}
		if c := got["SelfSignedCert_08Apr2015_240217"]; c.Kind != model.CertPEM || !c.NotAfter.Equal(time.Date(2017, 4, 8, 0, 0, 0, 0, time.UTC)) ||
			!strings.HasPrefix(c.Subject, "CN=SelfSignedCert_08Apr2015_240217,") {
			t.Errorf("SelfSignedCert = %+v", c)
		}
		if c := got["crm"]; c.Kind != model.CertPEM || c.NotAfter.Year() != 2026 {
			t.Errorf("crm = %+v", c)
		}
		if len(got) != 4 {
			t.Errorf("%d certificates", len(got))
		}
	})

	t.Run("per-user principals", func(t *testing.T) {
		for _, ec := range trees["rishabhhh31+Salesforce-Main"].ExternalCredentials {
			if ec.Name != "Salesforce" {
				continue
			}
			p := ec.Principals()
			if len(p) != 1 || p[0].Name.Value != "SalesforceUser" || !p[0].Type.Is("perUserPrincipal") || p[0].Name.Span.Start.Line != 24 {
				t.Errorf("principals = %+v", p)
			}
			return
		}
		t.Error("Salesforce EC missing")
	})
}

func TestCorpusDeterministic(t *testing.T) {
	for name, p := range corpusProjects(t) {
		one := Tree(p, Options{Workers: 1})
		eight := Tree(p, Options{Workers: 8})
		if !reflect.DeepEqual(one, eight) {
			t.Errorf("%s: Workers=1 and Workers=8 differ", name)
		}
	}
}

func BenchmarkTreeCorpus(b *testing.B) {
	projects := corpusProjects(b)
	var bytes int64
	for _, p := range projects {
		for _, f := range p.Files {
			bytes += f.Size
		}
	}
	b.SetBytes(bytes)
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range projects {
			Tree(p, Options{})
		}
	}
}
