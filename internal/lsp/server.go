// Package lsp is nclint's Language Server Protocol server ("nclint lsp"):
// diagnostics for every file of each SFDX project in the editor's
// workspace folders, re-linted as documents change (unsaved text overlays
// the files on disk), hover with the credential path, go to definition,
// find references and "suppress here" code actions.
//
// The server speaks JSON-RPC 2.0 over a byte stream with the LSP base
// protocol's Content-Length framing, written here with the standard
// library (jsonrpc.go): the project adds dependencies only when a library
// does a real job better, and the framing is a few dozen lines.
//
// It never knows a metadata rule: it runs the driver, as the command line
// does, and turns findings into diagnostics.
package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/nclint/nclint/internal/config"
	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/project"
)

// DefaultDebounce is how long the server waits after the last change of a
// document before it lints again.
const DefaultDebounce = 300 * time.Millisecond

// Options configure a Server.
type Options struct {
	// Rules are the rules to run; LookupRule resolves names in the
	// configuration.
	Rules      []*lint.Rule
	LookupRule config.RuleLookup
	// Version is nclint's version, for the rule documentation links.
	Version string
	// Debounce is the delay after a change before re-linting (0: DefaultDebounce).
	Debounce time.Duration
	// Now is the reference time for date checks (zero: the current time).
	Now time.Time
	// ConfigFile is a configuration file used instead of .nclint.yml (the
	// client's initializationOptions.config overrides it).
	ConfigFile string
	// Log receives the server's log (nil: discarded).
	Log io.Writer
	// CacheDir is the parse cache's directory ("" for none; see
	// driver.Options.CacheDir): files unchanged on disk are not parsed
	// again at each re-lint. Open documents are always parsed.
	CacheDir string
	// AfterLint, when set, is called after each lint of a project with the
	// project root (tests and benchmarks).
	AfterLint func(root string)
}

// Server is one language server session.
type Server struct {
	opts Options
	conn *conn

	mu           sync.Mutex
	initialized  bool
	shutdown     bool
	folders      []string
	docs         map[string]*openDoc // open documents by absolute path
	projects     map[string]*proj    // by root
	dynamicWatch bool
	nextID       int
	wg           sync.WaitGroup
	closed       bool
}

type openDoc struct {
	text    string
	version int
}

// New returns a server with the given options.
func New(opts Options) *Server {
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultDebounce
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	return &Server{opts: opts, docs: map[string]*openDoc{}, projects: map[string]*proj{}}
}

// errExitWithoutShutdown is returned when the client sends exit before shutdown.
var errExitWithoutShutdown = errors.New("exit without shutdown")

// Serve reads requests from r and writes responses and notifications to
// w until the client sends exit or closes r. It returns nil after a
// shutdown request followed by exit, and an error otherwise (the exit
// code is then 1, as LSP asks).
func (s *Server) Serve(ctx context.Context, r io.Reader, w io.Writer) error {
	s.conn = newConn(r, w)
	defer s.stop()
	for {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		m, err := s.conn.read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return errors.New("the client closed the connection without exit")
			}
			return err
		}
		if m.Error != nil && m.Method == "" && m.ID == nil {
			s.logf("ignoring a malformed message: %s", m.Error.Message)
			_ = s.conn.reply(nil, nil, m.Error)
			continue
		}
		if m.Method == "exit" {
			s.mu.Lock()
			down := s.shutdown
			s.mu.Unlock()
			if !down {
				return errExitWithoutShutdown
			}
			return nil
		}
		if m.Method == "" {
			continue // a response to a request of ours (registerCapability)
		}
		s.dispatch(m)
	}
}

// stop cancels pending lints and waits for running ones.
func (s *Server) stop() {
	s.mu.Lock()
	s.closed = true
	for _, p := range s.projects {
		if p.timer != nil && p.timer.Stop() {
			s.wg.Done() // the scheduled lint will not run
		}
	}
	s.mu.Unlock()
	s.wg.Wait()
}

// handlerHook, when set (by tests only), runs before each message is handled.
var handlerHook func(method string)

// dispatch handles one request or notification. A panic in a handler is
// logged and answered with an internal error: the session goes on.
func (s *Server) dispatch(m *message) {
	defer func() {
		if r := recover(); r != nil {
			s.logf("internal error in %s: %v\n%s", m.Method, r, debug.Stack())
			if m.ID != nil {
				_ = s.conn.reply(m.ID, nil, &rpcError{Code: codeInternalError, Message: fmt.Sprintf("nclint: internal error in %s: %v", m.Method, r)})
			}
		}
	}()
	if handlerHook != nil {
		handlerHook(m.Method)
	}
	result, rerr := s.handle(m)
	if m.ID == nil {
		if rerr != nil {
			s.logf("%s: %s", m.Method, rerr.Message)
		}
		return
	}
	if err := s.conn.reply(m.ID, result, rerr); err != nil {
		s.logf("writing the reply to %s: %v", m.Method, err)
	}
}

