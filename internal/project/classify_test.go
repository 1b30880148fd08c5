package project

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/model"
)

func TestClassify(t *testing.T) {
	cases := []struct {
		rel  string
		ok   bool
		kind model.Kind
		name string
		role Role
	}{
		{"a/b/X.namedCredential-meta.xml", true, model.KindNamedCredential, "X", RoleComponent},
		{"X.namedCredential-meta.xml", true, model.KindNamedCredential, "X", RoleComponent},
		{"a/ns__My.Cred.v2.externalCredential-meta.xml", true, model.KindExternalCredential, "ns__My.Cred.v2", RoleComponent},
		{".namedCredential-meta.xml", false, "", "", 0},
		{"a/X.NamedCredential-meta.xml", false, "", "", 0}, // suffixes are case-sensitive
		{"a/X.namedCredential-meta.xml.bak", false, "", "", 0},
		{"profiles/Custom%3A Sales R%2FW.profile-meta.xml", true, model.KindProfile, "Custom%3A Sales R%2FW", RoleComponent},
		{"certs/C.crt", true, model.KindCertificate, "C", RoleContent},
		{"anywhere/C.crt", true, model.KindCertificate, "C", RoleContent},
		{"certs/C.crt-meta.xml", true, model.KindCertificate, "C", RoleComponent},
		{"classes/A.cls", true, model.KindApexClass, "A", RoleComponent},
		{"classes/A.cls-meta.xml", false, "", "", 0},
		{"classes/A.CLS", false, "", "", 0},
		{"triggers/T.trigger", true, model.KindApexTrigger, "T", RoleComponent},
		{"triggers/T.trigger-meta.xml", false, "", "", 0},
		{"x/F.flow-meta.xml", true, model.KindFlow, "F", RoleComponent},
		{"x/D.dataSource-meta.xml", true, model.KindExternalDataSource, "D", RoleComponent},
		{"x/E.externalServiceRegistration-meta.xml", true, model.KindExternalServiceRegistration, "E", RoleComponent},
		{"x/E.externalAuthIdentityProvider-meta.xml", true, model.KindExternalAuthIdentityProvider, "E", RoleComponent},
		{"x/O.outboundNetworkConnection-meta.xml", true, model.KindOutboundNetworkConnection, "O", RoleComponent},
		{"x/A.authprovider-meta.xml", true, model.KindAuthProvider, "A", RoleComponent},
		{"x/M.mutingpermissionset-meta.xml", true, model.KindMutingPermissionSet, "M", RoleComponent},
		{"x/G.permissionsetgroup-meta.xml", true, model.KindPermissionSetGroup, "G", RoleComponent},
		{"samlssoconfigs/Okta.samlssoconfig-meta.xml", true, model.KindSamlSsoConfig, "Okta", RoleComponent},
		{"samlssoconfigs/Okta.samlssoconfig", true, model.KindSamlSsoConfig, "Okta", RoleComponent},
		{"settings/IdentityProvider.settings-meta.xml", true, model.KindIdentityProviderSettings, "IdentityProvider", RoleComponent},
		{"settings/IdentityProvider.settings", true, model.KindIdentityProviderSettings, "IdentityProvider", RoleComponent},
		{"other/IdentityProvider.settings", false, "", "", 0},
		{"settings/Security.settings-meta.xml", false, "", "", 0}, // other settings are not read

		// Metadata API names: only directly in their type folder (any case).
		{"namedCredentials/X.namedCredential", true, model.KindNamedCredential, "X", RoleComponent},
		{"src/NAMEDCREDENTIALS/X.namedCredential", true, model.KindNamedCredential, "X", RoleComponent},
		{"namedCredentials/sub/X.namedCredential", false, "", "", 0},
		{"X.namedCredential", false, "", "", 0},
		{"namedCredentials/X.namedcredential", false, "", "", 0},
		{"externalCredentials/X.externalCredential", true, model.KindExternalCredential, "X", RoleComponent},
		{"permissionSets/X.permissionset", true, model.KindPermissionSet, "X", RoleComponent},
		{"permissionsetgroups/X.permissionsetgroup", true, model.KindPermissionSetGroup, "X", RoleComponent},
		{"mutingpermissionsets/X.mutingpermissionset", true, model.KindMutingPermissionSet, "X", RoleComponent},
		{"profiles/My Profile.profile", true, model.KindProfile, "My Profile", RoleComponent},
		{"externalServiceRegistrations/X.externalServiceRegistration", true, model.KindExternalServiceRegistration, "X", RoleComponent},
		{"dataSources/X.dataSource", true, model.KindExternalDataSource, "X", RoleComponent},
		{"authproviders/X.authprovider", true, model.KindAuthProvider, "X", RoleComponent},
		{"externalAuthIdentityProviders/X.externalAuthIdentityProvider", true, model.KindExternalAuthIdentityProvider, "X", RoleComponent},
		{"outboundNetworkConnections/X.outboundNetworkConnection", true, model.KindOutboundNetworkConnection, "X", RoleComponent},
		{"flows/X.flow", true, model.KindFlow, "X", RoleComponent},
		{"platformEventSubscriberConfigs/X.platformEventSubscriberConfig", true, model.KindPlatformEventSubscriberConfig, "X", RoleComponent},
		{"x/C.platformEventSubscriberConfig-meta.xml", true, model.KindPlatformEventSubscriberConfig, "C", RoleComponent},
		{"profiles/X.flow", false, "", "", 0},
		{"flows/.flow", false, "", "", 0},

		// Decomposed permission sets.
		{"permissionsets/PS/PS.permissionset-meta.xml", true, model.KindPermissionSet, "PS", RoleComponent},
		{"permissionsets/PS/PS.classAccess-meta.xml", true, model.KindPermissionSet, "PS", RoleFragment},
		{"permissionsets/PS/PS.customPermissions-meta.xml", true, model.KindPermissionSet, "PS", RoleFragment},
		{"permissionsets/PS/objectSettings/Account.objectSettings-meta.xml", true, model.KindPermissionSet, "PS", RoleFragment},
		{"PermissionSets/PS/userPermissions/ApiEnabled.userPermission-meta.xml", true, model.KindPermissionSet, "PS", RoleFragment},
		{"x/permissionsets/PS/a/b/Deep.tabSetting-meta.xml", true, model.KindPermissionSet, "PS", RoleFragment},
		{"permissionsets/X.classAccess-meta.xml", false, "", "", 0},
		{"classAccesses/X.classAccess-meta.xml", false, "", "", 0},
		{"customPermissions/X.customPermission-meta.xml", false, "", "", 0},
		{"permissionsets/PS/X.unknownChild-meta.xml", false, "", "", 0},
		{"permissionsets/PS/.classAccess-meta.xml", false, "", "", 0},
	}
	for _, c := range cases {
		f, ok := Classify(c.rel)
		if ok != c.ok || f.Kind != c.kind || f.Name != c.name || f.Role != c.role || (ok && f.Path != c.rel) {
			t.Errorf("Classify(%q) = %+v, %v; want %s %q role %d, %v", c.rel, f, ok, c.kind, c.name, c.role, c.ok)
		}
		if ok && !mayClassify(path.Base(c.rel)) {
			t.Errorf("mayClassify(%q) = false, but Classify(%q) recognises the file", path.Base(c.rel), c.rel)
		}
	}
}

