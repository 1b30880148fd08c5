package version

import (
	"runtime/debug"
	"testing"
)

func buildInfo(v string) func() (*debug.BuildInfo, bool) {
	return func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{Main: debug.Module{Path: "github.com/nclint/nclint", Version: v}}, true
	}
}

func noBuildInfo() (*debug.BuildInfo, bool) { return nil, false }

func TestResolve(t *testing.T) {
	tests := []struct {
		name   string
		linked string
		read   func() (*debug.BuildInfo, bool)
		want   string
	}{
		{"linker wins over module version", "1.2.3", buildInfo("v0.9.0"), "1.2.3"},
		{"linker tag with v", "v1.2.3", buildInfo("v0.9.0"), "1.2.3"},
		{"module version from go install", "", buildInfo("v0.4.0"), "0.4.0"},
		{"pseudo-version", "", buildInfo("v0.0.0-20260101000000-abcdef123456"), "0.0.0-20260101000000-abcdef123456"},
		{"checkout build", "", buildInfo("(devel)"), Dev},
		{"empty module version", "", buildInfo(""), Dev},
		{"no build info", "", noBuildInfo, Dev},
		{"blank linker value", "  ", buildInfo("(devel)"), Dev},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := resolve(tt.linked, tt.read); got != tt.want {
				t.Errorf("resolve(%q) = %q, want %q", tt.linked, got, tt.want)
			}
		})
	}
}

// A test binary is built by go test, which records no module version for the
// main module and no -X value: String falls back to Dev.
func TestStringInTest(t *testing.T) {
	if Version != "" {
		t.Skip("built with -X version")
	}
	if got := String(); got != Dev {
		t.Errorf("String() = %q, want %q", got, Dev)
	}
}
