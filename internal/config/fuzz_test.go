package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/nclint/nclint/internal/model"
)

// uncommented is the starter configuration with every key enabled.
var uncommented = regexp.MustCompile(`(?m)^# ?(\s*(?:- )?[A-Za-z0-9_-]+:.*)$`).ReplaceAllString(Starter, "$1")

// FuzzParse checks the configuration loader on arbitrary bytes: it returns
// either a *Error that names the file, says something and points inside
// it, or a Config whose every value passed validation (known rule IDs,
// valid levels, globs and namespaces, a day count in range, no empty
// strings); and the same bytes always give the same result.
func FuzzParse(f *testing.F) {
	f.Add([]byte(full))
	f.Add([]byte(Starter))
	f.Add([]byte(uncommented))
	files, _ := filepath.Glob("../../testdata/*/.nclint.yml")
	more, _ := filepath.Glob("../../testdata/rules/*/.nclint.yml")
	for _, p := range append(files, more...) {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		"", "\ufeff", "~\n", "---\n---\n", "rules:\n\tNC101: off\n", "[unclosed\n", "rules: &a {NC101: *a}\n",
		"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
		"rules: {NC101: off, principal-not-granted: error}\n", "org: {granted_principals: [\"EC-P\", \"\"]}\n",
		"namespaces: [{path: \"x/**\", namespace: acme}, {path: \"[\", namespace: b}]\n",
		"installed_packages: {acme: [A], \"\": [B]}\n", "certificates: {expiry_warning_days: 3651}\n",
		"exclude: [\"**/a/**\", \"  \"]\n", "!!binary AAAA\n", "? [a]\n: b\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const file = "fuzz.nclint.yml"
		c, err := Parse(file, data, lookup)
		c2, err2 := Parse(file, data, lookup)
		if !reflect.DeepEqual(c, c2) || !reflect.DeepEqual(err, err2) {
			t.Fatalf("two parses differ: %v %v / %v %v", c, err, c2, err2)
		}
		if err != nil {
			checkConfigError(t, data, file, err)
			return
		}
		checkConfig(t, file, c)
	})
}

func checkConfigError(t *testing.T, data []byte, file string, err error) {
	t.Helper()
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("error %T is not a *config.Error: %v", err, err)
	}
	if ce.File != file || ce.Msg == "" || !strings.HasPrefix(err.Error(), file+":") {
		t.Fatalf("error %q does not name %s or says nothing", err, file)
	}
	// yaml.v3 counts a line after the last line break as a line.
	lines := 2 + bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r"))
	if ce.Line < 0 || ce.Col < 0 || ce.Line > lines || (ce.Line == 0 && ce.Col != 0) {
		t.Fatalf("error position %d:%d outside the input (%d lines): %v", ce.Line, ce.Col, lines, err)
	}
}

func checkConfig(t *testing.T, file string, c *Config) {
	t.Helper()
	if c == nil || c.File != file || c.Levels == nil {
		t.Fatalf("config %+v: want File %q and non-nil Levels", c, file)
	}
	for id, l := range c.Levels {
		if got, ok := lookup(id); !ok || got != id {
			t.Fatalf("level for %q, which is not a rule ID", id)
		}
		if l.Rank() < 0 {
			t.Fatalf("invalid level %q for %s", l, id)
		}
	}
	for _, p := range c.Exclude {
		if strings.TrimSpace(p) != p || p == "" || !doublestar.ValidatePattern(p) {
			t.Fatalf("exclude pattern %q passed validation", p)
		}
	}
	for _, m := range c.Namespaces {
		if !model.ValidNamespace(m.Namespace) || !doublestar.ValidatePattern(m.Pattern) {
			t.Fatalf("namespace mapping %+v passed validation", m)
		}
	}
	for _, ip := range c.Settings.InstalledPackages {
		if !model.ValidNamespace(ip.Namespace) {
			t.Fatalf("installed package namespace %q passed validation", ip.Namespace)
		}
		checkStrings(t, "installed_packages", ip.NamedCredentials)
	}
	if d := c.Settings.ExpiryWarningDays; d != 0 && (d < 1 || d > 3650) {
		t.Fatalf("expiry_warning_days %d passed validation", d)
	}
	o := c.Settings.Org
	for _, ss := range [][]string{o.NamedCredentials, o.ExternalCredentials, o.Certificates, o.PermissionSets,
		o.ExternalServices, o.AuthProviders, o.GrantedPrincipals, c.Settings.EntryClasses, c.Settings.IntegrationLicenses} {
		checkStrings(t, "a list", ss)
	}
	for _, g := range o.GrantedPrincipals {
		if !strings.Contains(g, "-") {
			t.Fatalf("granted principal %q without a dash passed validation", g)
		}
	}
}

func checkStrings(t *testing.T, what string, ss []string) {
	t.Helper()
	for _, s := range ss {
		if s == "" || strings.TrimSpace(s) != s {
			t.Fatalf("%s: item %q is empty or untrimmed", what, s)
		}
	}
}

// TestUncommentedStarterParses: the fuzz seed made from the starter
// configuration is a full, valid configuration.
func TestUncommentedStarterParses(t *testing.T) {
	c, err := Parse("starter.yml", []byte(uncommented), func(s string) (string, bool) {
		if strings.HasPrefix(s, "NC") {
			return s, true
		}
		return "NC303", s == "certificate-expiring-soon"
	})
	if err != nil {
		t.Fatalf("%v\n%s", err, uncommented)
	}
	if len(c.Levels) != 2 || len(c.Exclude) != 1 || c.Settings.ExpiryWarningDays != 45 || len(c.Namespaces) != 1 {
		t.Errorf("uncommented starter parsed to %+v", c)
	}
}

// TestAliasesNotExpanded: a YAML alias stands for its anchored node, read
// in place and never copied, so an alias works where its value fits, and a
// "billion laughs" configuration (aliases of lists of aliases) is an error
// at the first list where a string is expected, not an expansion.
func TestAliasesNotExpanded(t *testing.T) {
	src := "exclude: &a [\"x/**\", \"y/**\"]\norg:\n  named_credentials: *a\n"
	c, err := Parse("alias.yml", []byte(src), lookup)
	if err != nil || len(c.Settings.Org.NamedCredentials) != 2 {
		t.Fatalf("alias to a list of strings: %+v, %v", c, err)
	}
	var b strings.Builder
	b.WriteString("exclude: &l0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\norg:\n")
	keys := []string{"named_credentials", "external_credentials", "certificates", "permission_sets", "external_services", "auth_providers"}
	for i, k := range keys {
		refs := strings.Repeat(fmt.Sprintf("*l%d, ", i), 8) + fmt.Sprintf("*l%d", i)
		fmt.Fprintf(&b, "  %s: &l%d [%s]\n", k, i+1, refs)
	}
	_, err = Parse("laughs.yml", []byte(b.String()), lookup)
	var ce *Error
	if !errors.As(err, &ce) || ce.Line != 3 || !strings.Contains(ce.Msg, "must be a string, got a list") {
		t.Errorf("got %v, want an error at line 3: a list where a string is expected", err)
	}
}
