package lsp

import (
	"testing"
)

// Findings with a fix (NC602 http:// → https://, NC504 delete the
// element) are offered as preferred quick fixes with exact edits.
func TestQuickFixes(t *testing.T) {
	c := startServer(t, Options{})
	c.root = copySample(t)
	c.initialize()
	const status = "force-app/main/default/namedCredentials/Status_API.namedCredential-meta.xml"
	const voice = "integrations/main/default/externalCredentials/Voice_EC.externalCredential-meta.xml"
	for _, tc := range []struct {
		file, code string
		want       TextEdit
	}{
		{status, "NC602", TextEdit{Range: Range{Start: Position{Line: 10, Character: 24}, End: Position{Line: 10, Character: 31}}, NewText: "https://"}},
		{voice, "NC504", TextEdit{Range: Range{Start: Position{Line: 6}, End: Position{Line: 7}}, NewText: ""}},
	} {
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
