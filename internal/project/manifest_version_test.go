package project

import (
	"strings"
	"testing"
)

// TestManifestVersion checks that a Metadata API format tree takes its API
// version from package.xml <version>, and that sfdx-project.json wins.
func TestManifestVersion(t *testing.T) {
	t.Run("mdapi tree", func(t *testing.T) {
		p, err := Discover(fixture(t, "mdapi"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if p.Settings.SourceAPIVersion != "62.0" || p.Settings.ProjectFile != "" {
			t.Errorf("Settings = %+v, want SourceAPIVersion 62.0 from package.xml", p.Settings)
		}
	})
	t.Run("sfdx-project.json wins", func(t *testing.T) {
		dir := t.TempDir()
		write(t, dir, "sfdx-project.json", `{"packageDirectories":[{"path":"force-app"}],"sourceApiVersion":"60.0"}`)
		write(t, dir, "package.xml", `<Package xmlns="http://soap.sforce.com/2006/04/metadata"><version>55.0</version></Package>`)
		write(t, dir, "force-app/main/default/namedCredentials/A.namedCredential-meta.xml", "<NamedCredential/>")
		p, err := Discover(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if p.Settings.SourceAPIVersion != "60.0" {
			t.Errorf("SourceAPIVersion = %q, want 60.0", p.Settings.SourceAPIVersion)
		}
	})
	t.Run("malformed package.xml", func(t *testing.T) {
		dir := t.TempDir()
		write(t, dir, "package.xml", `<Package><version>55.0</Package>`)
		write(t, dir, "namedCredentials/A.namedCredential", "<NamedCredential/>")
		p, err := Discover(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if p.Settings.SourceAPIVersion != "" || len(p.Notices) != 1 || !p.Notices[0].Warning ||
			!strings.Contains(p.Notices[0].Message, "API version not read") {
			t.Errorf("SourceAPIVersion = %q, Notices = %+v", p.Settings.SourceAPIVersion, p.Notices)
		}
	})
	t.Run("no version", func(t *testing.T) {
		dir := t.TempDir()
		write(t, dir, "package.xml", `<Package xmlns="http://soap.sforce.com/2006/04/metadata"></Package>`)
		write(t, dir, "namedCredentials/A.namedCredential", "<NamedCredential/>")
		p, err := Discover(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if p.Settings.SourceAPIVersion != "" || len(p.Notices) != 0 {
			t.Errorf("SourceAPIVersion = %q, Notices = %+v", p.Settings.SourceAPIVersion, p.Notices)
		}
	})
}
