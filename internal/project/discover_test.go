package project

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/nclint/nclint/internal/model"
)

// fixture copies testdata/<name> into a fresh temporary directory, so
// that nothing above it (an sfdx-project.json or .forceignore in a parent
// of the checkout) can change the result, and returns its path.
func fixture(t testing.TB, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", name))); err != nil {
		t.Fatalf("copy fixture %s: %v", name, err)
	}
	return dir
}

// write creates the file rel under dir with its parents.
func write(t testing.TB, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// symlink creates the symbolic link rel under dir pointing at target.
func symlink(t testing.TB, dir, rel, target string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, p); err != nil {
		t.Skipf("symbolic links unavailable: %v", err)
	}
}

// want is the expected identity of one discovered file.
type want struct {
	path string
	kind model.Kind
	name string
	role Role
	pkg  string
}

// rows renders files as comparable lines.
func rows(files []File) []string {
	var out []string
	for _, f := range files {
		out = append(out, fmt.Sprintf("%s | %s | %s | %d | %s", f.Path, f.Kind, f.Name, f.Role, f.PackageDir))
	}
	return out
}

// checkFiles compares the discovered files with the expected ones exactly.
func checkFiles(t *testing.T, p *Project, ws []want) {
	t.Helper()
	var exp []string
	for _, w := range ws {
		exp = append(exp, fmt.Sprintf("%s | %s | %s | %d | %s", w.path, w.kind, w.name, w.role, w.pkg))
	}
	got := rows(p.Files)
	if !slices.Equal(got, exp) {
		t.Errorf("files differ\n got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(exp, "\n  "))
	}
	for _, f := range p.Files {
		if f.Abs != filepath.Join(p.Root, filepath.FromSlash(f.Path)) {
			t.Errorf("%s: Abs = %s", f.Path, f.Abs)
		}
		info, err := os.Stat(f.Abs)
		if err != nil || info.Size() != f.Size {
			t.Errorf("%s: Size = %d, stat = %v, %v", f.Path, f.Size, info, err)
		}
	}
}

func noticeFiles(p *Project) []string {
	var out []string
	for _, n := range p.Notices {
		out = append(out, n.File)
	}
	return out
}

func TestDiscoverMulti(t *testing.T) {
	root := fixture(t, "multi")
	p, err := Discover(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Root != root || p.Target != "" {
		t.Errorf("Root = %q, Target = %q", p.Root, p.Target)
	}
	if !slices.Equal(p.PackageDirs, []string{"apps/core", "libs/shared", "apps/core/nested"}) {
		t.Errorf("PackageDirs = %q", p.PackageDirs)
	}
	s := p.Settings
	if s.ProjectFile != "sfdx-project.json" || s.Namespace != "acme" || s.SourceAPIVersion != "62.0" ||
		len(s.SourceBehaviorOptions) != 0 ||
		!slices.Equal(s.ReplacementTokens, []string{"{BILLING_URL}"}) ||
		!slices.Equal(s.ReplacementPatterns, []string{`\$\{[A-Z_]+\}`}) {
		t.Errorf("Settings = %+v", s)
	}

	const core, shared, nested = "apps/core", "libs/shared", "apps/core/nested"
	d := "apps/core/main/default/"
	ps := d + "permissionsets/"
	checkFiles(t, p, []want{
		// apps/core/.hidden is ignored by the default "**/.*" because a .forceignore exists.
		{d + "certs/NoMeta.crt", model.KindCertificate, "NoMeta", RoleContent, core},
		{d + "certs/WithMeta.crt", model.KindCertificate, "WithMeta", RoleContent, core},
		{d + "certs/WithMeta.crt-meta.xml", model.KindCertificate, "WithMeta", RoleComponent, core},
		{d + "classes/Callout.cls", model.KindApexClass, "Callout", RoleComponent, core},
		{d + "externalCredentials/Billing_EC.externalCredential-meta.xml", model.KindExternalCredential, "Billing_EC", RoleComponent, core},
		{d + "flows/Mdapi_Flow.flow", model.KindFlow, "Mdapi_Flow", RoleComponent, core},
		{d + "flows/Sync.flow-meta.xml", model.KindFlow, "Sync", RoleComponent, core},
		// legacy/** is ignored, but the negation re-includes Keep.
		{d + "legacy/Keep.namedCredential-meta.xml", model.KindNamedCredential, "Keep", RoleComponent, core},
		// lwc/**/__tests__ ignored.
		{d + "namedCredentials/Billing.namedCredential-meta.xml", model.KindNamedCredential, "Billing", RoleComponent, core},
		{d + "namedCredentials/Mdapi_NC.namedCredential", model.KindNamedCredential, "Mdapi_NC", RoleComponent, core},
		{d + "permissionSets/Capital_PS.permissionset-meta.xml", model.KindPermissionSet, "Capital_PS", RoleComponent, core},
		{d + "permissionSets/Mdapi_PS.permissionset", model.KindPermissionSet, "Mdapi_PS", RoleComponent, core},
		{ps + "Beta2_PS/Beta2_PS.externalCredentialPrincipalAccess-meta.xml", model.KindPermissionSet, "Beta2_PS", RoleFragment, core},
		{ps + "Beta2_PS/Beta2_PS.permissionset-meta.xml", model.KindPermissionSet, "Beta2_PS", RoleComponent, core},
		{ps + "Beta2_PS/objectSettings/UserExternalCredential.objectSettings-meta.xml", model.KindPermissionSet, "Beta2_PS", RoleFragment, core},
		{ps + "Beta_PS/Beta_PS.permissionset-meta.xml", model.KindPermissionSet, "Beta_PS", RoleComponent, core},
		{ps + "Beta_PS/externalCredentialPrincipalAccesses/Billing_EC-Principal One.externalCredentialPrincipalAccess-meta.xml", model.KindPermissionSet, "Beta_PS", RoleFragment, core},
		{ps + "Beta_PS/objectPermissions/UserExternalCredential.objectPermission-meta.xml", model.KindPermissionSet, "Beta_PS", RoleFragment, core},
		{d + "triggers/OrderTrigger.trigger", model.KindApexTrigger, "OrderTrigger", RoleComponent, core},
		// apps/core/main/ignored/ ignored (anchored, directory only).
		{"apps/core/nested/externalServiceRegistrations/Billing_ESR.externalServiceRegistration-meta.xml", model.KindExternalServiceRegistration, "Billing_ESR", RoleComponent, nested},
		// A source-format name counts in any folder; weird/place/Skipped.namedCredential does not.
		{"apps/core/weird/place/Odd.namedCredential-meta.xml", model.KindNamedCredential, "Odd", RoleComponent, core},
		{"libs/shared/authproviders/Okta.authprovider-meta.xml", model.KindAuthProvider, "Okta", RoleComponent, shared},
		{"libs/shared/dataSources/Mdapi_DS.dataSource", model.KindExternalDataSource, "Mdapi_DS", RoleComponent, shared},
		{"libs/shared/dataSources/Sharepoint.dataSource-meta.xml", model.KindExternalDataSource, "Sharepoint", RoleComponent, shared},
		{"libs/shared/externalAuthIdentityProviders/Entra.externalAuthIdentityProvider-meta.xml", model.KindExternalAuthIdentityProvider, "Entra", RoleComponent, shared},
		{"libs/shared/mutingpermissionsets/Mute.mutingpermissionset-meta.xml", model.KindMutingPermissionSet, "Mute", RoleComponent, shared},
		{"libs/shared/namedCredentials/ns__Dotted.Name.namedCredential-meta.xml", model.KindNamedCredential, "ns__Dotted.Name", RoleComponent, shared},
		{"libs/shared/outboundNetworkConnections/Private.outboundNetworkConnection-meta.xml", model.KindOutboundNetworkConnection, "Private", RoleComponent, shared},
		{"libs/shared/permissionsetgroups/Callers.permissionsetgroup-meta.xml", model.KindPermissionSetGroup, "Callers", RoleComponent, shared},
		{"libs/shared/profiles/My Profile.profile", model.KindProfile, "My Profile", RoleComponent, shared},
		{"libs/shared/profiles/Sales R%2FW.profile-meta.xml", model.KindProfile, "Sales R%2FW", RoleComponent, shared},
	})
	for _, f := range p.Files {
		if f.Namespace != "acme" {
			t.Errorf("%s: Namespace = %q, want the project namespace", f.Path, f.Namespace)
		}
	}

	// No decompose preset: one problem per decomposed folder, on its first
	// fragment, naming the preset that matches the layout.
	if len(p.Problems) != 2 {
		t.Fatalf("Problems = %+v, want 2", p.Problems)
	}
	for i, c := range []struct{ file, preset string }{
		{ps + "Beta2_PS/Beta2_PS.externalCredentialPrincipalAccess-meta.xml", `"decomposePermissionSetBeta2"`},
		{ps + "Beta_PS/externalCredentialPrincipalAccesses/Billing_EC-Principal One.externalCredentialPrincipalAccess-meta.xml", `"decomposePermissionSetBeta"`},
	} {
		pr := p.Problems[i]
		if pr.Span.File != c.file || pr.Span.Start.IsValid() {
			t.Errorf("problem %d span = %v, want the whole file %s", i, pr.Span, c.file)
		}
		for _, s := range []string{"TypeInferenceError", `"sourceBehaviorOptions": [` + c.preset + `]`, "sfdx-project.json declares no decompose preset"} {
			if !strings.Contains(pr.Message, s) {
				t.Errorf("problem %d message %q lacks %q", i, pr.Message, s)
			}
		}
	}

	if got := noticeFiles(p); !slices.Equal(got, []string{"missing-dir"}) {
		t.Errorf("notices = %+v, want one for missing-dir", p.Notices)
	}
}

func TestDiscoverPresets(t *testing.T) {
	t.Run("beta2", func(t *testing.T) {
		root := fixture(t, "beta2")
		p, err := Discover(root, Options{})
		if err != nil {
			t.Fatal(err)
		}
		d := "force-app/main/default/"
		ps := d + "permissionsets/Callout_User/"
		checkFiles(t, p, []want{
			// No .forceignore: nothing is ignored, not even dot directories.
			{d + ".hidden/Hidden.namedCredential-meta.xml", model.KindNamedCredential, "Hidden", RoleComponent, "force-app"},
			{ps + "Callout_User.customPermissions-meta.xml", model.KindPermissionSet, "Callout_User", RoleFragment, "force-app"},
			{ps + "Callout_User.externalCredentialPrincipalAccess-meta.xml", model.KindPermissionSet, "Callout_User", RoleFragment, "force-app"},
			{ps + "Callout_User.permissionset-meta.xml", model.KindPermissionSet, "Callout_User", RoleComponent, "force-app"},
			{ps + "objectSettings/UserExternalCredential.objectSettings-meta.xml", model.KindPermissionSet, "Callout_User", RoleFragment, "force-app"},
		})
		if len(p.Problems) != 0 || len(p.Notices) != 0 {
			t.Errorf("Problems = %+v, Notices = %+v", p.Problems, p.Notices)
		}
		if !p.Settings.HasOption("decomposePermissionSetBeta2") || p.Settings.SourceAPIVersion != "61.0" || p.Settings.Namespace != "" {
			t.Errorf("Settings = %+v", p.Settings)
		}
	})
	t.Run("beta via registryPresets", func(t *testing.T) {
		root := fixture(t, "beta")
		p, err := Discover(root, Options{})
		if err != nil {
			t.Fatal(err)
		}
		ps := "force-app/main/default/permissionsets/Callout_User/"
		checkFiles(t, p, []want{
			{ps + "Callout_User.permissionset-meta.xml", model.KindPermissionSet, "Callout_User", RoleComponent, "force-app"},
			{ps + "classAccesses/MyCalloutService.classAccess-meta.xml", model.KindPermissionSet, "Callout_User", RoleFragment, "force-app"},
			{ps + "externalCredentialPrincipalAccesses/My_EC-Integration Principal.externalCredentialPrincipalAccess-meta.xml", model.KindPermissionSet, "Callout_User", RoleFragment, "force-app"},
		})
		if len(p.Problems) != 0 || len(p.Notices) != 0 {
			t.Errorf("Problems = %+v, Notices = %+v", p.Problems, p.Notices)
		}
		// The number 60.0 is accepted as written.
		if !slices.Equal(p.Settings.SourceBehaviorOptions, []string{"decomposePermissionSetBeta"}) || p.Settings.SourceAPIVersion != "60.0" {
			t.Errorf("Settings = %+v", p.Settings)
		}
	})
	t.Run("no sfdx-project.json", func(t *testing.T) {
		dir := t.TempDir()
		write(t, dir, "permissionsets/PS/userPermissions/ApiEnabled.userPermission-meta.xml", "<UserPermission/>")
		write(t, dir, "permissionsets/PS/fieldPermissions/A.B__c.fieldPermission-meta.xml", "<FieldPermission/>")
		file := filepath.Join(dir, "permissionsets", "PS", "userPermissions", "ApiEnabled.userPermission-meta.xml")
		p, err := Discover(file, Options{})
		if err != nil {
			t.Fatal(err)
		}
		// Without a project file the file's own directory is the root.
		if p.Root != filepath.Dir(file) || p.Target != "ApiEnabled.userPermission-meta.xml" || len(p.Files) != 0 {
			t.Errorf("Root = %s, Target = %s, files = %q", p.Root, p.Target, rows(p.Files))
		}
		p, err = Discover(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Files) != 2 || len(p.Problems) != 1 ||
			p.Problems[0].Span.File != "permissionsets/PS/fieldPermissions/A.B__c.fieldPermission-meta.xml" ||
			!strings.Contains(p.Problems[0].Message, "there is no sfdx-project.json") ||
			!strings.Contains(p.Problems[0].Message, `["decomposePermissionSetBeta"]`) {
			t.Errorf("files = %q, problems = %+v", rows(p.Files), p.Problems)
		}
	})
	t.Run("beta2 without preset", func(t *testing.T) {
		root := fixture(t, "beta2")
		write(t, root, "sfdx-project.json", `{"packageDirectories": [{"path": "force-app"}]}`)
		p, err := Discover(root, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Problems) != 1 || p.Problems[0].Span.File != "force-app/main/default/permissionsets/Callout_User/Callout_User.customPermissions-meta.xml" ||
			!strings.Contains(p.Problems[0].Message, `["decomposePermissionSetBeta2"]`) {
			t.Errorf("Problems = %+v", p.Problems)
		}
	})
}

func TestDiscoverMdapi(t *testing.T) {
	root := fixture(t, "mdapi")
	p, err := Discover(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Settings.ProjectFile != "" || !slices.Equal(p.PackageDirs, []string{"."}) || len(p.Notices) != 0 || len(p.Problems) != 0 {
		t.Errorf("Settings = %+v, PackageDirs = %q, Notices = %+v, Problems = %+v", p.Settings, p.PackageDirs, p.Notices, p.Problems)
	}
	checkFiles(t, p, []want{
		{"authproviders/My_AP.authprovider", model.KindAuthProvider, "My_AP", RoleComponent, ""},
		{"certs/My_Cert.crt", model.KindCertificate, "My_Cert", RoleContent, ""},
		{"certs/My_Cert.crt-meta.xml", model.KindCertificate, "My_Cert", RoleComponent, ""},
		{"classes/MyCalloutService.cls", model.KindApexClass, "MyCalloutService", RoleComponent, ""},
		{"dataSources/My_DS.dataSource", model.KindExternalDataSource, "My_DS", RoleComponent, ""},
		{"externalAuthIdentityProviders/My_EAIP.externalAuthIdentityProvider", model.KindExternalAuthIdentityProvider, "My_EAIP", RoleComponent, ""},
		{"externalCredentials/My_EC.externalCredential", model.KindExternalCredential, "My_EC", RoleComponent, ""},
		{"externalServiceRegistrations/My_ESR.externalServiceRegistration", model.KindExternalServiceRegistration, "My_ESR", RoleComponent, ""},
		{"flows/My_Flow.flow", model.KindFlow, "My_Flow", RoleComponent, ""},
		// misc/Stray.namedCredential is outside its type folder: skipped.
		{"mutingpermissionsets/My_Mute.mutingpermissionset", model.KindMutingPermissionSet, "My_Mute", RoleComponent, ""},
		{"namedCredentials/My_NC.namedCredential", model.KindNamedCredential, "My_NC", RoleComponent, ""},
		{"outboundNetworkConnections/My_ONC.outboundNetworkConnection", model.KindOutboundNetworkConnection, "My_ONC", RoleComponent, ""},
		{"permissionsetgroups/My_PSG.permissionsetgroup", model.KindPermissionSetGroup, "My_PSG", RoleComponent, ""},
		{"permissionsets/My_PS.permissionset", model.KindPermissionSet, "My_PS", RoleComponent, ""},
		{"profiles/My Profile.profile", model.KindProfile, "My Profile", RoleComponent, ""},
	})
	for _, f := range p.Files {
		if f.Namespace != "" {
			t.Errorf("%s: Namespace = %q without sfdx-project.json", f.Path, f.Namespace)
		}
	}
}

func TestDiscoverTarget(t *testing.T) {
	root := fixture(t, "multi")
	file := filepath.Join(root, "libs", "shared", "authproviders", "Okta.authprovider-meta.xml")
	p, err := Discover(file, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Root != root || p.Target != "libs/shared/authproviders/Okta.authprovider-meta.xml" {
		t.Fatalf("Root = %q, Target = %q", p.Root, p.Target)
	}
	if len(p.Files) < 30 {
		t.Errorf("a file target must still discover the whole project, got %d files", len(p.Files))
	}
	var in []string
	for _, f := range p.Files {
		if p.InTarget(f.Path) {
			in = append(in, f.Path)
		}
	}
	if !slices.Equal(in, []string{p.Target}) {
		t.Errorf("InTarget files = %q", in)
	}

	// A directory below the root, given relative to the working directory.
	t.Chdir(filepath.Join(root, "libs"))
	p, err = Discover("shared/profiles", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Root != root || p.Target != "libs/shared/profiles" || !p.InTarget("libs/shared/profiles/My Profile.profile") || p.InTarget("libs/shared/profilesX/a") {
		t.Errorf("Root = %q, Target = %q", p.Root, p.Target)
	}
	p, err = Discover("..", Options{})
	if err != nil || p.Root != root || p.Target != "" || !p.InTarget("anything") {
		t.Errorf("Discover(root) = %+v, %v", p, err)
	}
}

func TestDiscoverErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := Discover(filepath.Join(dir, "nope"), Options{})
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "nope") {
		t.Errorf("missing path: err = %v", err)
	}

	content := "{\n  \"packageDirectories\": [\n    { \"path\": \"force-app\", }\n  ]\n}\n"
	write(t, dir, "sfdx-project.json", content)
	_, err = Discover(dir, Options{})
	var pe *ConfigError
	if !errors.As(err, &pe) {
		t.Fatalf("malformed sfdx-project.json: err = %v, want *ConfigError", err)
	}
	if pe.Line != 3 || pe.Col != 28 || pe.File != filepath.Join(dir, "sfdx-project.json") {
		t.Errorf("error at %s:%d:%d, want line 3 col 28 (the stray \"}\")", pe.File, pe.Line, pe.Col)
	}
	if !strings.Contains(err.Error(), "sfdx-project.json:3:28: ") {
		t.Errorf("Error() = %q lacks file:line:col", err.Error())
	}

	for _, c := range []struct {
		content   string
		line, col int
	}{
		{"\uFEFF{\"packageDirectories\": \"force-app\"}", 1, 34},
		{"{\n\"namespace\": \"ns\",\n\"packageDirectories\": [", 3, 24},
		{"{\"namespace\": 7}", 1, 15},
		{"{\"a\": \"é\" x}", 1, 11},
	} {
		write(t, dir, "sfdx-project.json", c.content)
		_, err := Discover(dir, Options{})
		if !errors.As(err, &pe) || pe.Line != c.line || pe.Col != c.col {
			t.Errorf("%q: err = %v, want line %d col %d", c.content, err, c.line, c.col)
		}
	}

	write(t, dir, "sfdx-project.json", `{"packageDirectories": [{"path": "force-app"}]}`)
	if _, err := Discover(dir, Options{ExtraExcludes: []string{"ok/**", "bad/["}}); !errors.Is(err, doublestar.ErrBadPattern) || !strings.Contains(err.Error(), "bad/[") {
		t.Errorf("bad exclude: err = %v", err)
	}
}

func TestDiscoverProjectFileNotices(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "force-app/a.cls", "class a {}")
	write(t, dir, "file.txt", "x")
	write(t, dir, "sfdx-project.json", `{
		"packageDirectories": [
			{"path": "force-app"}, {"path": "./force-app/"}, {"default": true}, {"path": "../elsewhere"},
			{"path": "file.txt"}, {"path": "`+filepath.ToSlash(filepath.Join(dir, "force-app"))+`"}
		],
		"sourceApiVersion": true,
		"sourceBehaviorOptions": ["decomposePermissionSetBeta2"],
		"registryPresets": ["decomposePermissionSetBeta2", "decomposeCustomLabelsBeta"]
	}`)
	p, err := Discover(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.PackageDirs, []string{"force-app"}) || len(p.Files) != 1 {
		t.Errorf("PackageDirs = %q, files = %q", p.PackageDirs, rows(p.Files))
	}
	if !slices.Equal(p.Settings.SourceBehaviorOptions, []string{"decomposePermissionSetBeta2", "decomposeCustomLabelsBeta"}) {
		t.Errorf("options = %q", p.Settings.SourceBehaviorOptions)
	}
	var msgs []string
	for _, n := range p.Notices {
		msgs = append(msgs, n.File+": "+n.Message)
	}
	all := strings.Join(msgs, "\n")
	for _, s := range []string{"file.txt: package directory file.txt listed in sfdx-project.json is not a directory", "packageDirectories[2] has no path", `"../elsewhere" is outside the project root`, "sourceApiVersion should be a string"} {
		if !strings.Contains(all, s) {
			t.Errorf("notices lack %q:\n%s", s, all)
		}
	}
	if len(p.Notices) != 4 {
		t.Errorf("%d notices, want 4:\n%s", len(p.Notices), all)
	}

	write(t, dir, "sfdx-project.json", `{"namespace": "x"}`)
	p, err = Discover(dir, Options{})
	if err != nil || !slices.Equal(p.PackageDirs, []string{"."}) || len(p.Notices) != 1 || len(p.Files) != 1 || p.Files[0].PackageDir != "." {
		t.Errorf("no packageDirectories: %+v, %v", p, err)
	}
}

// TestDiscoverSkippedDirs covers directories that are always skipped and
// dot directories, which only a .forceignore ignores.
func TestDiscoverSkippedDirs(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "sfdx-project.json", `{"packageDirectories": [{"path": "force-app"}]}`)
	for _, d := range []string{".git", "node_modules/pkg", ".sf/orgs", ".sfdx/tools", "sub/.git", ".hidden", "ok", "nested/.sf"} {
		write(t, dir, "force-app/"+d+"/X.namedCredential-meta.xml", "<NamedCredential/>")
	}
	p, err := Discover(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := rows(p.Files)
	exp := []string{
		"force-app/.hidden/X.namedCredential-meta.xml | NamedCredential | X | 0 | force-app",
		"force-app/ok/X.namedCredential-meta.xml | NamedCredential | X | 0 | force-app",
	}
	if !slices.Equal(got, exp) {
		t.Errorf("without .forceignore: %q", got)
	}

	write(t, dir, ".forceignore", "# nothing of my own\n")
	p, err = Discover(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := rows(p.Files); !slices.Equal(got, exp[1:]) {
		t.Errorf("with an empty .forceignore: %q", got)
	}

	// ExtraExcludes apply on top, to files and whole directories.
	write(t, dir, "force-app/ok/sub/Y.namedCredential-meta.xml", "<NamedCredential/>")
	write(t, dir, "force-app/keep/Z.namedCredential-meta.xml", "<NamedCredential/>")
	p, err = Discover(dir, Options{ExtraExcludes: []string{"force-app/ok/**", "**/Nope.cls"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := rows(p.Files); !slices.Equal(got, []string{"force-app/keep/Z.namedCredential-meta.xml | NamedCredential | Z | 0 | force-app"}) {
		t.Errorf("with ExtraExcludes: %q", got)
	}
	p, err = Discover(dir, Options{ExtraExcludes: []string{"force-app"}})
	if err != nil || len(p.Files) != 0 || !slices.Equal(p.PackageDirs, []string{"force-app"}) {
		t.Errorf("excluded package dir: %q, %q, %v", rows(p.Files), p.PackageDirs, err)
	}
}

// TestDiscoverForceIgnoreAbove checks that a .forceignore above the root is
// used, with paths relative to its own directory, and that its warnings
// become notices.
func TestDiscoverForceIgnoreAbove(t *testing.T) {
	top := t.TempDir()
	write(t, top, ".forceignore", "proj/force-app/skip/\nforce-app\\main\\x\n")
	root := filepath.Join(top, "proj")
	write(t, root, "sfdx-project.json", `{"packageDirectories": [{"path": "force-app"}]}`)
	write(t, root, "force-app/skip/A.cls", "")
	write(t, root, "force-app/keep/B.cls", "")
	p, err := Discover(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := rows(p.Files); !slices.Equal(got, []string{"force-app/keep/B.cls | ApexClass | B | 0 | force-app"}) {
		t.Errorf("files = %q", got)
	}
	if len(p.Notices) != 1 || p.Notices[0].File != "../.forceignore" || !strings.Contains(p.Notices[0].Message, "line 2: ") || !strings.Contains(p.Notices[0].Message, "backslash") {
		t.Errorf("notices = %+v", p.Notices)
	}

	// The root's own .forceignore wins over the one above.
	write(t, root, ".forceignore", "")
	p, err = Discover(root, Options{})
	if err != nil || len(p.Files) != 2 || len(p.Notices) != 0 {
		t.Errorf("files = %q, notices = %+v, err = %v", rows(p.Files), p.Notices, err)
	}
}

func TestDiscoverNestedPackageDirs(t *testing.T) {
	dir := t.TempDir()
	// The inner directory is listed first: files still belong to the
	// deepest package directory and appear once.
	write(t, dir, "sfdx-project.json", `{"packageDirectories": [{"path": "app/inner"}, {"path": "app"}, {"path": "app/inner"}]}`)
	write(t, dir, "app/inner/A.cls", "")
	write(t, dir, "app/B.cls", "")
	p, err := Discover(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	exp := []string{"app/B.cls | ApexClass | B | 0 | app", "app/inner/A.cls | ApexClass | A | 0 | app/inner"}
	if got := rows(p.Files); !slices.Equal(got, exp) || !slices.Equal(p.PackageDirs, []string{"app/inner", "app"}) {
		t.Errorf("files = %q, PackageDirs = %q", got, p.PackageDirs)
	}
}

func TestDiscoverNestedProjectNotice(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "Salesforce/App/sfdx-project.json", `{"packageDirectories": [{"path": "force-app"}]}`)
	write(t, dir, "Salesforce/App/force-app/main/default/namedCredentials/N.namedCredential-meta.xml", "")
	p, err := Discover(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Files) != 1 || len(p.Notices) != 1 || p.Notices[0].File != "Salesforce/App/sfdx-project.json" ||
		!strings.Contains(p.Notices[0].Message, "run nclint on Salesforce/App") {
		t.Errorf("files = %q, notices = %+v", rows(p.Files), p.Notices)
	}
}

func TestDiscoverSymlinks(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	root := filepath.Join(dir, "proj")
	write(t, root, "sfdx-project.json", `{"packageDirectories": [{"path": "force-app"}, {"path": "linked-app"}]}`)
	write(t, root, "force-app/main/A.cls", "")
	write(t, root, "shared/Real.namedCredential-meta.xml", "<NamedCredential/>")
	write(t, root, "shared/deeper/S.cls", "")
	write(t, outside, "Out.namedCredential-meta.xml", "<NamedCredential/>")
	write(t, outside, "dir/O.cls", "")

	symlink(t, root, "force-app/loop", ".")                // points at its own directory
	symlink(t, root, "force-app/main/up", "../..")         // points at the root
	symlink(t, root, "force-app/again", "main")            // already scanned: not repeated
	symlink(t, root, "force-app/shared-link", "../shared") // inside the root, not scanned yet
	symlink(t, root, "force-app/outdir", filepath.Join(outside, "dir"))
	symlink(t, root, "force-app/Linked.namedCredential-meta.xml", "../shared/Real.namedCredential-meta.xml")
	symlink(t, root, "force-app/Out.namedCredential-meta.xml", filepath.Join(outside, "Out.namedCredential-meta.xml"))
	symlink(t, root, "force-app/Broken.namedCredential-meta.xml", "nowhere")
	symlink(t, root, "force-app/broken-dir", "nowhere-dir")
	symlink(t, root, "force-app/a", "b") // a cycle of links
	symlink(t, root, "force-app/b", "a")
	symlink(t, root, "linked-app", "force-app/main") // a package directory that is a link

	p, err := Discover(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	exp := []string{
		"force-app/Linked.namedCredential-meta.xml | NamedCredential | Linked | 0 | force-app",
		"force-app/main/A.cls | ApexClass | A | 0 | force-app",
		"force-app/shared-link/Real.namedCredential-meta.xml | NamedCredential | Real | 0 | force-app",
		"force-app/shared-link/deeper/S.cls | ApexClass | S | 0 | force-app",
	}
	if got := rows(p.Files); !slices.Equal(got, exp) {
		t.Errorf("files:\n  %s", strings.Join(got, "\n  "))
	}
	if !slices.Equal(p.PackageDirs, []string{"force-app", "linked-app"}) {
		t.Errorf("PackageDirs = %q", p.PackageDirs)
	}
	wantNotices := map[string]string{
		"force-app/Broken.namedCredential-meta.xml": "broken symbolic link",
		"force-app/Out.namedCredential-meta.xml":    "outside the project root",
		"force-app/loop":                            "loop",
		"force-app/main/up":                         "loop",
		"force-app/outdir":                          "outside the project root",
	}
	for _, n := range p.Notices {
		w, ok := wantNotices[n.File]
		if !ok || !strings.Contains(n.Message, w) {
			t.Errorf("unexpected notice %+v", n)
		}
		delete(wantNotices, n.File)
	}
	for f, w := range wantNotices {
		t.Errorf("missing notice for %s (%s)", f, w)
	}

	// A package directory that links outside the root is not scanned.
	write(t, root, "sfdx-project.json", `{"packageDirectories": [{"path": "ext"}]}`)
	symlink(t, root, "ext", outside)
	p, err = Discover(root, Options{})
	// (The project then has no file to check, which a second notice says.)
	if err != nil || len(p.Files) != 0 || len(p.Notices) != 2 || !strings.Contains(p.Notices[1].Message, "outside the project root") || !strings.Contains(p.Notices[0].Message, "no metadata file found") {
		t.Errorf("files = %q, notices = %+v, err = %v", rows(p.Files), p.Notices, err)
	}
}

func TestDiscoverUnreadableDir(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads any directory")
	}
	dir := t.TempDir()
	write(t, dir, "sfdx-project.json", `{"packageDirectories": [{"path": "force-app"}]}`)
	write(t, dir, "force-app/locked/A.cls", "")
	write(t, dir, "force-app/open/B.cls", "")
	locked := filepath.Join(dir, "force-app", "locked")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(locked, 0o755) })
	p, err := Discover(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := rows(p.Files); !slices.Equal(got, []string{"force-app/open/B.cls | ApexClass | B | 0 | force-app"}) {
		t.Errorf("files = %q", got)
	}
	if len(p.Notices) != 1 || p.Notices[0].File != "force-app/locked" {
		t.Errorf("notices = %+v", p.Notices)
	}
}

// TestDiscoverSpecialFilesNamedLikeMetadata checks that named pipes,
// devices and directories with metadata names get a notice instead of
// silence, and that discovery never opens them (a FIFO would block).
func TestDiscoverSpecialFilesNamedLikeMetadata(t *testing.T) {
	root := t.TempDir()
	write(t, root, "force-app/main/default/classes/Good.cls", "public class Good {}")
	dir := filepath.Join(root, "force-app/main/default")
	if err := syscall.Mkfifo(filepath.Join(dir, "classes/Pipe.cls"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "namedCredentials/X.namedCredential-meta.xml"), 0o755); err != nil {
		t.Fatal(err)
	}
	symlink(t, root, "force-app/main/default/classes/Null.cls", "/dev/null")
	var (
		p   *Project
		err error
	)
	done := make(chan struct{})
	go func() { defer close(done); p, err = Discover(root, Options{}) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Discover did not return: it opened the FIFO")
	}
	if err != nil {
		t.Fatal(err)
	}
	if got := rows(p.Files); len(got) != 1 || !strings.Contains(got[0], "Good.cls") {
		t.Errorf("files = %q, want only Good.cls", got)
	}
	want := map[string]string{
		"force-app/main/default/classes/Pipe.cls":                            "not a regular file but a named pipe (FIFO)",
		"force-app/main/default/namedCredentials/X.namedCredential-meta.xml": "a directory named like a metadata file",
		// /dev/null lies outside the project: the link is not followed.
		"force-app/main/default/classes/Null.cls": "outside the project root",
	}
	for _, n := range p.Notices {
		if w, ok := want[n.File]; !ok || !strings.Contains(n.Message, w) {
			t.Errorf("unexpected notice %+v", n)
		}
		delete(want, n.File)
	}
	for f, w := range want {
		t.Errorf("missing notice for %s (%s)", f, w)
	}
}

// TestDiscoverNothingToCheckWarns checks that a scan that finds no
// metadata file (a .forceignore of "**") says so.
func TestDiscoverNothingToCheckWarns(t *testing.T) {
	root := t.TempDir()
	write(t, root, "sfdx-project.json", `{"packageDirectories": [{"path": "force-app"}]}`)
	write(t, root, "force-app/main/default/classes/Good.cls", "public class Good {}")
	write(t, root, ".forceignore", "**\n")
	p, err := Discover(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Files) != 0 || len(p.Notices) != 1 || !p.Notices[0].Warning || !strings.Contains(p.Notices[0].Message, "no metadata file found") {
		t.Errorf("files = %q, notices = %+v; want one warning that nothing was checked", rows(p.Files), p.Notices)
	}
}

// TestProjectFileOutsideRootRefused checks that sfdx-project.json linked
// out of the project is not read and its target's content not quoted, and
// that quoted values are short excerpts.
func TestProjectFileOutsideRootRefused(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	write(t, outside, "passwd", "root:x:0:0:root:/root:/bin/bash\n")
	symlink(t, root, ProjectFileName, filepath.Join(outside, "passwd"))
	_, err := Discover(root, Options{})
	if err == nil || !strings.Contains(err.Error(), "a symbolic link to a file outside") || strings.Contains(err.Error(), "root:x") {
		t.Errorf("Discover = %v, want a refusal that quotes nothing of the target", err)
	}

	root = t.TempDir()
	secret := "ghp_" + strings.Repeat("Ab1", 12)
	write(t, root, ProjectFileName, `{"packageDirectories": [{"path": "../`+secret+`"}], "sourceApiVersion": {"k": "`+secret+`"}}`)
	p, err := Discover(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range p.Notices {
		if strings.Contains(n.Message, secret[:10]) {
			t.Errorf("notice quotes the secret: %+v", n)
		}
	}
}
