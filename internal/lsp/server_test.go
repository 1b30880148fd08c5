package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/rules"
)

// client drives a Server over in-memory pipes, as an editor would.
type client struct {
	t       testing.TB
	w       *io.PipeWriter
	conn    *conn
	nextID  int
	notes   chan *message            // notifications from the server
	resps   map[string]chan *message // responses by id
	done    chan error               // Serve's result
	root    string
	pending []*message
}

func startServer(t testing.TB, opts Options) *client {
	t.Helper()
	cr, sw := io.Pipe() // server -> client
	sr, cw := io.Pipe() // client -> server
	if opts.Rules == nil {
		opts.Rules, opts.LookupRule = rules.All(), rules.LookupID
	}
	if opts.Debounce == 0 {
		opts.Debounce = 20 * time.Millisecond
	}
	srv := New(opts)
	c := &client{t: t, w: cw, conn: newConn(cr, cw), notes: make(chan *message, 1000),
		resps: map[string]chan *message{}, done: make(chan error, 1)}
	go func() {
		err := srv.Serve(context.Background(), sr, sw)
		sw.Close()
		c.done <- err
	}()
	go func() {
		for {
			m, err := c.conn.read()
			if err != nil {
				close(c.notes)
				return
			}
			if m.Method != "" && m.ID == nil {
				c.notes <- m
				continue
			}
			if m.Method != "" { // a request from the server: answer it
				_ = c.conn.reply(m.ID, nil, nil)
				continue
			}
			c.notes <- m // responses go through the same channel, in order
		}
	}()
	t.Cleanup(func() { cw.Close(); cr.Close() })
	return c
}

// call sends a request and waits for its response, collecting the
// notifications that arrive meanwhile in c.pending.
func (c *client) call(method string, params any, result any) *rpcError {
	c.t.Helper()
	c.nextID++
	id := json.RawMessage(fmt.Sprint(c.nextID))
	p, _ := json.Marshal(params)
	if err := c.conn.write(&message{ID: &id, Method: method, Params: p}); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
	for {
		m := c.recv(method)
		if m.Method != "" {
			c.pending = append(c.pending, m)
			continue
		}
		if m.ID == nil || string(*m.ID) != string(id) {
			c.t.Fatalf("%s: response with id %v, want %s", method, m.ID, id)
		}
		if m.Error != nil {
			return m.Error
		}
		if result != nil {
			if err := json.Unmarshal(m.Result, result); err != nil {
				c.t.Fatalf("%s: result %s: %v", method, m.Result, err)
			}
		}
		return nil
	}
}

// pending holds notifications read while waiting for a response.

func (c *client) next(what string) *message {
	c.t.Helper()
	if len(c.pending) > 0 {
		m := c.pending[0]
		c.pending = c.pending[1:]
		return m
	}
	return c.recv(what)
}

