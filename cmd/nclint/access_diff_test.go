package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/render"
)

const (
	diffPSPath   = "force-app/main/default/permissionsets/Ops_Users.permissionset-meta.xml"
	diffECPath   = "force-app/main/default/externalCredentials/Ops_EC.externalCredential-meta.xml"
	diffNCPath   = "force-app/main/default/namedCredentials/Ops_API.namedCredential-meta.xml"
	diffCtrlPath = "force-app/main/default/classes/OpsController.cls"
	diffJobPath  = "force-app/main/default/classes/OpsJob.cls"
)

const opsController = `public with sharing class OpsController {
    @AuraEnabled
    public static String status() {
        HttpRequest req = new HttpRequest();
        req.setEndpoint('callout:Ops_API/status');
        req.setMethod('GET');
        return new Http().send(req).getBody();
    }
}
`

const opsJob = `public with sharing class OpsJob implements Queueable, Database.AllowsCallouts {
    public void execute(QueueableContext ctx) {
        HttpRequest req = new HttpRequest();
        req.setEndpoint('callout:Ops_API/sync');
        req.setMethod('POST');
        new Http().send(req);
    }
}
`

const apexMeta = `<?xml version="1.0" encoding="UTF-8"?>
<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">
    <apiVersion>62.0</apiVersion>
    <status>Active</status>
</ApexClass>
`

