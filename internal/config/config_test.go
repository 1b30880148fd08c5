package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/project"
)

// lookup knows two rules, by ID and by name.
func lookup(s string) (string, bool) {
	switch strings.ToLower(s) {
	case "nc101", "principal-not-granted":
		return "NC101", true
	case "nc303", "certificate-expiring-soon":
		return "NC303", true
	}
	return "", false
}

const full = `# every key
rules:
  NC101: off
  certificate-expiring-soon: error
org:
  named_credentials: [Billing_API]
  external_credentials: [Legacy_EC]
  certificates: [prod_mtls_2026]
  granted_principals: ["Billing_EC-Service Principal"]
namespaces:
  - path: "vendor/acme/**"
    namespace: acme
installed_packages:
  acme: [Acme_API, Acme_Files]
service_contexts:
  entry_classes: [NightlySyncRunner]
  integration_licenses: [MyCustomIntegrationPsl]
certificates:
  expiry_warning_days: 45
exclude: ["**/legacy/**"]
`

func TestParseFull(t *testing.T) {
	c, err := Parse(".nclint.yml", []byte(full), lookup)
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		File:   ".nclint.yml",
		Levels: map[string]lint.Level{"NC101": lint.LevelNone, "NC303": lint.LevelError},
		Settings: lint.Settings{
			Org: lint.Org{
				NamedCredentials:    []string{"Billing_API"},
				ExternalCredentials: []string{"Legacy_EC"},
				Certificates:        []string{"prod_mtls_2026"},
				GrantedPrincipals:   []string{"Billing_EC-Service Principal"},
			},
			InstalledPackages:   []lint.InstalledPackage{{Namespace: "acme", NamedCredentials: []string{"Acme_API", "Acme_Files"}}},
			EntryClasses:        []string{"NightlySyncRunner"},
			IntegrationLicenses: []string{"MyCustomIntegrationPsl"},
			ExpiryWarningDays:   45,
		},
		Namespaces: []project.NamespaceMapping{{Pattern: "vendor/acme/**", Namespace: "acme"}},
		Exclude:    []string{"**/legacy/**"},
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got  %+v\nwant %+v", c, want)
	}
	if !c.Settings.PrincipalGrantedInOrg("billing_ec", "Service Principal") || c.Settings.PrincipalGrantedInOrg("Billing_EC", "service principal") {
		t.Error("PrincipalGrantedInOrg: EC name must fold case, principal name must not")
	}
}

func TestParseEmpty(t *testing.T) {
	for _, src := range []string{"", "# nothing yet\n", "---\n"} {
		c, err := Parse("x.yml", []byte(src), lookup)
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if len(c.Levels) != 0 || c.Settings.ExpiryDays() != lint.DefaultExpiryWarningDays {
			t.Errorf("%q: not the default configuration: %+v", src, c)
		}
	}
}

// TestParseErrors checks that each mistake is an error at the right line
// and column, with a message that names the problem.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		src       string
		line, col int
		msg       string
	}{
		{"rulez:\n  NC101: off\n", 1, 1, `unknown key "rulez" in the configuration`},
		{"rules:\n  NC999: off\n", 2, 3, `unknown rule "NC999"`},
		{"rules:\n  NC101: loud\n", 2, 10, `unknown level "loud"`},
		{"rules:\n  NC101: off\n  principal-not-granted: error\n", 3, 3, "configured twice"},
		{"rules: [NC101]\n", 1, 8, "rules must be a mapping"},
		{"org:\n  certificates: prod\n", 2, 17, "must be a list of strings"},
		{"org:\n  certificate: [a]\n", 2, 3, `unknown key "certificate" in org`},
		{"org:\n  granted_principals: [NoDash]\n", 2, 24, "ExternalCredential-Principal Name"},
		{"org:\n  certificates: [a, {b: c}]\n", 2, 21, "must be a string"},
		{"certificates:\n  expiry_warning_days: soon\n", 2, 24, "whole number of days"},
		{"certificates:\n  expiry_warning_days: 0\n", 2, 24, "whole number of days"},
		{"namespaces:\n  - path: vendor/**\n", 2, 5, "needs both path and namespace"},
		{"namespaces:\n  - path: vendor/**\n    namespace: acme__x\n", 3, 16, "is not a namespace prefix"},
		{"namespaces:\n  - path: \"vendor/[**\"\n    namespace: acme\n", 2, 11, "not a valid glob"},
		{"namespaces:\n  path: x\n", 2, 3, "must be a list"},
		{"installed_packages:\n  acme: Acme_API\n", 2, 9, "must be a list of strings"},
		{"installed_packages:\n  \"ac me\": [X]\n", 2, 3, "is not a namespace prefix"},
		{"exclude: [\"a/[\"]\n", 1, 11, "not a valid glob"},
		{"rules:\n  NC101: off\nrules:\n  NC303: off\n", 3, 1, `key "rules" appears twice`},
		{"rules:\n\tNC101: off\n", 2, 1, "invalid YAML"},
		{"[unclosed\n", 0, 0, "invalid YAML"},
	}
	for _, tt := range tests {
		_, err := Parse("cfg.yml", []byte(tt.src), lookup)
		var ce *Error
		if !errors.As(err, &ce) {
			t.Errorf("%q: got %v, want a *config.Error", tt.src, err)
			continue
		}
		if tt.line != 0 && (ce.Line != tt.line || ce.Col != tt.col) {
			t.Errorf("%q: error at %d:%d, want %d:%d (%v)", tt.src, ce.Line, ce.Col, tt.line, tt.col, err)
		}
		if !strings.Contains(ce.Msg, tt.msg) || !strings.HasPrefix(err.Error(), "cfg.yml:") {
			t.Errorf("%q: error %q does not say %q", tt.src, err, tt.msg)
		}
	}
}