// recv reads the next message from the server.
func (c *client) recv(what string) *message {
	c.t.Helper()
	select {
	case m, ok := <-c.notes:
		if !ok {
			c.t.Fatalf("waiting for %s: the server closed the connection", what)
		}
		return m
	case <-time.After(30 * time.Second):
		c.t.Fatalf("waiting for %s: timed out", what)
	}
	return nil
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.notify(method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// diagnostics waits for the next publishDiagnostics for the file at rel
// (relative to the root) that satisfies ok.
func (c *client) diagnostics(rel string, ok func([]Diagnostic) bool) []Diagnostic {
	c.t.Helper()
	uri := pathToURI(filepath.Join(c.root, rel))
	for {
		m := c.next("diagnostics of " + rel)
		if m.Method != "textDocument/publishDiagnostics" {
			continue
		}
		var p PublishDiagnosticsParams
		if err := json.Unmarshal(m.Params, &p); err != nil {
			c.t.Fatal(err)
		}
		if p.URI == uri && ok(p.Diagnostics) {
			return p.Diagnostics
		}
	}
}

func hasCode(code string) func([]Diagnostic) bool {
	return func(ds []Diagnostic) bool {
		for _, d := range ds {
			if d.Code == code {
				return true
			}
		}
		return false
	}
}

func find(ds []Diagnostic, code string) *Diagnostic {
	for i := range ds {
		if ds[i].Code == code {
			return &ds[i]
		}
	}
	return nil
}

// copySample copies testdata/sfdx-sample to a temporary directory.
func copySample(t testing.TB) string {
	t.Helper()
	src := filepath.Join("..", "..", "testdata", "sfdx-sample")
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

const (
	jobFile = "force-app/main/default/classes/PartnerSyncJob.cls"
	ncFile  = "integrations/main/default/namedCredentials/Partner_Portal.namedCredential-meta.xml"
)

func (c *client) initialize() {
	c.t.Helper()
	var res struct {
		Capabilities map[string]any `json:"capabilities"`
	}
	if err := c.call("initialize", map[string]any{
		"processId": nil, "rootUri": pathToURI(c.root),
		"initializationOptions": map[string]any{"now": "2026-06-01"},
		"capabilities":          map[string]any{},
	}, &res); err != nil {
		c.t.Fatal(err)
	}
	for _, k := range []string{"hoverProvider", "definitionProvider", "referencesProvider", "codeActionProvider", "textDocumentSync"} {
		if res.Capabilities[k] == nil {
			c.t.Errorf("initialize: no %s capability in %v", k, res.Capabilities)
		}
	}
	c.notify("initialized", map[string]any{})
}

func TestSession(t *testing.T) {
	c := startServer(t, Options{Version: "0.1.0"})
	c.root = copySample(t)
	c.initialize()

	// Diagnostics arrive for files that are not open.
	ds := c.diagnostics(jobFile, hasCode("NC201"))
	d := find(ds, "NC201")
	if d.Severity != SeverityWarning || d.Range.Start != (Position{Line: 13, Character: 24}) || d.Source != "nclint" {
		t.Errorf("NC201 = severity %d at %+v source %q, want warning at 13:24 from nclint", d.Severity, d.Range.Start, d.Source)
	}
	if d.CodeDescription == nil || !strings.HasSuffix(d.CodeDescription.Href, "/v0.1.0/docs/rules/NC201.md") {
		t.Errorf("NC201 codeDescription = %+v, want the v0.1.0 docs page", d.CodeDescription)
	}
	if len(d.RelatedInformation) == 0 || !strings.HasSuffix(string(d.RelatedInformation[len(d.RelatedInformation)-1].Location.URI), "Partner_OAuth.externalCredential-meta.xml") {
		t.Errorf("NC201 related = %+v, want the external credential", d.RelatedInformation)
	}
	jobURI := pathToURI(filepath.Join(c.root, jobFile))
	at := TextDocumentPositionParams{TextDocument: TextDocumentIdentifier{URI: jobURI}, Position: Position{Line: 13, Character: 30}}

	// Hover on the callout: literal shows the credential path.
	var h Hover
	if err := c.call("textDocument/hover", at, &h); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"external credential `Partner_OAuth`", "Partner_Portal_User", "PerUserPrincipal", "PartnerSyncJob"} {
		if !strings.Contains(h.Contents.Value, want) {
			t.Errorf("hover lacks %q:\n%s", want, h.Contents.Value)
		}
	}
	if h.Contents.Kind != "markdown" {
		t.Errorf("hover kind %q", h.Contents.Kind)
	}

	// Definition: the named credential's file.
	var defs []Location
	if err := c.call("textDocument/definition", at, &defs); err != nil {
		t.Fatal(err)
	}
	if len(defs) != 1 || defs[0].URI != pathToURI(filepath.Join(c.root, ncFile)) || defs[0].Range.Start.Line != 1 {
		t.Errorf("definition = %+v, want %s line 1", defs, ncFile)
	}

	// References from the named credential: its callers.
	var refs []Location
	if err := c.call("textDocument/references", ReferenceParams{TextDocumentPositionParams: TextDocumentPositionParams{
		TextDocument: TextDocumentIdentifier{URI: pathToURI(filepath.Join(c.root, ncFile))}, Position: Position{Line: 6, Character: 8}}}, &refs); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range refs {
		found = found || (r.URI == jobURI && r.Range.Start.Line == 13)
	}
	if !found {
		t.Errorf("references of Partner_Portal = %+v, want PartnerSyncJob.cls line 14", refs)
	}

	// From the Authentication parameter, definition goes to the external
	// credential; references from a principal list its grants.
	if err := c.call("textDocument/definition", TextDocumentPositionParams{TextDocument: TextDocumentIdentifier{URI: pathToURI(filepath.Join(c.root, ncFile))},
		Position: Position{Line: 13, Character: 30}}, &defs); err != nil {
		t.Fatal(err)
	}
	if len(defs) != 1 || !strings.HasSuffix(string(defs[0].URI), "Partner_OAuth.externalCredential-meta.xml") {
		t.Errorf("definition of the Authentication parameter = %+v", defs)
	}

	// Code action on the finding: suppress here, in the Apex form.
	data, _ := os.ReadFile(filepath.Join(c.root, jobFile))
	c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: jobURI, LanguageID: "apex", Version: 1, Text: string(data)}})
	var actions []CodeAction
	if err := c.call("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{URI: jobURI},
		Range: d.Range, Context: struct {
			Diagnostics []Diagnostic `json:"diagnostics"`
		}{ds}}, &actions); err != nil {
		t.Fatal(err)
	}
	if len(actions) == 0 || actions[0].Edit == nil {
		t.Fatalf("code actions = %+v, want a suppression", actions)
	}
	edit := actions[0].Edit.Changes[jobURI][0]
	if want := "        // nclint-ignore NC201: " + reasonPlaceholder + "\n"; edit.NewText != want || edit.Range.Start.Line != 13 {
		t.Errorf("suppression edit = %+v, want %q at line 13", edit, want)
	}

	// Applying it (unsaved, debounced re-lint) silences the finding.
	c.notify("textDocument/didChange", DidChangeTextDocumentParams{
		TextDocument:   VersionedTextDocumentIdentifier{URI: jobURI, Version: 2},
		ContentChanges: []TextDocumentContentChangeEvent{{Range: &edit.Range, Text: strings.Replace(edit.NewText, reasonPlaceholder, "only started by an admin who authorized", 1)}},
	})
	c.diagnostics(jobFile, func(ds []Diagnostic) bool { return !hasCode("NC201")(ds) && !hasCode("NC001")(ds) })

	// Another unsaved edit, a whole-document change: a code point above
	// U+FFFF before the callout moves the diagnostic by one more UTF-16
	// unit than code points.
	lines := strings.Split(string(data), "\n")
	lines[13] = "        /*😀*/ " + strings.TrimSpace(lines[13])
	c.notify("textDocument/didChange", DidChangeTextDocumentParams{
		TextDocument:   VersionedTextDocumentIdentifier{URI: jobURI, Version: 3},
		ContentChanges: []TextDocumentContentChangeEvent{{Text: strings.Join(lines, "\n")}},
	})
	ds = c.diagnostics(jobFile, hasCode("NC201"))
	if d := find(ds, "NC201"); d.Range.Start != (Position{Line: 13, Character: 31}) {
		t.Errorf("after the edit NC201 starts at %+v, want 13:31 (UTF-16; 13:30 in code points)", d.Range.Start)
	}

	// Broken XML in an unsaved document is a diagnostic, not a crash; the
	// fix clears it.
	ncURI := pathToURI(filepath.Join(c.root, ncFile))
	ncText, _ := os.ReadFile(filepath.Join(c.root, ncFile))
	c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: ncURI, Version: 1, Text: string(ncText[:300])}})
	ds = c.diagnostics(ncFile, hasCode("NC901"))
	if d := find(ds, "NC901"); d.Severity != SeverityError {
		t.Errorf("NC901 severity %d", d.Severity)
	}
	c.notify("textDocument/didChange", DidChangeTextDocumentParams{TextDocument: VersionedTextDocumentIdentifier{URI: ncURI, Version: 2},
		ContentChanges: []TextDocumentContentChangeEvent{{Text: string(ncText)}}})
	c.diagnostics(ncFile, func(ds []Diagnostic) bool { return len(ds) == 0 })

	// A malformed request is an error reply; the session goes on.
	if err := c.call("textDocument/hover", "not an object", nil); err == nil || err.Code != codeInvalidParams {
		t.Errorf("hover with bad params: %v, want invalid params", err)
	}
	if err := c.call("textDocument/formatting", map[string]any{}, nil); err == nil || err.Code != codeMethodNotFound {
		t.Errorf("unknown method: %v, want method not found", err)
	}

	if err := c.call("shutdown", nil, nil); err != nil {
		t.Fatal(err)
	}
	c.notify("exit", nil)
	select {
	case err := <-c.done:
		if err != nil {
			t.Errorf("Serve after shutdown and exit: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Serve did not return after exit")
	}
}

