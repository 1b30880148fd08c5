package lsp

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Hover, definition and references on the other kinds of references: a
// flow's External Service action, a permission set grant, an external
// credential principal, a certificate reference.
func TestNavigation(t *testing.T) {
	c := startServer(t, Options{})
	c.root = copySample(t)
	c.initialize()
	c.diagnostics(jobFile, hasCode("NC201")) // the first lint is done
	pos := func(rel string, line, char int) TextDocumentPositionParams {
		return TextDocumentPositionParams{TextDocument: TextDocumentIdentifier{URI: pathToURI(filepath.Join(c.root, rel))},
			Position: Position{Line: line, Character: char}}
	}
	hover := func(p TextDocumentPositionParams, wants ...string) {
		t.Helper()
		var h *Hover
		if err := c.call("textDocument/hover", p, &h); err != nil {
			t.Fatal(err)
		}
		if h == nil {
			t.Errorf("no hover at %+v", p)
			return
		}
		for _, w := range wants {
			if !strings.Contains(h.Contents.Value, w) {
				t.Errorf("hover at %s %+v lacks %q:\n%s", filepath.Base(string(p.TextDocument.URI)), p.Position, w, h.Contents.Value)
			}
		}
	}
	definition := func(p TextDocumentPositionParams, suffix string, line int) {
		t.Helper()
		var defs []Location
		if err := c.call("textDocument/definition", p, &defs); err != nil {
			t.Fatal(err)
		}
		if len(defs) != 1 || !strings.HasSuffix(string(defs[0].URI), suffix) || defs[0].Range.Start.Line != line {
			t.Errorf("definition at %+v = %+v, want %s line %d", p.Position, defs, suffix, line)
		}
	}

	const flow = "force-app/main/default/flows/Billing_Invoice_Sync.flow-meta.xml"
	hover(pos(flow, 7, 20), "named credential", "external credential")
	const grant = "integrations/main/default/permissionsets/Partner_Portal_User.permissionset-meta.xml"
	hover(pos(grant, 9, 40), "Principal `Partner User` of external credential `Partner_OAuth`: PerUserPrincipal", "Partner_Portal")
	definition(pos(grant, 9, 40), "Partner_OAuth.externalCredential-meta.xml", 9)

	// References of the principal: both grants.
	const ec = "integrations/main/default/externalCredentials/Partner_OAuth.externalCredential-meta.xml"
	var refs []Location
	if err := c.call("textDocument/references", ReferenceParams{TextDocumentPositionParams: pos(ec, 11, 10)}, &refs); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range refs {
		names = append(names, filepath.Base(string(r.URI)))
	}
	if got := strings.Join(names, " "); got != "Partner_Portal_User.permissionset-meta.xml Partner_Sync_Integration.permissionset-meta.xml" {
		t.Errorf("references of principal Partner User = %s, want its two grants", got)
	}

	const vault = "force-app/main/default/namedCredentials/Vault_API.namedCredential-meta.xml"
	hover(pos(vault, 8, 20), "certificate `vault_mtls_2027`", "certificate signing request", "Used by")
	definition(pos(vault, 8, 20), "vault_mtls_2027.crt-meta.xml", 1)

	// Nothing to say outside a reference: a null hover, no definition.
	var h *Hover
	if err := c.call("textDocument/hover", pos(jobFile, 0, 0), &h); err != nil || h != nil {
		t.Errorf("hover on a comment = %+v, %v; want null", h, err)
	}
}

// Several SFDX projects below one workspace folder, and a second
// workspace folder, each get their own lint and diagnostics.
func TestSeveralProjects(t *testing.T) {
	c := startServer(t, Options{})
	c.root = t.TempDir()
	a, b, other := copySample(t), copySample(t), copySample(t)
	for _, p := range []struct{ from, to string }{{a, "apps/a"}, {b, "apps/b"}} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(c.root, p.to)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(p.from, filepath.Join(c.root, p.to)); err != nil {
			t.Fatal(err)
		}
	}
	var res map[string]any
	if err := c.call("initialize", map[string]any{"processId": nil, "capabilities": map[string]any{},
		"workspaceFolders": []WorkspaceFolder{{URI: pathToURI(c.root), Name: "root"}, {URI: pathToURI(other), Name: "other"}}}, &res); err != nil {
		t.Fatal(err)
	}
	c.notify("initialized", map[string]any{})
	want := map[DocumentURI]bool{
		pathToURI(filepath.Join(c.root, "apps/a", jobFile)): true,
		pathToURI(filepath.Join(c.root, "apps/b", jobFile)): true,
		pathToURI(filepath.Join(other, jobFile)):            true,
	}
	for len(want) > 0 {
		m := c.next("diagnostics of three projects")
		if m.Method != "textDocument/publishDiagnostics" {
			continue
		}
		var p PublishDiagnosticsParams
		if err := json.Unmarshal(m.Params, &p); err != nil {
			t.Fatal(err)
		}
		if hasCode("NC201")(p.Diagnostics) {
			delete(want, p.URI)
		}
	}
}
