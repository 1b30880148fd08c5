package main

import (
	"fmt"
	"io"

	"github.com/nclint/nclint/internal/version"
)

// toolVersion is the version written in reports and by `nclint version`:
// the release tag set at build time, else the module version (go install),
// else "dev" (see internal/version).
func toolVersion() string { return version.String() }

// versionCmd runs "nclint version": no flag but --help, no argument.
func versionCmd(args []string, stdout, stderr io.Writer) int {
	pos, err := parseCommand(newFlagSet("nclint version"), "usage: nclint version\n\nPrints the version (also nclint --version, nclint -v).\n", "", args, stdout)
	if err != nil {
		return commandExit(err, stderr)
	}
	if len(pos) > 0 {
		fmt.Fprintln(stderr, "nclint: usage: nclint version (it takes no argument)")
		return exitUsage
	}
	return printVersion(stdout)
}

// printVersion answers `nclint version` and `nclint --version` on standard
// output.
func printVersion(stdout io.Writer) int {
	fmt.Fprintln(stdout, "nclint", toolVersion())
	return exitOK
}
