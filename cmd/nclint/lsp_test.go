package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func frame(body string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body) }

// nclint lsp answers initialize and shutdown, and exits 0 on exit.
func TestLSPCommand(t *testing.T) {
	in := frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}`) +
		frame(`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`) +
		frame(`{"jsonrpc":"2.0","method":"exit"}`)
	old := lspStdin
	defer func() { lspStdin = old }()
	lspStdin = strings.NewReader(in)
	var out, errb bytes.Buffer
	if code := run([]string{"lsp", "--stdio"}, &out, &errb); code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, errb.String())
	}
	for _, want := range []string{`"id":1`, `"hoverProvider":true`, `"name":"nclint"`, `"id":2`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %s:\n%s", want, out.String())
		}
	}

	// The input ends without exit: exit code 1.
	lspStdin = strings.NewReader(frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`))
	out.Reset()
	if code := run([]string{"lsp"}, &out, &errb); code != exitFindings {
		t.Errorf("input closed without exit: exit %d, want 1", code)
	}
	if code := run([]string{"lsp", "extra"}, &out, &errb); code != exitUsage {
		t.Errorf("lsp with an argument: exit %d, want 2", code)
	}
	out.Reset()
	if code := run([]string{"lsp", "--help"}, &out, &errb); code != exitOK || !strings.Contains(out.String(), "usage: nclint lsp") || !strings.Contains(out.String(), "-config") {
		t.Errorf("lsp --help: exit %d, stdout %q", code, out.String())
	}
}