func (s *Server) handle(m *message) (any, *rpcError) {
	s.mu.Lock()
	init, down := s.initialized, s.shutdown
	s.mu.Unlock()
	if !init && m.Method != "initialize" {
		if m.ID == nil {
			return nil, nil
		}
		return nil, &rpcError{Code: codeServerNotInit, Message: "the server is not initialized"}
	}
	if down && m.ID != nil && m.Method != "shutdown" {
		return nil, &rpcError{Code: codeInvalidRequest, Message: "the server is shutting down"}
	}
	switch m.Method {
	case "initialize":
		var p InitializeParams
		if err := unmarshal(m.Params, &p); err != nil {
			return nil, err
		}
		return s.initialize(p), nil
	case "initialized":
		s.initializedNotification()
		return nil, nil
	case "shutdown":
		s.mu.Lock()
		s.shutdown = true
		s.mu.Unlock()
		return nil, nil
	case "textDocument/didOpen":
		var p DidOpenTextDocumentParams
		if err := unmarshal(m.Params, &p); err != nil {
			return nil, err
		}
		s.didOpen(p)
		return nil, nil
	case "textDocument/didChange":
		var p DidChangeTextDocumentParams
		if err := unmarshal(m.Params, &p); err != nil {
			return nil, err
		}
		s.didChange(p)
		return nil, nil
	case "textDocument/didSave":
		var p DidSaveTextDocumentParams
		if err := unmarshal(m.Params, &p); err != nil {
			return nil, err
		}
		s.didSave(p)
		return nil, nil
	case "textDocument/didClose":
		var p DidCloseTextDocumentParams
		if err := unmarshal(m.Params, &p); err != nil {
			return nil, err
		}
		s.didClose(p)
		return nil, nil
	case "workspace/didChangeWatchedFiles":
		var p DidChangeWatchedFilesParams
		if err := unmarshal(m.Params, &p); err != nil {
			return nil, err
		}
		s.didChangeWatchedFiles(p)
		return nil, nil
	case "workspace/didChangeWorkspaceFolders":
		var p DidChangeWorkspaceFoldersParams
		if err := unmarshal(m.Params, &p); err != nil {
			return nil, err
		}
		s.didChangeFolders(p)
		return nil, nil
	case "textDocument/hover":
		var p TextDocumentPositionParams
		if err := unmarshal(m.Params, &p); err != nil {
			return nil, err
		}
		return s.hover(p), nil
	case "textDocument/definition":
		var p TextDocumentPositionParams
		if err := unmarshal(m.Params, &p); err != nil {
			return nil, err
		}
		return s.definition(p), nil
	case "textDocument/references":
		var p ReferenceParams
		if err := unmarshal(m.Params, &p); err != nil {
			return nil, err
		}
		return s.references(p), nil
	case "textDocument/codeAction":
		var p CodeActionParams
		if err := unmarshal(m.Params, &p); err != nil {
			return nil, err
		}
		return s.codeActions(p), nil
	}
	if m.ID == nil || strings.HasPrefix(m.Method, "$/") {
		return nil, nil // notifications the server does not need ($/cancelRequest, $/setTrace)
	}
	return nil, &rpcError{Code: codeMethodNotFound, Message: "method not supported: " + m.Method}
}

func unmarshal(raw json.RawMessage, v any) *rpcError {
	if len(raw) == 0 {
		return &rpcError{Code: codeInvalidParams, Message: "missing params"}
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return &rpcError{Code: codeInvalidParams, Message: "invalid params: " + err.Error()}
	}
	return nil
}

