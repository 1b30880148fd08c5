package rules

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/rules/apihistory"
)

// TestAPIVersionTableUpToDate checks that api_versions.go is what
// `go generate ./internal/rules` renders from docs/metadata-api-history.md.
func TestAPIVersionTableUpToDate(t *testing.T) {
	md, err := os.ReadFile(filepath.Join("..", "..", "docs", "metadata-api-history.md"))
	if err != nil {
		t.Fatal(err)
	}
	h, err := apihistory.Parse(md)
	if err != nil {
		t.Fatal(err)
	}
	want, err := apihistory.Render(h, "rules", "docs/metadata-api-history.md")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("api_versions.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("api_versions.go is out of date with docs/metadata-api-history.md: run go generate ./internal/rules")
	}
}

// TestAPIVersionTable spot-checks the generated table against facts of the
// WSDL history.
func TestAPIVersionTable(t *testing.T) {
	first := func(vs apiVersions) int { return vs.nextFrom(apiHistoryFirst) }
	for _, tt := range []struct {
		name string
		vs   apiVersions
		want int
	}{
		{"NamedCredential.calloutStatus", apiTypes["NamedCredential"].elements["calloutStatus"].versions, 58},
		{"NamedCredential.description", apiTypes["NamedCredential"].elements["description"].versions, 64},
		{"PermissionSet.externalCredentialPrincipalAccesses", apiTypes["PermissionSet"].elements["externalCredentialPrincipalAccesses"].versions, 59},
		{"AuthenticationProtocol.Basic", apiEnums["AuthenticationProtocol"].values["Basic"], 60},
		{"ExternalCredentialParamType.AdditionalRefreshStatusCode", apiEnums["ExternalCredentialParamType"].values["AdditionalRefreshStatusCode"], 61},
		{"ExternalAuthIdentityProvider", apiTypes["ExternalAuthIdentityProvider"].versions, 61},
	} {
		if got := first(tt.vs); got != tt.want {
			t.Errorf("%s first appears in %d, want %d", tt.name, got, tt.want)
		}
	}
	pg := apiTypes["ExternalCredentialParameter"].elements["parameterGroup"].versions
	for v, want := range map[int]bool{54: true, 55: false, 57: false, 58: true, 66: true, 67: false} {
		if pg.has(v) != want {
			t.Errorf("parameterGroup.has(%d) = %v, want %v", v, !want, want)
		}
	}
	if p := apiTypes["ExternalCredentialParameter"].elements["principal"].versions; !p.has(57) || p.has(58) || p.nextFrom(58) != 0 {
		t.Errorf("principal versions %+v: want 54-57 only", p)
	}
}

// TestAPIVersionProjectVersions runs the api-version fixture at other
// project versions: none (no finding), one below the history (the
// message says so) and the newest (no finding).
func TestAPIVersionProjectVersions(t *testing.T) {
	for _, tt := range []struct {
		version string // "" for none
		want    []string
	}{
		{"", nil},
		{`"66.0"`, nil},
		{`"61.0"`, []string{`External auth identity provider Vault_IdP, parameter "TokenUrl": <sequenceNumber> was added to the Metadata API in version 63.0`}},
		{`"45.0"`, []string{"the oldest WSDL nclint knows"}},
		{`"60.0"`, []string{"parameterType value AdditionalRefreshStatusCode was added to the Metadata API in version 61.0", "ExternalAuthIdentityProvider metadata type"}},
	} {
		dir := filepath.Join(t.TempDir(), "p")
		if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "testdata", "rules", "api-version"))); err != nil {
			t.Fatal(err)
		}
		proj := `{"packageDirectories": [{"path": "force-app", "default": true}]}`
		if tt.version != "" {
			proj = `{"packageDirectories": [{"path": "force-app", "default": true}], "sourceApiVersion": ` + tt.version + `}`
		}
		if err := os.WriteFile(filepath.Join(dir, "sfdx-project.json"), []byte(proj), 0o644); err != nil {
			t.Fatal(err)
		}
		var msgs []string
		for _, f := range lintDir(t, dir) {
			if f.RuleID == "NC505" {
				msgs = append(msgs, f.Message)
			}
		}
		all := strings.Join(msgs, "\n")
		if len(tt.want) == 0 && len(msgs) > 0 {
			t.Errorf("version %s: unexpected NC505 findings:\n%s", tt.version, all)
		}
		for _, w := range tt.want {
			if !strings.Contains(all, w) {
				t.Errorf("version %s: no NC505 finding says %q; findings:\n%s", tt.version, w, all)
			}
		}
		if tt.version != `"45.0"` && len(msgs) != len(tt.want) {
			t.Errorf("version %s: %d NC505 findings, want %d:\n%s", tt.version, len(msgs), len(tt.want), all)
		}
	}
}
