package lsp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Findings with a fix (NC602 http:// → https://, NC504 delete the
// element) are offered as preferred quick fixes with exact edits.
func TestQuickFixes(t *testing.T) {
	c := startServer(t, Options{})
	c.root = copySample(t)
	// A grant in the Setup UI's display form (NC102 knows the exact value).
	const grant = "integrations/main/default/permissionsets/Partner_Portal_User.permissionset-meta.xml"
	data, err := os.ReadFile(filepath.Join(c.root, grant))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(c.root, grant), []byte(strings.Replace(string(data),
		"<externalCredentialPrincipal>Partner_OAuth-Partner User<", "<externalCredentialPrincipal>Partner_OAuth - Partner User<", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	c.initialize()
	const status = "force-app/main/default/namedCredentials/Status_API.namedCredential-meta.xml"
	const voice = "integrations/main/default/externalCredentials/Voice_EC.externalCredential-meta.xml"
	for _, tc := range []struct {
		file, code string
		want       TextEdit
	}{
		{status, "NC602", TextEdit{Range: Range{Start: Position{Line: 10, Character: 24}, End: Position{Line: 10, Character: 31}}, NewText: "https://"}},
		{voice, "NC504", TextEdit{Range: Range{Start: Position{Line: 6}, End: Position{Line: 7}}, NewText: ""}},
		{grant, "NC102", TextEdit{Range: Range{Start: Position{Line: 9, Character: 36}, End: Position{Line: 9, Character: 66}}, NewText: ">Partner_OAuth-Partner User<"}},
	} { // in the order diagnostics are published (by path)
		ds := c.diagnostics(tc.file, hasCode(tc.code))
		uri := pathToURI(c.root + "/" + tc.file)
		var actions []CodeAction
		if err := c.call("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{URI: uri},
			Range: find(ds, tc.code).Range, Context: struct {
				Diagnostics []Diagnostic `json:"diagnostics"`
			}{[]Diagnostic{*find(ds, tc.code)}}}, &actions); err != nil {
			t.Fatal(err)
		}
		var fix *CodeAction
		for i := range actions {
			if actions[i].IsPreferred {
				fix = &actions[i]
			}
		}
		if fix == nil || len(fix.Edit.Changes[uri]) != 1 {
			t.Errorf("%s: actions %+v, want a preferred fix with one edit", tc.code, actions)
			continue
		}
		if got := fix.Edit.Changes[uri][0]; got != tc.want {
			t.Errorf("%s fix (%s) = %+v, want %+v", tc.code, fix.Title, got, tc.want)
		}
	}
}

// A finding on a whole XML file (at 0:0, the XML declaration) is
// suppressed with the file-wide form after the declaration; one on an
// element with the element form above it, indented like it.
func TestSuppressXML(t *testing.T) {
	s := New(Options{})
	abs := filepath.Join(t.TempDir(), "X.namedCredential-meta.xml")
	uri := pathToURI(abs)
	s.docs[abs] = &openDoc{text: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<NamedCredential>\r\n    <label>X</label>\r\n</NamedCredential>\r\n"}
	for _, tc := range []struct {
		line int
		want TextEdit
	}{
		{0, TextEdit{Range: Range{Start: Position{Line: 1}, End: Position{Line: 1}}, NewText: "<!-- nclint-ignore-file NC901: " + reasonPlaceholder + " -->\r\n"}},
		{2, TextEdit{Range: Range{Start: Position{Line: 2}, End: Position{Line: 2}}, NewText: "    <!-- nclint-ignore NC101: " + reasonPlaceholder + " -->\r\n"}},
	} {
		code := map[int]string{0: "NC901", 2: "NC101"}[tc.line]
		acts := s.codeActions(CodeActionParams{TextDocument: TextDocumentIdentifier{URI: uri}, Context: struct {
			Diagnostics []Diagnostic `json:"diagnostics"`
		}{[]Diagnostic{{Range: Range{Start: Position{Line: tc.line}}, Code: code, Source: "nclint"}}}})
		if len(acts) != 1 || acts[0].Edit.Changes[uri][0] != tc.want {
			t.Errorf("line %d: actions %+v, want %+v", tc.line, acts, tc.want)
		}
	}
}
