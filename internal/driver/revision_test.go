package driver

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/nclint/nclint/internal/lint"
)

// revisionBothWays lints revision rev of the project proj twice, as a
// virtual tree and materialized, and fails unless the findings, failures,
// skipped files and notices are identical (reflect.DeepEqual), both for
// AtRevision and for a whole --new-from-rev run. It reports whether the
// virtual tree was used.
func revisionBothWays(t *testing.T, proj, rev string) (virtual bool) {
	t.Helper()
	return revisionBothWaysCached(t, proj, rev, "")
}

// revisionBothWaysCached is revisionBothWays with the parse cache in
// cacheDir ("" for none) for every run.
func revisionBothWaysCached(t *testing.T, proj, rev, cacheDir string) (virtual bool) {
	t.Helper()
	options := func(rev string) Options {
		o := revOptions(rev)
		o.CacheDir = cacheDir
		return o
	}
	defer func() { virtualRevisions = true }()
	type outcome struct {
		at     *Revision
		err    error
		run    *Result
		runErr error
	}
	get := func(on bool) outcome {
		virtualRevisions = on
		var o outcome
		wt, err := Run([]string{proj}, options(""))
		if err != nil {
			t.Fatal(err)
		}
		opts := options("")
		opts.workTree = wt.Project
		o.at, o.err = AtRevision(context.Background(), "--new-from-rev", wt.Project.Root, rev, wt.Config.File, opts)
		// Run hands its discovery to RevisionFindings (opts.workTree); the
		// revision's notices end up in the tree's.
		o.run, o.runErr = Run([]string{proj}, options(rev))
		return o
	}
	v, m := get(true), get(false)
	if m.at != nil && m.at.virtual {
		t.Fatal("materialized run used the virtual tree")
	}
	if fmt.Sprint(v.err) != fmt.Sprint(m.err) || fmt.Sprint(v.runErr) != fmt.Sprint(m.runErr) {
		t.Fatalf("errors differ: virtual %v / %v, materialized %v / %v", v.err, v.runErr, m.err, m.runErr)
	}
	if v.runErr == nil && (!reflect.DeepEqual(v.run.Findings, m.run.Findings) || !reflect.DeepEqual(v.run.Tree.Notices, m.run.Tree.Notices) ||
		v.run.AtRevision != m.run.AtRevision) {
		t.Errorf("--new-from-rev %s differs:\nvirtual      %d new, %d at rev %s\nmaterialized %d new, %d at rev %s", rev,
			len(v.run.Findings), v.run.AtRevision, identities(v.run.Findings), len(m.run.Findings), m.run.AtRevision, identities(m.run.Findings))
	}
	if v.err != nil {
		return false
	}
	if v.at.Commit != m.at.Commit || !reflect.DeepEqual(v.at.Skipped, m.at.Skipped) {
		t.Errorf("commit %s / %s, skipped %v / %v", v.at.Commit, m.at.Commit, v.at.Skipped, m.at.Skipped)
	}
	if (v.at.Result == nil) != (m.at.Result == nil) {
		t.Fatalf("result virtual %v, materialized %v", v.at.Result != nil, m.at.Result != nil)
	}
	if v.at.Result != nil {
		if !reflect.DeepEqual(v.at.Result.Findings, m.at.Result.Findings) {
			t.Errorf("findings at %s differ:\nvirtual      %d %s\nmaterialized %d %s", rev,
				len(v.at.Result.Findings), identities(v.at.Result.Findings), len(m.at.Result.Findings), identities(m.at.Result.Findings))
		}
		if !reflect.DeepEqual(v.at.Result.Failures, m.at.Result.Failures) || v.at.Result.Tree.FilesScanned != m.at.Result.Tree.FilesScanned {
			t.Errorf("failures %v / %v, files %d / %d", v.at.Result.Failures, m.at.Result.Failures,
				v.at.Result.Tree.FilesScanned, m.at.Result.Tree.FilesScanned)
		}
	}
	return v.at.virtual
}

func identities(fs []lint.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "\n  %s %s", f.Span.File, f.Identity)
	}
	return b.String()
}