// A change to .nclint.yml reloads the project: a rule turned off there
// clears its diagnostics; an invalid configuration is a diagnostic on it.
func TestConfigReload(t *testing.T) {
	c := startServer(t, Options{})
	c.root = copySample(t)
	c.initialize()
	c.diagnostics(jobFile, hasCode("NC201"))
	cfg := filepath.Join(c.root, ".nclint.yml")
	if err := os.WriteFile(cfg, []byte("rules:\n  NC201: none\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", DidChangeWatchedFilesParams{Changes: []FileEvent{{URI: pathToURI(cfg), Type: 1}}})
	c.diagnostics(jobFile, func(ds []Diagnostic) bool { return !hasCode("NC201")(ds) })

	if err := os.WriteFile(cfg, []byte("rules: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify("textDocument/didSave", DidSaveTextDocumentParams{TextDocument: TextDocumentIdentifier{URI: pathToURI(cfg)}})
	ds := c.diagnostics(".nclint.yml", func(ds []Diagnostic) bool { return len(ds) > 0 })
	if ds[0].Severity != SeverityError || !strings.Contains(ds[0].Message, ".nclint.yml") {
		t.Errorf("invalid configuration: %+v", ds)
	}
}

// A rule that panics is logged; the other rules' diagnostics still arrive.
func TestRulePanic(t *testing.T) {
	boom := &lint.Rule{ID: "NC999", Name: "boom", Level: lint.LevelError, Short: "x", Check: func(*lint.Pass) { panic("boom") }}
	c := startServer(t, Options{Rules: append(rules.All(), boom), LookupRule: rules.LookupID})
	c.root = copySample(t)
	c.initialize()
	c.diagnostics(jobFile, hasCode("NC201"))
}

func TestExitWithoutShutdown(t *testing.T) {
	c := startServer(t, Options{})
	c.root = t.TempDir()
	c.initialize()
	c.notify("exit", nil)
	if err := <-c.done; err == nil {
		t.Error("exit without shutdown: Serve returned nil, want an error (exit code 1)")
	}
}

func TestUTF16(t *testing.T) {
	line := "a😀é<b>"
	for _, tc := range []struct{ col, char int }{{1, 0}, {2, 1}, {3, 3}, {4, 4}, {5, 5}, {99, 7}} {
		if got := toUTF16(line, tc.col); got != tc.char {
			t.Errorf("toUTF16(col %d) = %d, want %d", tc.col, got, tc.char)
		}
		if tc.col < 99 {
			if got := fromUTF16(line, tc.char); got != tc.col {
				t.Errorf("fromUTF16(%d) = %d, want %d", tc.char, got, tc.col)
			}
		}
	}
	if got := lines("a\r\nb\rc\n"); len(got) != 4 || got[1] != "b" || got[2] != "c" {
		t.Errorf("lines = %q", got)
	}
	text := "x😀y\nz"
	if got := applyChange(text, Range{Start: Position{Line: 0, Character: 3}, End: Position{Line: 1, Character: 0}}, "-"); got != "x😀-z" {
		t.Errorf("applyChange = %q", got)
	}
}

// Exit while a lint is scheduled (a long debounce) returns at once: the
// pending lint is cancelled, not waited for.
func TestExitWithPendingLint(t *testing.T) {
	c := startServer(t, Options{Debounce: time.Hour})
	c.root = copySample(t)
	c.initialize()
	c.diagnostics(jobFile, hasCode("NC201"))
	uri := pathToURI(filepath.Join(c.root, jobFile))
	c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, Version: 1, Text: "x"}})
	if err := c.call("shutdown", nil, nil); err != nil {
		t.Fatal(err)
	}
	c.notify("exit", nil)
	select {
	case err := <-c.done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after exit with a lint pending")
	}
}

// A panic while handling a request is an internal-error reply and a log
// message; the next request is answered.
func TestHandlerPanic(t *testing.T) {
	handlerHook = func(method string) {
		if method == "textDocument/hover" {
			panic("boom")
		}
	}
	defer func() { handlerHook = nil }()
	c := startServer(t, Options{})
	c.root = t.TempDir()
	c.initialize()
	p := TextDocumentPositionParams{TextDocument: TextDocumentIdentifier{URI: pathToURI(filepath.Join(c.root, "x.cls"))}}
	if err := c.call("textDocument/hover", p, nil); err == nil || err.Code != codeInternalError || !strings.Contains(err.Message, "boom") {
		t.Errorf("hover that panics: %v, want an internal error", err)
	}
	var defs []Location
	if err := c.call("textDocument/definition", p, &defs); err != nil {
		t.Errorf("definition after a panic: %v", err)
	}
	logged := false
	for _, m := range c.pending {
		logged = logged || m.Method == "window/logMessage" && strings.Contains(string(m.Params), "internal error in textDocument/hover")
	}
	if !logged {
		t.Error("the panic was not logged to the client")
	}
}
