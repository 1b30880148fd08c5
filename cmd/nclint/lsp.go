package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/nclint/nclint/internal/lsp"
	"github.com/nclint/nclint/internal/rules"
)

const lspUsage = `usage: nclint lsp [--config FILE] [--now DATE] [--stdio]

Runs the nclint language server on standard input and output (Language
Server Protocol): diagnostics for every file of the SFDX projects in the
editor's workspace folders, re-linted as you type; hover on a callout:,
an Authentication parameter, a principal, a grant or a certificate
reference shows the credential path; go to definition; find references;
"suppress here" code actions. Editors start it; see "Use it in your
editor" in the README.
`

// lspStdin is the server's input (a variable for tests).
var lspStdin io.Reader = os.Stdin

// lspCmd runs "nclint lsp". Exit code 0 after the client's shutdown and
// exit, 1 when the connection ends otherwise (as LSP asks), 2 for a usage
// error.
func lspCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("nclint lsp")
	config := fs.String("config", "", "read the configuration from `FILE` (default: .nclint.yml at each project root; relative to it)")
	now := fs.String("now", "", "reference `time` for certificate expiry and suppression dates (default: now)")
	noCache := fs.Bool("no-cache", false, "neither read nor write the parse cache (see nclint --help)")
	fs.Bool("stdio", true, "talk over standard input and output (the only transport; accepted because clients pass it)")
	pos, err := parseCommand(fs, lspUsage, "", args, stdout)
	if err != nil {
		return commandExit(err, stderr)
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "nclint: lsp takes no arguments (got %q); the editor names the workspace folders\n", pos[0])
		return exitUsage
	}
	var t time.Time
	if *now != "" {
		var err error
		if t, err = parseTime(*now); err != nil {
			fmt.Fprintln(stderr, "nclint: --now:", err)
			return exitUsage
		}
	}
	srv := lsp.New(lsp.Options{
		Rules:      rules.All(),
		LookupRule: rules.LookupID,
		Version:    toolVersion(),
		Now:        t,
		ConfigFile: *config,
		Log:        stderr,
		CacheDir:   cacheDir(*noCache, os.Getenv),
	})
	if err := srv.Serve(context.Background(), lspStdin, stdout); err != nil {
		fmt.Fprintln(stderr, "nclint lsp:", err)
		return exitFindings
	}
	return exitOK
}