// TestRevisionVirtualMatchesMaterialized: in every scenario the revision
// linted as the work tree with the changed files replaced gives what the
// materialized copy gives; the scenarios that the virtual tree cannot
// stand for fall back to the copy.
func TestRevisionVirtualMatchesMaterialized(t *testing.T) {
	const (
		ps    = "integrations/main/default/permissionsets/Payments_Integration.permissionset-meta.xml"
		ncDir = "force-app/main/default/namedCredentials/"
		ecDir = "integrations/main/default/externalCredentials/"
	)
	write := func(t *testing.T, proj, rel, content string) {
		t.Helper()
		p := filepath.Join(proj, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit := func(t *testing.T, proj, rel, old, repl string) {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(proj, rel))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), old) {
			t.Fatalf("%s has no %q", rel, old)
		}
		write(t, proj, rel, strings.Replace(string(data), old, repl, 1))
	}
	remove := func(t *testing.T, proj, rel string) {
		t.Helper()
		if err := os.Remove(filepath.Join(proj, rel)); err != nil {
			t.Fatal(err)
		}
	}
	commit := func(t *testing.T, proj, msg string) {
		t.Helper()
		git(t, proj, "add", "-A", ".")
		git(t, proj, "commit", "-q", "-m", msg)
	}
	grant := func(t *testing.T, proj string) { // a finding appears: the principal is granted
		edit(t, proj, ps, "<enabled>false</enabled>\n        <externalCredentialPrincipal>", "<enabled>true</enabled>\n        <externalCredentialPrincipal>")
	}
	newNC := `<?xml version="1.0" encoding="UTF-8"?>
<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <allowMergeFieldsInBody>false</allowMergeFieldsInBody>
    <allowMergeFieldsInHeader>false</allowMergeFieldsInHeader>
    <calloutStatus>Enabled</calloutStatus>
    <generateAuthorizationHeader>true</generateAuthorizationHeader>
    <label>Extra API</label>
    <namedCredentialParameters>
        <parameterName>Url</parameterName>
        <parameterType>Url</parameterType>
        <parameterValue>http://extra.example.com</parameterValue>
    </namedCredentialParameters>
    <namedCredentialParameters>
        <externalCredential>Missing_EC</externalCredential>
        <parameterName>ExternalCredential</parameterName>
        <parameterType>Authentication</parameterType>
    </namedCredentialParameters>
    <namedCredentialType>SecuredEndpoint</namedCredentialType>
</NamedCredential>
`
	type scenario struct {
		name    string
		sub     string // the project's directory in the repository
		setup   func(t *testing.T, proj string) (rev string)
		virtual bool // the virtual tree stands for the revision
	}
	scenarios := []scenario{
		{name: "unchanged", virtual: true, setup: func(t *testing.T, proj string) string { return "HEAD" }},
		{name: "modified", virtual: true, setup: func(t *testing.T, proj string) string { grant(t, proj); return "HEAD" }},
		{name: "modified and staged", virtual: true, setup: func(t *testing.T, proj string) string {
			grant(t, proj)
			git(t, proj, "add", ps)
			return "HEAD"
		}},
		{name: "untracked file", virtual: true, setup: func(t *testing.T, proj string) string {
			write(t, proj, ncDir+"Extra_API.namedCredential-meta.xml", newNC)
			return "HEAD"
		}},
		{name: "staged new file", virtual: true, setup: func(t *testing.T, proj string) string {
			write(t, proj, ncDir+"Extra_API.namedCredential-meta.xml", newNC)
			git(t, proj, "add", ".")
			return "HEAD"
		}},
		{name: "ignored by .gitignore", virtual: true, setup: func(t *testing.T, proj string) string {
			write(t, proj, ".gitignore", "Extra_*\n")
			commit(t, proj, "gitignore")
			write(t, proj, ncDir+"Extra_API.namedCredential-meta.xml", newNC)
			return "HEAD"
		}},
		{name: "deleted", virtual: true, setup: func(t *testing.T, proj string) string {
			remove(t, proj, ecDir+"Payments_EC.externalCredential-meta.xml")
			return "HEAD"
		}},
		{name: "git rm", virtual: true, setup: func(t *testing.T, proj string) string {
			git(t, proj, "rm", "-q", ps)
			return "HEAD"
		}},
		{name: "removed from the index, kept on disk", virtual: true, setup: func(t *testing.T, proj string) string {
			git(t, proj, "rm", "-q", "--cached", ps)
			grant(t, proj)
			return "HEAD"
		}},
		{name: "renamed", virtual: true, setup: func(t *testing.T, proj string) string {
			git(t, proj, "mv", ecDir+"Payments_EC.externalCredential-meta.xml", ecDir+"Payments2_EC.externalCredential-meta.xml")
			return "HEAD"
		}},
		{name: "mode change", virtual: true, setup: func(t *testing.T, proj string) string {
			if err := os.Chmod(filepath.Join(proj, ps), 0o755); err != nil {
				t.Fatal(err)
			}
			return "HEAD"
		}},
		{name: "change in a .forceignore'd folder", virtual: true, setup: func(t *testing.T, proj string) string {
			edit(t, proj, "integrations/main/default/scratch-only/namedCredentials/Scratch_Only.namedCredential-meta.xml", "</NamedCredential>", "<!-- changed -->\n</NamedCredential>")
			write(t, proj, "integrations/main/default/scratch-only/namedCredentials/New.namedCredential-meta.xml", newNC)
			commit(t, proj, "scratch")
			remove(t, proj, "integrations/main/default/scratch-only/namedCredentials/New.namedCredential-meta.xml")
			return "HEAD"
		}},
		{name: "outside the package directories", virtual: true, setup: func(t *testing.T, proj string) string {
			write(t, proj, "scripts/namedCredentials/Tool.namedCredential-meta.xml", newNC)
			commit(t, proj, "tool")
			remove(t, proj, "scripts/namedCredentials/Tool.namedCredential-meta.xml")
			return "HEAD"
		}},
		{name: "a decomposed permission set at the revision", virtual: true, setup: func(t *testing.T, proj string) string {
			write(t, proj, "force-app/main/default/permissionsets/Split/Split.permissionset-meta.xml", `<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <label>Split</label>
</PermissionSet>
`)
			write(t, proj, "force-app/main/default/permissionsets/Split/Split.externalCredentialPrincipalAccess-meta.xml", `<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <externalCredentialPrincipalAccesses>
        <enabled>true</enabled>
        <externalCredentialPrincipal>Nowhere_EC-Nobody</externalCredentialPrincipal>
    </externalCredentialPrincipalAccesses>
</PermissionSet>
`)
			commit(t, proj, "split")
			git(t, proj, "rm", "-q", "-r", "force-app/main/default/permissionsets/Split")
			return "HEAD"
		}},
		{name: "older commit by SHA, branch and HEAD~1", virtual: true, setup: func(t *testing.T, proj string) string {
			git(t, proj, "branch", "old")
			write(t, proj, ncDir+"Extra_API.namedCredential-meta.xml", newNC)
			remove(t, proj, ecDir+"Payments_EC.externalCredential-meta.xml")
			grant(t, proj)
			commit(t, proj, "later")
			for _, rev := range []string{"old", "HEAD~1"} {
				if !revisionBothWays(t, proj, rev) {
					t.Errorf("%s: not virtual", rev)
				}
			}
			out, err := exec.Command("git", "-C", proj, "rev-parse", "old").Output()
			if err != nil {
				t.Fatal(err)
			}
			return strings.TrimSpace(string(out))
		}},
		{name: "subdirectory project", sub: "apps/crm", virtual: true, setup: func(t *testing.T, proj string) string {
			grant(t, proj)
			write(t, proj, "../other/x.namedCredential-meta.xml", newNC) // beside the project
			write(t, proj, ncDir+"Extra_API.namedCredential-meta.xml", newNC)
			return "HEAD"
		}},
		{name: "many changes", setup: func(t *testing.T, proj string) string {
			old := maxVirtualChanges
			maxVirtualChanges = 1
			t.Cleanup(func() { maxVirtualChanges = old })
			grant(t, proj)
			remove(t, proj, ecDir+"Payments_EC.externalCredential-meta.xml")
			return "HEAD"
		}},
		{name: "non-metadata changes do not count", virtual: true, setup: func(t *testing.T, proj string) string {
			old := maxVirtualChanges
			maxVirtualChanges = 1
			t.Cleanup(func() { maxVirtualChanges = old })
			grant(t, proj)
			write(t, proj, "MISTAKES.md", "changed")
			write(t, proj, "force-app/main/default/classes/notes.txt", "new")
			git(t, proj, "add", ".")
			return "HEAD"
		}},
		{name: ".forceignore above a subdirectory project", sub: "apps/crm", setup: func(t *testing.T, proj string) string {
			git(t, proj, "mv", ".forceignore", "../../.forceignore")
			commit(t, proj, "move")
			grant(t, proj)
			return "HEAD"
		}},
		{name: ".forceignore changed", setup: func(t *testing.T, proj string) string {
			edit(t, proj, ".forceignore", "**/scratch-only/**", "**/nothing/**")
			return "HEAD"
		}},
		{name: "sfdx-project.json changed", setup: func(t *testing.T, proj string) string {
			edit(t, proj, "sfdx-project.json", `"sourceApiVersion": "62.0"`, `"sourceApiVersion": "63.0"`)
			return "HEAD"
		}},
		{name: "invalid sfdx-project.json at the revision", setup: func(t *testing.T, proj string) string {
			edit(t, proj, "sfdx-project.json", `"sourceApiVersion"`, `"sourceApiVersion`)
			commit(t, proj, "broken")
			edit(t, proj, "sfdx-project.json", `"sourceApiVersion`, `"sourceApiVersion"`)
			return "HEAD"
		}},
		{name: "package directory missing from the work tree", setup: func(t *testing.T, proj string) string {
			edit(t, proj, "sfdx-project.json", `"default": false
    }`, `"default": false
    },
    {
      "path": "extra"
    }`)
			write(t, proj, "extra/namedCredentials/Extra_API.namedCredential-meta.xml", newNC)
			commit(t, proj, "extra")
			if err := os.RemoveAll(filepath.Join(proj, "extra")); err != nil {
				t.Fatal(err)
			}
			return "HEAD"
		}},
		{name: "assume-unchanged", setup: func(t *testing.T, proj string) string {
			git(t, proj, "update-index", "--assume-unchanged", ps)
			grant(t, proj)
			return "HEAD"
		}},
		{name: "untracked sfdx-project.json", setup: func(t *testing.T, proj string) string {
			git(t, proj, "rm", "-q", "--cached", "sfdx-project.json")
			git(t, proj, "commit", "-q", "-m", "untrack")
			grant(t, proj)
			return "HEAD"
		}},
		{name: "renamed by case only, core.ignorecase", setup: func(t *testing.T, proj string) string {
			// On a case-insensitive file system git would call the file
			// unchanged; the virtual tree cannot tell, so it falls back.
			git(t, proj, "config", "core.ignorecase", "true")
			lower := strings.Replace(ps, "Payments_Integration", "payments_integration", 1)
			if err := os.Rename(filepath.Join(proj, ps), filepath.Join(proj, lower)); err != nil {
				t.Fatal(err)
			}
			return "HEAD"
		}},
		{name: "certificate content deleted", virtual: true, setup: func(t *testing.T, proj string) string {
			remove(t, proj, "force-app/main/default/certs/vault_mtls_2027.crt")
			return "HEAD"
		}},
		{name: "certificate content changed, its meta file not", virtual: true, setup: func(t *testing.T, proj string) string {
			write(t, proj, "force-app/main/default/certs/vault_mtls_2027.crt", "not a certificate\n")
			return "HEAD"
		}},
		{name: "intent to add (git add -N)", virtual: true, setup: func(t *testing.T, proj string) string {
			write(t, proj, ncDir+"Extra_API.namedCredential-meta.xml", newNC)
			git(t, proj, "add", "-N", ncDir+"Extra_API.namedCredential-meta.xml")
			return "HEAD"
		}},
		{name: "staged, then changed back on disk", virtual: true, setup: func(t *testing.T, proj string) string {
			data, _ := os.ReadFile(filepath.Join(proj, ps))
			grant(t, proj)
			git(t, proj, "add", ps)
			write(t, proj, ps, string(data))
			return "HEAD"
		}},
		{name: "unborn HEAD", setup: func(t *testing.T, proj string) string {
			if err := os.RemoveAll(filepath.Join(proj, ".git")); err != nil {
				t.Fatal(err)
			}
			git(t, proj, "init", "-q", "-b", "main")
			return "HEAD"
		}},
		{name: "unknown revision", setup: func(t *testing.T, proj string) string { return "no-such-branch" }},
	}
	if runtime.GOOS != "windows" {
		scenarios = append(scenarios,
			scenario{name: "symbolic link committed", setup: func(t *testing.T, proj string) string {
				if err := os.Symlink("Payments_Integration.permissionset-meta.xml",
					filepath.Join(proj, "integrations/main/default/permissionsets/Link.permissionset-meta.xml")); err != nil {
					t.Fatal(err)
				}
				commit(t, proj, "link")
				grant(t, proj)
				return "HEAD"
			}},
			scenario{name: "symbolic link replaced by a file", setup: func(t *testing.T, proj string) string {
				link := filepath.Join(proj, ncDir+"Extra_API.namedCredential-meta.xml")
				if err := os.Symlink("/etc/hostname", link); err != nil {
					t.Fatal(err)
				}
				commit(t, proj, "link")
				remove(t, proj, ncDir+"Extra_API.namedCredential-meta.xml")
				write(t, proj, ncDir+"Extra_API.namedCredential-meta.xml", newNC)
				return "HEAD"
			}},
		)
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			sub := sc.sub
			if sub == "" {
				sub = "."
			}
			proj := sampleRepo(t, sub)
			rev := sc.setup(t, proj)
			if got := revisionBothWays(t, proj, rev); got != sc.virtual {
				t.Errorf("virtual tree used: %v, want %v", got, sc.virtual)
			}
		})
	}
}