func TestFindAndLoad(t *testing.T) {
	dir := t.TempDir()
	if Find(dir) != "" {
		t.Fatal("Find found a file in an empty directory")
	}
	p := filepath.Join(dir, ".nclint.yaml")
	if err := os.WriteFile(p, []byte("rules:\n  NC303: note\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := Find(dir); got != p {
		t.Fatalf("Find = %q, want %q", got, p)
	}
	c, err := Load(p, lookup)
	if err != nil || c.Levels["NC303"] != lint.LevelNote {
		t.Fatalf("Load = %+v, %v", c, err)
	}
	if _, err := Load(filepath.Join(dir, "missing.yml"), lookup); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("Load of a missing file: %v", err)
	}
}

// TestStarterParses: the starter file is valid and changes nothing, and
// each commented example in it parses once uncommented.
func TestStarterParses(t *testing.T) {
	c, err := Parse("starter.yml", []byte(Starter), lookup)
	if err != nil {
		t.Fatalf("starter: %v", err)
	}
	if len(c.Levels) != 0 || len(c.Exclude) != 0 || len(c.Namespaces) != 0 {
		t.Errorf("the starter must change nothing: %+v", c)
	}
	var lines []string
	for _, l := range strings.Split(Starter, "\n") {
		if rest, ok := strings.CutPrefix(l, "# "); ok && (strings.HasPrefix(rest, " ") || strings.HasSuffix(strings.Fields(rest + " x")[0], ":")) {
			lines = append(lines, rest)
		}
	}
	uncommented := strings.Join(lines, "\n")
	uncommented = strings.ReplaceAll(uncommented, "NC903: off", "NC101: off") // lookup knows NC101 and NC303 only
	c, err = Parse("uncommented.yml", []byte(uncommented), lookup)
	if err != nil {
		t.Fatalf("uncommented starter: %v\n%s", err, uncommented)
	}
	if c.Settings.ExpiryWarningDays != 45 || len(c.Namespaces) != 1 || len(c.Settings.Org.GrantedPrincipals) != 1 {
		t.Errorf("uncommented starter parsed to %+v", c)
	}
}

// TestParseForgiving: the spellings users write for the same thing.
func TestParseForgiving(t *testing.T) {
	src := `defaults: &off_level "OFF"
rules:
  NC101: *off_level
  NC303: no
paths: &vendor ./vendor/acme/
namespaces:
  - path: *vendor
    namespace: acme
exclude: ["/legacy/", "./tmp/**"]
`
	// "defaults" and "paths" are not keys: anchors must live under known keys.
	if _, err := Parse("x.yml", []byte(src), lookup); err == nil || !strings.Contains(err.Error(), `unknown key "defaults"`) {
		t.Fatalf("want the unknown key reported, got %v", err)
	}
	src = `rules:
  NC101: &off_level "OFF"
  NC303: *off_level
namespaces:
  - path: ./vendor/acme/
    namespace: acme
exclude: ["/legacy/", "./tmp/**"]
`
	c, err := Parse("x.yml", []byte(src), lookup)
	if err != nil {
		t.Fatal(err)
	}
	if c.Levels["NC101"] != lint.LevelNone || c.Levels["NC303"] != lint.LevelNone {
		t.Errorf("levels %v, want both off (case-insensitive, through an alias)", c.Levels)
	}
	if c.Namespaces[0].Pattern != "vendor/acme" || !reflect.DeepEqual(c.Exclude, []string{"legacy", "tmp/**"}) {
		t.Errorf("patterns not normalised: %+v %v", c.Namespaces, c.Exclude)
	}
}