func (s *Server) initialize(p InitializeParams) any {
	s.mu.Lock()
	s.initialized = true
	s.dynamicWatch = p.Capabilities.Workspace.DidChangeWatchedFiles.DynamicRegistration
	if o := p.InitializationOptions; o != nil {
		if o.Config != "" {
			s.opts.ConfigFile = o.Config
		}
		if o.Now != "" {
			if t, err := time.Parse("2006-01-02", o.Now); err == nil {
				s.opts.Now = t
			} else {
				s.logf("initializationOptions.now %q is not YYYY-MM-DD; using the current date", o.Now)
			}
		}
	}
	var folders []string
	for _, f := range p.WorkspaceFolders {
		if d := uriToPath(f.URI); d != "" {
			folders = append(folders, d)
		}
	}
	if len(folders) == 0 {
		if d := uriToPath(p.RootURI); d != "" {
			folders = append(folders, d)
		} else if p.RootPath != "" {
			folders = append(folders, filepath.Clean(p.RootPath))
		}
	}
	s.folders = folders
	s.mu.Unlock()
	return map[string]any{
		"capabilities": map[string]any{
			"positionEncoding": "utf-16",
			"textDocumentSync": map[string]any{
				"openClose": true,
				"change":    2, // incremental
				"save":      map[string]any{"includeText": false},
			},
			"hoverProvider":      true,
			"definitionProvider": true,
			"referencesProvider": true,
			"codeActionProvider": map[string]any{"codeActionKinds": []string{"quickfix"}},
			"workspace": map[string]any{
				"workspaceFolders": map[string]any{"supported": true, "changeNotifications": true},
			},
		},
		"serverInfo": map[string]any{"name": "nclint", "version": s.opts.Version},
	}
}

// watchGlobs are the files whose change on disk makes the server lint
// again: the project and configuration files (which reload the project)
// and the metadata nclint reads.
var watchGlobs = []string{
	"**/sfdx-project.json", "**/.nclint.yml", "**/.nclint.yaml", "**/.forceignore", "**/package.xml",
	"**/*-meta.xml", "**/*.{cls,trigger,crt}",
}

// initializedNotification finds the projects of the workspace folders,
// lints each one and asks the client to report changes on disk.
func (s *Server) initializedNotification() {
	s.mu.Lock()
	folders := slices.Clone(s.folders)
	dyn := s.dynamicWatch
	s.mu.Unlock()
	if dyn {
		var watchers []map[string]any
		for _, g := range watchGlobs {
			watchers = append(watchers, map[string]any{"globPattern": g})
		}
		s.request("client/registerCapability", map[string]any{"registrations": []map[string]any{{
			"id": "nclint-watch", "method": "workspace/didChangeWatchedFiles",
			"registerOptions": map[string]any{"watchers": watchers},
		}}})
	}
	for _, f := range folders {
		for _, root := range findProjects(f) {
			s.lintSoon(s.project(root), 0)
		}
	}
}

// request sends a request to the client; its response is ignored.
func (s *Server) request(method string, params any) {
	s.mu.Lock()
	s.nextID++
	id := json.RawMessage(fmt.Sprintf(`"nclint-%d"`, s.nextID))
	s.mu.Unlock()
	p, err := json.Marshal(params)
	if err == nil {
		err = s.conn.write(&message{ID: &id, Method: method, Params: p})
	}
	if err != nil {
		s.logf("%s: %v", method, err)
	}
}

// findProjects returns the SFDX projects in folder: the project that
// contains it, or those below it (up to four levels deep, skipping hidden
// folders and node_modules).
func findProjects(folder string) []string {
	if root, err := project.FindRoot(folder); err == nil && isProjectRoot(root) && root != folder {
		return []string{root}
	}
	var out []string
	var walk func(dir string, depth int)
	walk = func(dir string, depth int) {
		if isFile(filepath.Join(dir, project.ProjectFileName)) {
			out = append(out, dir)
			return // nested projects are the outer project's business
		}
		if depth == 0 {
			return
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			return
		}
		for _, e := range entries {
			if e.IsDir() && !strings.HasPrefix(e.Name(), ".") && e.Name() != "node_modules" {
				walk(filepath.Join(dir, e.Name()), depth-1)
			}
		}
	}
	walk(folder, 4)
	if len(out) == 0 && isFile(filepath.Join(folder, project.PackageManifest)) {
		out = append(out, folder)
	}
	return out
}

func isProjectRoot(dir string) bool {
	return isFile(filepath.Join(dir, project.ProjectFileName)) || isFile(filepath.Join(dir, project.PackageManifest))
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// projectOf returns the project that holds the file at abs, creating it
// when the file lies in an SFDX project not seen yet; nil when it lies in
// none.
func (s *Server) projectOf(abs string) *proj {
	s.mu.Lock()
	best := ""
	for root := range s.projects {
		if within(abs, root) && len(root) > len(best) {
			best = root
		}
	}
	s.mu.Unlock()
	dir := filepath.Dir(abs)
	root, err := project.FindRoot(dir)
	if err == nil && isProjectRoot(root) && len(root) > len(best) {
		best = root
	}
	if best == "" {
		return nil
	}
	return s.project(best)
}

func within(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, dir+string(filepath.Separator))
}

