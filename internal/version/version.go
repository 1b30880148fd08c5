// Package version tells which nclint this is.
//
// A release build sets Version with the linker (goreleaser does this from
// the git tag):
//
//	go build -ldflags "-X github.com/nclint/nclint/internal/version.Version=1.2.3" ./cmd/nclint
//
// Without it, `go install github.com/nclint/nclint/cmd/nclint@v1.2.3` records
// the module version in the binary's build information, which is used
// instead; a build from a source checkout is "dev".
package version

import (
	"runtime/debug"
	"strings"
)

// Version is set at build time with -ldflags -X; empty otherwise.
var Version = ""

// Dev is the version of a build that has neither a linker-set version nor a
// module version (go build or go run in a checkout).
const Dev = "dev"

// String returns the version without a leading "v" ("1.2.3"), or "dev".
func String() string {
	return resolve(Version, debug.ReadBuildInfo)
}

// resolve picks the linker-set version, then the main module's version from
// the build information, then Dev.
func resolve(linked string, readBuildInfo func() (*debug.BuildInfo, bool)) string {
	if v := strings.TrimSpace(linked); v != "" {
		return strings.TrimPrefix(v, "v")
	}
	if bi, ok := readBuildInfo(); ok && bi != nil {
		// "(devel)" is what go build in a checkout records; go 1.24+ may
		// instead record a pseudo-version derived from VCS information,
		// which is still a useful answer.
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			return strings.TrimPrefix(v, "v")
		}
	}
	return Dev
}