func FuzzClassify(f *testing.F) {
	f.Add("permissionsets/PS/objectSettings/A.objectSettings-meta.xml")
	f.Add("namedCredentials/X.namedCredential")
	f.Add("/.crt")
	f.Fuzz(func(t *testing.T, rel string) {
		if f, ok := Classify(rel); ok && (f.Name == "" || f.Kind == "") {
			t.Errorf("Classify(%q) = %+v with an empty name or kind", rel, f)
		}
		if _, ok := Classify(rel); ok && !mayClassify(path.Base(rel)) {
			t.Errorf("Classify(%q) recognises the file, but mayClassify(%q) is false: the walk would skip it", rel, path.Base(rel))
		}
	})
}

// makeTree writes a project of about n files: two package directories with
// metadata of every kind, Apex with meta files, LWC bundles (not metadata
// nclint reads) and ignored test folders, plus a typical .forceignore.
func makeTree(tb testing.TB, root string, n int) {
	tb.Helper()
	write(tb, root, "sfdx-project.json", `{"packageDirectories": [{"path": "force-app", "default": true}, {"path": "libs/core"}], "namespace": "", "sourceApiVersion": "62.0"}`)
	write(tb, root, ".forceignore", "package.xml\n**/jsconfig.json\n**/.eslintrc.json\n**/__tests__/**\n**/*.ts\nprofiles/*\n**/settings/*\n")
	kinds := []string{
		"namedCredentials/N%d.namedCredential-meta.xml",
		"externalCredentials/E%d.externalCredential-meta.xml",
		"permissionsets/P%d.permissionset-meta.xml",
		"profiles/Profile %d.profile-meta.xml",
		"classes/C%d.cls", "classes/C%d.cls-meta.xml",
		"lwc/c%d/c%d.js", "lwc/c%d/c%d.html", "lwc/c%d/c%d.js-meta.xml",
		"lwc/c%d/__tests__/c%d.test.js",
		"objects/O%d__c/fields/F%d__c.field-meta.xml",
		"flows/F%d.flow-meta.xml",
	}
	for i := 0; i < n; i++ {
		pkg := "force-app/main/default/"
		if i%3 == 0 {
			pkg = "libs/core/main/default/"
		}
		k := kinds[i%len(kinds)]
		j := i / len(kinds)
		args := []any{j, j}
		if strings.HasPrefix(k, "objects/") {
			args[0] = j / 20 // 20 fields per object
		}
		name := fmt.Sprintf(k, args[:strings.Count(k, "%d")]...)
		p := filepath.Join(root, filepath.FromSlash(pkg+name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("<x/>\n"), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

func BenchmarkDiscover(b *testing.B) {
	root := b.TempDir()
	makeTree(b, root, 10000)
	p, err := Discover(root, Options{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Discover(root, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(p.Files)), "files")
}