// project returns the project with root, creating it.
func (s *Server) project(root string) *proj {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.projects[root]
	if p == nil {
		p = &proj{root: root, published: map[string]bool{}}
		s.projects[root] = p
	}
	return p
}

func (s *Server) didOpen(p DidOpenTextDocumentParams) {
	abs := uriToPath(p.TextDocument.URI)
	if abs == "" {
		return
	}
	s.mu.Lock()
	old := s.docs[abs]
	s.docs[abs] = &openDoc{text: p.TextDocument.Text, version: p.TextDocument.Version}
	s.mu.Unlock()
	pr := s.projectOf(abs)
	if pr == nil {
		return
	}
	// Lint when the editor's text differs from what was linted (the file
	// on disk), or when the project has not been linted yet.
	if old == nil && !pr.linted() {
		s.lintSoon(pr, 0)
		return
	}
	if disk, err := os.ReadFile(abs); err != nil || string(disk) != p.TextDocument.Text {
		s.lintSoon(pr, s.opts.Debounce)
	}
}

func (s *Server) didChange(p DidChangeTextDocumentParams) {
	abs := uriToPath(p.TextDocument.URI)
	if abs == "" {
		return
	}
	s.mu.Lock()
	d := s.docs[abs]
	if d == nil {
		d = &openDoc{}
		s.docs[abs] = d
	}
	for _, c := range p.ContentChanges {
		if c.Range == nil {
			d.text = c.Text
		} else {
			d.text = applyChange(d.text, *c.Range, c.Text)
		}
	}
	d.version = p.TextDocument.Version
	s.mu.Unlock()
	if pr := s.projectOf(abs); pr != nil {
		s.lintSoon(pr, s.opts.Debounce)
	}
}

func (s *Server) didSave(p DidSaveTextDocumentParams) {
	abs := uriToPath(p.TextDocument.URI)
	if abs == "" {
		return
	}
	if p.Text != nil {
		s.mu.Lock()
		if d := s.docs[abs]; d != nil {
			d.text = *p.Text
		}
		s.mu.Unlock()
	}
	s.fileChanged(abs)
}

func (s *Server) didClose(p DidCloseTextDocumentParams) {
	abs := uriToPath(p.TextDocument.URI)
	s.mu.Lock()
	d := s.docs[abs]
	delete(s.docs, abs)
	s.mu.Unlock()
	if d == nil {
		return
	}
	// Closing without saving drops the unsaved text: lint the disk again.
	if disk, err := os.ReadFile(abs); err != nil || string(disk) != d.text {
		if pr := s.projectOf(abs); pr != nil {
			s.lintSoon(pr, 0)
		}
	}
}

func (s *Server) didChangeWatchedFiles(p DidChangeWatchedFilesParams) {
	for _, c := range p.Changes {
		if abs := uriToPath(c.URI); abs != "" {
			s.fileChanged(abs)
		}
	}
}

// fileChanged lints the project of a file saved or changed on disk. A
// new sfdx-project.json makes a new project (each lint reads the project
// file, configuration and .forceignore again, so a change to them reloads
// the project).
func (s *Server) fileChanged(abs string) {
	if filepath.Base(abs) == project.ProjectFileName && isFile(abs) {
		s.lintSoon(s.project(filepath.Dir(abs)), 0)
	}
	if pr := s.projectOf(abs); pr != nil {
		s.lintSoon(pr, 0)
	}
}

func (s *Server) didChangeFolders(p DidChangeWorkspaceFoldersParams) {
	for _, f := range p.Event.Removed {
		dir := uriToPath(f.URI)
		s.mu.Lock()
		s.folders = slices.DeleteFunc(s.folders, func(x string) bool { return x == dir })
		var gone []*proj
		for root, pr := range s.projects {
			if within(root, dir) {
				gone = append(gone, pr)
				delete(s.projects, root)
			}
		}
		s.mu.Unlock()
		for _, pr := range gone {
			s.clear(pr)
		}
	}
	for _, f := range p.Event.Added {
		dir := uriToPath(f.URI)
		if dir == "" {
			continue
		}
		s.mu.Lock()
		s.folders = append(s.folders, dir)
		s.mu.Unlock()
		for _, root := range findProjects(dir) {
			s.lintSoon(s.project(root), 0)
		}
	}
}

// logf writes to the log and to the client's log (window/logMessage).
func (s *Server) logf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	fmt.Fprintln(s.opts.Log, "nclint lsp:", msg)
	if s.conn != nil {
		_ = s.conn.notify("window/logMessage", LogMessageParams{Type: MessageLog, Message: msg})
	}
}