// opsUsersPS is permission set Ops_Users granting the given principals of
// Ops_EC, with Read on UserExternalCredential.
func opsUsersPS(principals ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
`)
	for _, p := range principals {
		b.WriteString(`    <externalCredentialPrincipalAccesses>
        <enabled>true</enabled>
        <externalCredentialPrincipal>Ops_EC-` + p + `</externalCredentialPrincipal>
    </externalCredentialPrincipalAccesses>
`)
	}
	b.WriteString(`    <hasActivationRequired>false</hasActivationRequired>
    <label>Ops Users</label>
    <objectPermissions>
        <allowCreate>false</allowCreate>
        <allowDelete>false</allowDelete>
        <allowEdit>false</allowEdit>
        <allowRead>true</allowRead>
        <modifyAllRecords>false</modifyAllRecords>
        <object>UserExternalCredential</object>
        <viewAllRecords>false</viewAllRecords>
    </objectPermissions>
</PermissionSet>
`)
	return b.String()
}

// diffFiles is the project of diffRepo. It does not use the other tests'
// helpers: its content names the commits the golden files show.
var diffFiles = map[string]string{
	"sfdx-project.json": `{"packageDirectories":[{"path":"force-app","default":true}],"sourceApiVersion":"62.0"}
`,
	diffECPath: `<?xml version="1.0" encoding="UTF-8"?>
<ExternalCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <authenticationProtocol>Custom</authenticationProtocol>
    <externalCredentialParameters>
        <parameterGroup>Alpha</parameterGroup>
        <parameterName>Alpha</parameterName>
        <parameterType>NamedPrincipal</parameterType>
        <sequenceNumber>1</sequenceNumber>
    </externalCredentialParameters>
    <externalCredentialParameters>
        <parameterGroup>Beta</parameterGroup>
        <parameterName>Beta</parameterName>
        <parameterType>NamedPrincipal</parameterType>
        <sequenceNumber>2</sequenceNumber>
    </externalCredentialParameters>
    <label>Ops</label>
</ExternalCredential>
`,
	diffNCPath: `<?xml version="1.0" encoding="UTF-8"?>
<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <calloutStatus>Enabled</calloutStatus>
    <label>Ops API</label>
    <namedCredentialParameters>
        <parameterName>Url</parameterName>
        <parameterType>Url</parameterType>
        <parameterValue>https://ops.example.com</parameterValue>
    </namedCredentialParameters>
    <namedCredentialParameters>
        <externalCredential>Ops_EC</externalCredential>
        <parameterName>ExternalCredential</parameterName>
        <parameterType>Authentication</parameterType>
    </namedCredentialParameters>
    <namedCredentialType>SecuredEndpoint</namedCredentialType>
</NamedCredential>
`,
	diffPSPath:                 opsUsersPS("Alpha"),
	diffCtrlPath:               opsController,
	diffCtrlPath + "-meta.xml": apexMeta,
}

// diffRepo is a git repository whose project sits in apps/crm: Ops_API
// (https://ops.example.com) authenticates with Ops_EC, whose named
// principals are Alpha and Beta; permission set Ops_Users grants Alpha;
// OpsController calls Ops_API from a user's request. Commits have fixed
// dates and SHA-1 names, so the golden files can show them.
func diffRepo(t *testing.T) (repo, proj string) {
	gitTestEnv(t)
	t.Setenv("GIT_AUTHOR_DATE", "2026-05-01T12:00:00Z")
	t.Setenv("GIT_COMMITTER_DATE", "2026-05-01T12:00:00Z")
	repo = t.TempDir()
	proj = filepath.Join(repo, "apps", "crm")
	for rel, content := range diffFiles {
		mustWrite(t, filepath.Join(proj, rel), content)
	}
	gitRun(t, repo, "init", "-q", "--object-format=sha1", "-b", "main")
	gitRun(t, repo, "add", ".")
	gitRun(t, repo, "commit", "-q", "-m", "initial")
	return repo, proj
}

// edit rewrites a file of the project with old replaced by repl (once),
// failing when old is not there.
func edit(t *testing.T, proj, rel, old, repl string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(proj, rel))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s does not contain %q", rel, old)
	}
	mustWrite(t, filepath.Join(proj, rel), strings.Replace(string(data), old, repl, 1))
}

// checkGolden compares out with a golden file of testdata/access/golden
// (-update rewrites it).
func checkGolden(t *testing.T, name, out string) {
	t.Helper()
	path := filepath.Join(goldenDir, name)
	if *updateGolden {
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if out != string(want) {
		t.Errorf("output differs from %s\n--- got\n%s\n--- want\n%s", path, out, want)
	}
}

func TestAccessDiff(t *testing.T) {
	repo, proj := diffRepo(t)
	restore := func() {
		gitRun(t, repo, "reset", "-q", "--hard", "HEAD")
		gitRun(t, repo, "clean", "-q", "-f", "-d")
	}
	cases := []struct {
		name   string
		change func()
		args   []string
		golden string
	}{
		{"unchanged tree", func() {}, nil, "diff-unchanged.txt"},
		{"unchanged tree, markdown", func() {}, []string{"--format", "markdown"}, "diff-unchanged.md"},
		// A callout that moves to another line is the same caller.
		{"callout moved", func() { edit(t, proj, diffCtrlPath, "    @AuraEnabled\n", "\n\n    @AuraEnabled\n") }, nil, "diff-unchanged.txt"},
		{"grant added", func() { mustWrite(t, filepath.Join(proj, diffPSPath), opsUsersPS("Alpha", "Beta")) }, nil, "diff-grant-added.txt"},
		{"grant removed", func() { mustWrite(t, filepath.Join(proj, diffPSPath), opsUsersPS()) }, nil, "diff-grant-removed.txt"},
		{"permission set deleted", func() { gitRun(t, repo, "rm", "-q", "apps/crm/"+diffPSPath) }, nil, "diff-ps-deleted.txt"},
		{"named credential URL changed", func() {
			edit(t, proj, diffNCPath, "https://ops.example.com", "https://ops.example.net/v2")
		}, []string{"--format", "json"}, "diff-url-changed.json"},
		{"caller added from a Queueable", func() {
			mustWrite(t, filepath.Join(proj, diffJobPath), opsJob)
			mustWrite(t, filepath.Join(proj, diffJobPath+"-meta.xml"), apexMeta)
		}, nil, "diff-queueable-caller.txt"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer restore()
			c.change()
			args := append([]string{"access", "--diff", "HEAD"}, c.args...)
			code, out, stderr := runCLI(t, append(args, proj)...)
			if code != exitOK || stderr != "" {
				t.Fatalf("exit %d, stderr %q; want 0 and nothing on stderr", code, stderr)
			}
			checkGolden(t, c.golden, out)
		})
	}

	// A named principal becomes per-user while a Queueable (committed
	// before) calls its named credential: the job can no longer authorize.
	t.Run("principal switched to per-user", func(t *testing.T) {
		mustWrite(t, filepath.Join(proj, diffJobPath), opsJob)
		mustWrite(t, filepath.Join(proj, diffJobPath+"-meta.xml"), apexMeta)
		gitRun(t, repo, "add", ".")
		gitRun(t, repo, "commit", "-q", "-m", "add OpsJob")
		defer restore()
		edit(t, proj, diffECPath, "<parameterType>NamedPrincipal</parameterType>", "<parameterType>PerUserPrincipal</parameterType>")
		code, out, stderr := runCLI(t, "access", "--diff", "HEAD", proj)
		if code != exitOK || stderr != "" {
			t.Fatalf("exit %d, stderr %q", code, stderr)
		}
		checkGolden(t, "diff-per-user.txt", out)

		// Against the commit before the job, with more changes: the
		// README's example and the pull-request summary.
		mustWrite(t, filepath.Join(proj, "force-app/main/default/permissionsets/Ops_Admins.permissionset-meta.xml"),
			strings.Replace(opsUsersPS("Beta"), "<label>Ops Users</label>", "<label>Ops Admins</label>", 1))
		edit(t, proj, diffNCPath, "https://ops.example.com", "https://ops-eu.example.com")
		for _, f := range []struct{ format, golden string }{{"text", "diff-combined.txt"}, {"markdown", "diff-combined.md"}} {
			code, out, stderr := runCLI(t, "access", "--diff", "HEAD~1", "--format", f.format, proj)
			if code != exitOK || stderr != "" {
				t.Fatalf("%s: exit %d, stderr %q", f.format, code, stderr)
			}
			checkGolden(t, f.golden, out)
		}
		// From a subdirectory of the project, the same project is compared.
		_, out, _ = runCLI(t, "access", "--diff", "HEAD~1", filepath.Join(proj, "force-app"))
		checkGolden(t, "diff-combined.txt", out)
	})
}

// TestAccessDiffJSON: the JSON form has every list, empty ones as [], and
// the counts add up.
func TestAccessDiffJSON(t *testing.T) {
	repo, proj := diffRepo(t)
	gitRun(t, repo, "rm", "-q", "apps/crm/"+diffPSPath)
	code, out, _ := runCLI(t, "access", "--diff", "HEAD", "--format", "json", proj)
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var d map[string]any
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, k := range []string{"grantsAdded", "grantsRemoved", "grantsChanged", "endpointsAdded", "endpointsRemoved",
		"endpointsChanged", "callersAdded", "callersRemoved", "principalsSwitched"} {
		list, ok := d[k].([]any)
		if !ok {
			t.Errorf("%s is %T, want a list", k, d[k])
		}
		total += len(list)
	}
	if d["version"] != 1.0 || d["rev"] != "HEAD" || d["changes"] != float64(total) || total != 1 {
		t.Errorf("version %v, rev %v, changes %v (lists hold %d), want 1, HEAD, 1", d["version"], d["rev"], d["changes"], total)
	}
}

// TestAccessDiffMarkdownPicture: the Markdown diff's picture is Mermaid of
// the subset the graph command emits, with thick added edges and classes.
func TestAccessDiffMarkdownPicture(t *testing.T) {
	repo, proj := diffRepo(t)
	gitRun(t, repo, "rm", "-q", "apps/crm/"+diffPSPath)
	edit(t, proj, diffNCPath, "https://ops.example.com", "https://ops.example.net")
	_, out, _ := runCLI(t, "access", "--diff", "HEAD", "--format", "markdown", proj)
	_, block, ok := strings.Cut(out, "```mermaid\n")
	block, _, ok2 := strings.Cut(block, "```\n")
	if !ok || !ok2 {
		t.Fatalf("no mermaid block:\n%s", out)
	}
	for _, want := range []string{"==>|added endpoint|", "-.->|removed endpoint|", "-.->|removed grants|", `"ps: Ops_Users (removed)"`, "class n_ps_Ops_Users,"} {
		if !strings.Contains(block, want) {
			t.Errorf("picture lacks %s:\n%s", want, block)
		}
	}
	if n := strings.Count(block, "==>") + strings.Count(block, "-->") + strings.Count(block, "-.->"); n > render.MaxDiffPictureEdges {
		t.Errorf("%d edges drawn", n)
	}
}