// TestRevisionVirtualWithParseCache: with the parse cache, the files the
// revision shares with the work tree come from the cache and the changed
// ones from git (an overlay is never served from, or stored in, the
// cache, and the changed files' stamps are not the work tree's): the
// findings are still the materialized revision's. The files, the changed
// one included, are left to settle first (the cache stores no file changed
// within the last 3 s), so the cache holds the work tree's version of the
// changed file.
func TestRevisionVirtualWithParseCache(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the files to settle")
	}
	proj := sampleRepo(t, ".")
	ps := filepath.Join(proj, "integrations/main/default/permissionsets/Payments_Integration.permissionset-meta.xml")
	data, err := os.ReadFile(ps)
	if err != nil {
		t.Fatal(err)
	}
	// Granted, and to a principal that does not exist: a change of the
	// same size, so only the stamp tells the versions apart.
	granted := strings.Replace(string(data), "<enabled>false</enabled>\n        <externalCredentialPrincipal>Payments_EC-Payments Integration<",
		"<enabled>true </enabled>\n        <externalCredentialPrincipal>Payments_EC-Payments Integratio2<", 1)
	if granted == string(data) || len(granted) != len(data) {
		t.Fatal("no grant to change")
	}
	if err := os.WriteFile(ps, []byte(granted), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(proj, "integrations/main/default/externalCredentials/Payments_EC.externalCredential-meta.xml")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(3200 * time.Millisecond) // the changed file too is stored
	cache := t.TempDir()
	opts := revOptions("")
	opts.CacheDir = cache
	if _, err := Run([]string{proj}, opts); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(cache); len(entries) == 0 {
		t.Fatal("no cache file written")
	}
	if !revisionBothWaysCached(t, proj, "HEAD", cache) {
		t.Error("not virtual")
	}
}
