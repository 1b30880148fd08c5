package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files of the query subcommands")

const (
	accessFixture     = "../../testdata/access/basic"
	namespacedFixture = "../../testdata/access/namespaced"
	manualFixture     = "../../testdata/access/manual"
	goldenDir         = "../../testdata/access/golden"
)

// queryCases are the query subcommands' answers on the fixture projects,
// compared with golden files (go test ./cmd/nclint -run TestQueryGolden -update
// rewrites them; read the diff before committing).
var queryCases = []struct {
	golden string
	args   []string
	code   int
}{
	// Who can call a named credential: a per-user grant without the
	// UserExternalCredential access it needs, a named principal alone and
	// through a group, Apex in a user request and a platform event
	// trigger (Automated Process user).
	{"access-nc.txt", []string{"access", "--now", "2026-06-01", "Pay_API", accessFixture}, 0},
	// A disabled grant; a Queueable reaching the callout through a helper
	// class; an External Service and the scheduled flow calling it; the
	// grant muted in Finance_Group is listed as muted, not as a path.
	{"access-nc-ship.txt", []string{"access", "--now", "2026-06-01", "nc:Ship_API", accessFixture}, 0},
	{"access-ec.txt", []string{"access", "--now", "2026-06-01", "ec:Ship_EC", accessFixture}, 0},
	{"access-principal.json", []string{"access", "--now", "2026-06-01", "--format", "json", "Pay_EC-Agent", accessFixture}, 0},
	{"access-host.txt", []string{"access", "--now", "2026-06-01", "api.stripe.com", accessFixture}, 0},
	// A permission set that grants nothing reaches Ship_API only through
	// the group that also contains Ship_Ops.
	{"access-ps-through-group.txt", []string{"access", "--now", "2026-06-01", "Viewer", accessFixture}, 0},
	// A muting permission set removes Ship_Ops's grant in Finance_Group.
	{"access-psg-muted.txt", []string{"access", "--now", "2026-06-01", "psg:Finance_Group", accessFixture}, 0},
	{"access-ps-markdown.md", []string{"access", "--now", "2026-06-01", "--format", "markdown", "Ship_Ops", accessFixture}, 0},
	// A name shared by a permission set and a group answers for both.
	{"access-shared-name.txt", []string{"access", "--now", "2026-06-01", "Pay_Agents", accessFixture}, 0},
	{"access-class.txt", []string{"access", "--now", "2026-06-01", "class:ShipJob", accessFixture}, 0},
	{"access-legacy.txt", []string{"access", "--now", "2026-06-01", "Old_Tax", accessFixture}, 0},
	{"access-namespaced.txt", []string{"access", "--now", "2026-06-01", "acme__Ledger_API", namespacedFixture}, 0},
	{"access-namespaced-group.txt", []string{"access", "--now", "2026-06-01", "Ledger_Team", namespacedFixture}, 0},
	{"graph.mmd", []string{"graph", accessFixture}, 0},
	{"graph-focus.dot", []string{"graph", "--format", "dot", "--focus", "Viewer", accessFixture}, 0},
	{"graph-focus.json", []string{"graph", "--format", "json", "--focus", "Pay_API", accessFixture}, 0},
	{"inventory.csv", []string{"inventory", "--now", "2026-06-01", accessFixture}, 0},
	{"inventory.json", []string{"inventory", "--now", "2026-06-01", "--format", "json", accessFixture}, 0},
	{"inventory.md", []string{"inventory", "--now", "2026-06-01", "--format", "markdown", accessFixture}, 0},
	{"checklist.md", []string{"checklist", "--now", "2026-06-01", accessFixture}, 0},
	{"checklist-namespaced.md", []string{"checklist", "--now", "2026-06-01", namespacedFixture}, 0},
	// Manual steps (testdata/access/manual/README.md): no credential step
	// for a No Authentication external credential, a certificate signing
	// request to have signed, a named credential with two external
	// credentials listed in full.
	{"checklist-manual.md", []string{"checklist", "--now", "2026-06-01", manualFixture}, 0},
	{"inventory-manual.csv", []string{"inventory", "--now", "2026-06-01", manualFixture}, 0},
	{"inventory-manual.json", []string{"inventory", "--now", "2026-06-01", "--format", "json", manualFixture}, 0},
	{"inventory-manual.md", []string{"inventory", "--now", "2026-06-01", "--format", "markdown", manualFixture}, 0},
}

func TestQueryGolden(t *testing.T) {
	for _, c := range queryCases {
		t.Run(c.golden, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, c.args...)
			if code != c.code {
				t.Fatalf("nclint %s: exit %d, want %d; stderr:\n%s", strings.Join(c.args, " "), code, c.code, stderr)
			}
			path := filepath.Join(goldenDir, c.golden)
			if *updateGolden {
				if err := os.WriteFile(path, []byte(stdout), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if stdout != string(want) {
				t.Errorf("nclint %s: output differs from %s\n--- got\n%s\n--- want\n%s", strings.Join(c.args, " "), path, stdout, want)
			}
		})
	}
}

// TestAccessUnknownName: a name that is nowhere in the tree is a usage
// error (exit 2) naming the nearest names, by kind.
func TestAccessUnknownName(t *testing.T) {
	code, stdout, stderr := runCLI(t, "access", "Pay_APl", accessFixture)
	if code != exitUsage || stdout != "" {
		t.Fatalf("exit %d, stdout %q; want exit 2 and no output", code, stdout)
	}
	want := `nclint: "Pay_APl" names no named credential, external credential, principal, permission set, permission set group, Apex class or endpoint host in the tree; nearest: nc:Pay_API` + "\n"
	if stderr != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, want)
	}
	// KIND: narrows the search, and the suggestions.
	code, _, stderr = runCLI(t, "access", "ps:Pay_Agent", accessFixture)
	want = `nclint: "ps:Pay_Agent" names no permission set in the tree; nearest: ps:Pay_Agents` + "\n"
	if code != exitUsage || stderr != want {
		t.Errorf("ps:Pay_Agent: exit %d, stderr:\n%s\nwant:\n%s", code, stderr, want)
	}
}

// TestQueryUsageErrors: bad formats and argument counts are exit 2.
func TestQueryUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"access"},
		{"access", "--format", "csv", "Pay_API", accessFixture},
		{"access", "Pay_API", accessFixture, "extra"},
		{"graph", "--format", "svg", accessFixture},
		{"graph", "--focus", "Nope_Nothing", accessFixture},
		{"inventory", "--format", "text", accessFixture},
		{"checklist", accessFixture, accessFixture},
		{"access", "Pay_API", "../../testdata/access/does-not-exist"},
	} {
		if code, _, _ := runCLI(t, args...); code != exitUsage {
			t.Errorf("nclint %s: exit %d, want 2", strings.Join(args, " "), code)
		}
	}
}