// TestAccessDiffErrors: outside git, an unknown revision and extra
// arguments are usage errors (exit 2) with one clear line and no output.
func TestAccessDiffErrors(t *testing.T) {
	_, proj := diffRepo(t)
	code, out, stderr := runCLI(t, "access", "--diff", "no-such-branch", proj)
	if code != exitUsage || out != "" || strings.Count(stderr, "\n") != 1 ||
		!strings.Contains(stderr, `--diff no-such-branch: unknown revision "no-such-branch"`) {
		t.Errorf("unknown revision: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	code, out, stderr = runCLI(t, "access", "--diff", "", proj)
	if code != exitUsage || out != "" || !strings.Contains(stderr, `unknown revision ""`) {
		t.Errorf("empty revision: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	code, out, _ = runCLI(t, "access", "--diff", "HEAD", proj, proj)
	if code != exitUsage || out != "" {
		t.Errorf("two paths: exit %d, stdout %q", code, out)
	}

	outside := t.TempDir()
	for rel, content := range diffFiles {
		mustWrite(t, filepath.Join(outside, rel), content)
	}
	code, out, stderr = runCLI(t, "access", "--diff", "HEAD", outside)
	if code != exitUsage || out != "" || strings.Count(stderr, "\n") != 1 ||
		!strings.Contains(stderr, "--diff HEAD: ") || !strings.Contains(stderr, "not a git repository") {
		t.Errorf("outside git: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
}

// diffExampleBlock is the README's access --diff example, kept equal to a
// golden file of TestAccessDiff (a git repository cannot be named on a
// command line the way TestDocExamples runs its examples).
var diffExampleBlock = regexp.MustCompile("(?s)<!-- nclint-diff-example: ([^\n]*?) -->\n```text\n(.*?)```\n<!-- nclint-diff-example:end -->")

func TestREADMEDiffExample(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := diffExampleBlock.FindStringSubmatch(string(data))
	if m == nil {
		t.Fatal("README has no nclint-diff-example block")
	}
	want, err := os.ReadFile(filepath.Join(goldenDir, m[1]))
	if err != nil {
		t.Fatal(err)
	}
	if m[2] != string(want) {
		if *updateGolden {
			updated := strings.Replace(string(data), m[0], strings.Replace(m[0], "```text\n"+m[2]+"```", "```text\n"+string(want)+"```", 1), 1)
			if err := os.WriteFile("../../README.md", []byte(updated), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("README's access --diff example differs from %s (go test ./cmd/nclint -run TestREADMEDiffExample -update); it should read:\n%s", m[1], want)
	}
}

// TestAccessDiffNotes: what the comparison could not see is said in the
// output, not hidden: a symbolic link at REV is skipped (never followed),
// and a project that cannot be read at REV makes everything count as added.
func TestAccessDiffNotes(t *testing.T) {
	repo, proj := diffRepo(t)
	link := filepath.Join(proj, "force-app/main/default/permissionsets/Link.permissionset-meta.xml")
	if err := os.Symlink("/etc/passwd", link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	gitRun(t, repo, "add", ".")
	gitRun(t, repo, "commit", "-q", "-m", "link")
	if err := os.Remove(link); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI(t, "access", "--diff", "HEAD", proj)
	if code != exitOK || !strings.Contains(out, "no change") ||
		!strings.Contains(out, "notes:\n  force-app/main/default/permissionsets/Link.permissionset-meta.xml: at HEAD, skipped: ") {
		t.Errorf("symbolic link at HEAD: exit %d:\n%s", code, out)
	}

	sp := filepath.Join(proj, "sfdx-project.json")
	good, err := os.ReadFile(sp)
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, sp, "{ not json")
	gitRun(t, repo, "commit", "-q", "-am", "break")
	mustWrite(t, sp, string(good))
	code, out, _ = runCLI(t, "access", "--diff", "HEAD", "--format", "markdown", proj)
	if code != exitOK || !strings.Contains(out, "| Grants added | 1 |") ||
		!strings.Contains(out, "Notes:\n\n- the project could not be read at HEAD (sfdx-project.json:") || strings.Contains(out, "nclint-rev-") {
		t.Errorf("unreadable project at HEAD: exit %d:\n%s", code, out)
	}
}
