package lsp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkDidChangeToDiagnostics measures the time from a didChange of
// an open document of the sample to the publishDiagnostics that reflects
// it (debounce set to 1 ns, so the figure is the re-lint and the
// publication; add Options.Debounce, 300 ms by default, for an editor).
func BenchmarkDidChangeToDiagnostics(b *testing.B) {
	c := startServer(b, Options{Debounce: time.Nanosecond})
	c.root = copySample(b)
	c.initialize()
	c.diagnostics(jobFile, hasCode("NC201"))
	uri := pathToURI(filepath.Join(c.root, jobFile))
	data, err := os.ReadFile(filepath.Join(c.root, jobFile))
	if err != nil {
		b.Fatal(err)
	}
	orig := string(data)
	edited := strings.Replace(orig, "callout:Partner_Portal", "callout:Nowhere_API", 1)
	c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, Version: 1, Text: orig}})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		text, want := edited, "NC501"
		if i%2 == 1 {
			text, want = orig, "NC201"
		}
		c.notify("textDocument/didChange", DidChangeTextDocumentParams{TextDocument: VersionedTextDocumentIdentifier{URI: uri, Version: i + 2},
			ContentChanges: []TextDocumentContentChangeEvent{{Text: text}}})
		c.diagnostics(jobFile, hasCode(want))
	}
}
