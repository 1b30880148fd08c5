package parse

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/project"
)

// suffixes maps file name endings to metadata kinds, as discovery does.
// This is a test-only stand-in for internal/project, which is written in
// parallel and must not be depended on here.
var suffixes = []struct {
	suffix string
	kind   model.Kind
	role   project.Role
	dir    string // for mdapi-style names: the type directory they must sit in
}{
	{".namedCredential-meta.xml", model.KindNamedCredential, project.RoleComponent, ""},
	{".externalCredential-meta.xml", model.KindExternalCredential, project.RoleComponent, ""},
	{".permissionset-meta.xml", model.KindPermissionSet, project.RoleComponent, ""},
	{".mutingpermissionset-meta.xml", model.KindMutingPermissionSet, project.RoleComponent, ""},
	{".permissionsetgroup-meta.xml", model.KindPermissionSetGroup, project.RoleComponent, ""},
	{".profile-meta.xml", model.KindProfile, project.RoleComponent, ""},
	{".crt-meta.xml", model.KindCertificate, project.RoleComponent, ""},
	{".crt", model.KindCertificate, project.RoleContent, ""},
	{".externalServiceRegistration-meta.xml", model.KindExternalServiceRegistration, project.RoleComponent, ""},
	{".dataSource-meta.xml", model.KindExternalDataSource, project.RoleComponent, ""},
	{".authprovider-meta.xml", model.KindAuthProvider, project.RoleComponent, ""},
	{".externalAuthIdentityProvider-meta.xml", model.KindExternalAuthIdentityProvider, project.RoleComponent, ""},
	{".outboundNetworkConnection-meta.xml", model.KindOutboundNetworkConnection, project.RoleComponent, ""},
	{".flow-meta.xml", model.KindFlow, project.RoleComponent, ""},
	{".cls", model.KindApexClass, project.RoleComponent, ""},
	{".trigger", model.KindApexTrigger, project.RoleComponent, ""},
	{".platformEventSubscriberConfig-meta.xml", model.KindPlatformEventSubscriberConfig, project.RoleComponent, ""},
	{".platformEventSubscriberConfig", model.KindPlatformEventSubscriberConfig, project.RoleComponent, "platformEventSubscriberConfigs"},
	{".namedCredential", model.KindNamedCredential, project.RoleComponent, "namedCredentials"},
	{".externalCredential", model.KindExternalCredential, project.RoleComponent, "externalCredentials"},
	{".permissionset", model.KindPermissionSet, project.RoleComponent, "permissionsets"},
	{".samlssoconfig-meta.xml", model.KindSamlSsoConfig, project.RoleComponent, ""},
	{".settings-meta.xml", model.KindIdentityProviderSettings, project.RoleComponent, "settings"}, // IdentityProvider only
}

// classify returns the project.File for rel (slash path relative to root),
// or false when it is not a metadata file nclint reads.
func classify(root, rel string, size int64) (project.File, bool) {
	base := path.Base(rel)
	for _, s := range suffixes {
		if !strings.HasSuffix(base, s.suffix) || len(base) == len(s.suffix) {
			continue
		}
		if s.dir != "" && path.Base(path.Dir(rel)) != s.dir {
			continue
		}
		f := project.File{
			Path: rel,
			Abs:  filepath.Join(root, filepath.FromSlash(rel)),
			Kind: s.kind,
			Name: strings.TrimSuffix(base, s.suffix),
			Role: s.role,
			Size: size,
		}
		return f, true
	}
	// Decomposed fragments have their own suffixes.
	if i := strings.Index(rel, "permissionsets/"); i >= 0 && strings.HasSuffix(base, "-meta.xml") {
		restParts := strings.Split(rel[i+len("permissionsets/"):], "/")
		if len(restParts) >= 2 {
			return project.File{
				Path: rel, Abs: filepath.Join(root, filepath.FromSlash(rel)),
				Kind: model.KindPermissionSet, Name: restParts[0], Role: project.RoleFragment, Size: size,
			}, true
		}
	}
	return project.File{}, false
}

// walkProject builds a Project from the files under root.
func walkProject(t testing.TB, root string) *project.Project {
	t.Helper()
	p := &project.Project{Root: root, PackageDirs: []string{"."}}
	err := filepath.WalkDir(root, func(abs string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && abs != root {
				return filepath.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(root, abs)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if f, ok := classify(root, filepath.ToSlash(rel), info.Size()); ok {
			p.Files = append(p.Files, f)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk %s: %v", root, err)
	}
	sort.Slice(p.Files, func(i, j int) bool { return p.Files[i].Path < p.Files[j].Path })
	return p
}

// writeProject writes files (slash path -> content) under a temp dir and
// returns the Project discovery would produce.
func writeProject(t testing.TB, files map[string]string) *project.Project {
	t.Helper()
	root := t.TempDir()
	for rel, content := range files {
		abs := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(abs, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return walkProject(t, root)
}
