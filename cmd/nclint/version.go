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

// printVersion answers `nclint version` and `nclint --version` on standard
// output.
func printVersion(stdout io.Writer) int {
	fmt.Fprintln(stdout, "nclint", toolVersion())
	return exitOK
}
