package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// gitTestEnv isolates git from the machine's configuration (CI's fresh
// machine has no user.name) and from a surrounding hook's GIT_DIR.
func gitTestEnv(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	home := t.TempDir()
	for k, v := range map[string]string{
		"HOME": home, "XDG_CONFIG_HOME": home, "GIT_CONFIG_NOSYSTEM": "1",
		"GIT_CONFIG_GLOBAL": filepath.Join(home, "gitconfig"),
		"GIT_AUTHOR_NAME":   "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
		"GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
	} {
		t.Setenv(k, v)
	}
	for _, v := range []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"} {
		if old, ok := os.LookupEnv(v); ok {
			os.Unsetenv(v)
			t.Cleanup(func() { os.Setenv(v, old) })
		}
	}
}

func gitRun(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// grantPS is a permission set granting Ops_EC's Alpha principal.
func grantPS(enabled string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <externalCredentialPrincipalAccesses>
        <enabled>` + enabled + `</enabled>
        <externalCredentialPrincipal>Ops_EC-Alpha</externalCredentialPrincipal>
    </externalCredentialPrincipalAccesses>
    <hasActivationRequired>false</hasActivationRequired>
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
`
}

const insecureNC = `<?xml version="1.0" encoding="UTF-8"?>
<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <calloutStatus>Enabled</calloutStatus>
    <label>Old API</label>
    <namedCredentialParameters>
        <parameterName>Url</parameterName>
        <parameterType>Url</parameterType>
        <parameterValue>http://old.example.com</parameterValue>
    </namedCredentialParameters>
    <namedCredentialParameters>
        <externalCredential>Ops_EC</externalCredential>
        <parameterName>ExternalCredential</parameterName>
        <parameterType>Authentication</parameterType>
    </namedCredentialParameters>
    <namedCredentialType>SecuredEndpoint</namedCredentialType>
</NamedCredential>
`

// revRepo is a git repository whose project sits in apps/crm: Ops_API uses
// Ops_EC, whose Alpha principal permission set Ops_Users grants, and
// Old_API has an existing finding (NC602, http://). It returns the repo
// and the project directory.
func revRepo(t *testing.T) (repo, proj string) {
	gitTestEnv(t)
	ops := opsTree(t, ecWith("    ", false, "Alpha"))
	repo = t.TempDir()
	proj = filepath.Join(repo, "apps", "crm")
	if err := os.MkdirAll(filepath.Dir(proj), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(ops, proj); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(proj, psPath), grantPS("true"))
	mustWrite(t, filepath.Join(proj, "force-app/main/default/namedCredentials/Old_API.namedCredential-meta.xml"), insecureNC)
	gitRun(t, repo, "init", "-q", "-b", "main")
	gitRun(t, repo, "add", ".")
	gitRun(t, repo, "commit", "-q", "-m", "initial")
	return repo, proj
}

const psPath = "force-app/main/default/permissionsets/Ops_Users.permissionset-meta.xml"

func TestNewFromRev(t *testing.T) {
	repo, proj := revRepo(t)
	// The existing finding fails a normal run.
	if code, out, _ := runCLI(t, proj); code != exitFindings || !strings.Contains(out, "NC602") || strings.Contains(out, "NC101") {
		t.Fatalf("committed tree: exit %d, want 1 with NC602 and no NC101:\n%s", code, out)
	}

	t.Run("unchanged tree", func(t *testing.T) {
		code, out, stderr := runCLI(t, "--new-from-rev", "HEAD", proj)
		if code != exitOK || !strings.Contains(out, "scanned: no findings (1 already at HEAD)\n") {
			t.Errorf("exit %d, want 0 and no findings (1 already at HEAD):\n%s%s", code, out, stderr)
		}
		// From a subdirectory, and in JSON: the same.
		code, out, _ = runCLI(t, "--new-from-rev", "HEAD", "--format", "json", filepath.Join(proj, "force-app"))
		if code != exitOK || strings.Contains(out, `"ruleId"`) {
			t.Errorf("subdirectory, json: exit %d:\n%s", code, out)
		}
	})

	t.Run("grant deleted", func(t *testing.T) {
		ps := filepath.Join(proj, psPath)
		mustWrite(t, ps, strings.Replace(grantPS("true"), `    <externalCredentialPrincipalAccesses>
        <enabled>true</enabled>
        <externalCredentialPrincipal>Ops_EC-Alpha</externalCredentialPrincipal>
    </externalCredentialPrincipalAccesses>
`, "", 1))
		defer mustWrite(t, ps, grantPS("true"))
		code, out, _ := runCLI(t, "--new-from-rev", "HEAD", proj)
		if code != exitFindings || strings.Count(out, "NC101") != 1 || strings.Contains(out, "NC602") {
			t.Errorf("exit %d, want 1 with only the new NC101:\n%s", code, out)
		}
		// Naming the edited file: the NC101 lies in the external
		// credential's file, so it is not shown, but it is counted.
		code, out, _ = runCLI(t, "--new-from-rev", "HEAD", ps)
		if code != exitOK || strings.Contains(out, "NC101") || !strings.Contains(out, "no findings (1 in other files not shown)\n") {
			t.Errorf("the permission set named: exit %d, want 0, no NC101 and (1 in other files not shown):\n%s", code, out)
		}
		_, out, _ = runCLI(t, "--new-from-rev", "HEAD", "--format", "json", ps)
		var r struct {
			Summary struct {
				OutsideTargets int `json:"outsideTargets"`
			}
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil || r.Summary.OutsideTargets != 1 {
			t.Errorf("json: outsideTargets %d (%v), want 1:\n%s", r.Summary.OutsideTargets, err, out)
		}
		if _, out, _ = runCLI(t, "--new-from-rev", "HEAD", "--format", "json", proj); strings.Contains(out, "outsideTargets") {
			t.Errorf("the whole project: outsideTargets present:\n%s", out)
		}
	})

	t.Run("grant disabled", func(t *testing.T) {
		ps := filepath.Join(proj, psPath)
		mustWrite(t, ps, grantPS("false"))
		defer mustWrite(t, ps, grantPS("true"))
		code, out, _ := runCLI(t, "--new-from-rev", "HEAD", proj)
		if code != exitFindings || strings.Count(out, "NC101") != 1 || !strings.Contains(out, "enabled>false") || strings.Contains(out, "NC602") {
			t.Errorf("exit %d, want 1 with only the new NC101 (grant disabled):\n%s", code, out)
		}
	})

	t.Run("permission set deleted", func(t *testing.T) {
		gitRun(t, repo, "rm", "-q", "apps/crm/"+psPath)
		defer gitRun(t, repo, "checkout", "-q", "HEAD", "--", "apps/crm/"+psPath)
		code, out, _ := runCLI(t, "--new-from-rev", "HEAD", proj)
		if code != exitFindings || strings.Count(out, "NC101") != 1 || strings.Contains(out, "NC602") {
			t.Errorf("exit %d, want 1 with only the new NC101:\n%s", code, out)
		}
	})

	t.Run("committed change is old at HEAD, new at HEAD~1", func(t *testing.T) {
		ps := filepath.Join(proj, psPath)
		mustWrite(t, ps, grantPS("false"))
		gitRun(t, repo, "commit", "-q", "-am", "disable")
		if code, out, _ := runCLI(t, "--new-from-rev", "HEAD", proj); code != exitOK {
			t.Errorf("HEAD: exit %d, want 0:\n%s", code, out)
		}
		if code, out, _ := runCLI(t, "--new-from-rev", "HEAD~1", proj); code != exitFindings || !strings.Contains(out, "NC101") {
			t.Errorf("HEAD~1: exit %d, want 1 with NC101:\n%s", code, out)
		}
	})

	t.Run("unknown revision", func(t *testing.T) {
		code, out, stderr := runCLI(t, "--new-from-rev", "no-such-branch", proj)
		if code != exitUsage || !strings.Contains(stderr, `unknown revision "no-such-branch"`) || strings.Count(stderr, "\n") != 1 || out != "" {
			t.Errorf("exit %d, stderr %q, stdout %q; want exit 2 and one line naming the revision", code, stderr, out)
		}
	})
}

func TestNewFromRevOutsideGit(t *testing.T) {
	gitTestEnv(t)
	dir := opsTree(t, ecWith("    ", false, "Alpha"))
	code, out, stderr := runCLI(t, "--new-from-rev", "HEAD", dir)
	if code != exitUsage || !strings.Contains(stderr, "not a git repository") || out != "" {
		t.Errorf("exit %d, stderr %q; want exit 2 and 'not a git repository'", code, stderr)
	}
}

// TestNewFromRevFirstCommit: in a repository without commits HEAD is an
// empty tree, so every finding is new (the pre-commit hook on the first
// commit).
func TestNewFromRevFirstCommit(t *testing.T) {
	gitTestEnv(t)
	dir := opsTree(t, ecWith("    ", false, "Alpha"))
	gitRun(t, dir, "init", "-q", "-b", "main")
	gitRun(t, dir, "add", ".")
	code, out, stderr := runCLI(t, "--new-from-rev", "HEAD", dir)
	if code != exitFindings || !strings.Contains(out, "NC101") {
		t.Errorf("exit %d, want 1 with NC101 (everything new):\n%s%s", code, out, stderr)
	}
}

// sarifURIs returns the primary location URIs of a SARIF log.
func sarifURIs(t *testing.T, data string) []string {
	t.Helper()
	var log struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(data), &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("not a SARIF log: %v\n%s", err, data)
	}
	var out []string
	for _, r := range log.Runs[0].Results {
		out = append(out, r.Locations[0].PhysicalLocation.ArtifactLocation.URI)
	}
	return out
}

// TestSARIFURIsRelativeToRepository: a project in apps/crm of a git
// repository gets apps/crm/... URIs (GitHub ignores uriBaseId); where git
// is unavailable, GITHUB_WORKSPACE is the root; outside both, the project.
func TestSARIFURIsRelativeToRepository(t *testing.T) {
	repo, proj := revRepo(t)
	t.Setenv("GITHUB_WORKSPACE", "")
	_, out, _ := runCLI(t, "--format", "sarif", proj)
	uris := sarifURIs(t, out)
	if len(uris) == 0 || !strings.HasPrefix(uris[0], "apps/crm/force-app/main/default/") {
		t.Errorf("in git: uris %q, want apps/crm/force-app/...", uris)
	}

	t.Setenv("PATH", t.TempDir()) // no git
	t.Setenv("GITHUB_WORKSPACE", repo)
	_, out, _ = runCLI(t, "--format", "sarif", proj)
	if uris := sarifURIs(t, out); len(uris) == 0 || !strings.HasPrefix(uris[0], "apps/crm/force-app/") {
		t.Errorf("no git, GITHUB_WORKSPACE set: uris %q", uris)
	}
	t.Setenv("GITHUB_WORKSPACE", "")
	_, out, _ = runCLI(t, "--format", "sarif", proj)
	if uris := sarifURIs(t, out); len(uris) == 0 || !strings.HasPrefix(uris[0], "force-app/") {
		t.Errorf("no git, no workspace: uris %q, want relative to the project", uris)
	}
}

// TestSARIFURIsOutsideGit: outside any repository, URIs stay relative to
// the project root.
func TestSARIFURIsOutsideGit(t *testing.T) {
	gitTestEnv(t)
	t.Setenv("GITHUB_WORKSPACE", "")
	dir := opsTree(t, ecWith("    ", false, "Alpha"))
	_, out, _ := runCLI(t, "--format", "sarif", dir)
	if uris := sarifURIs(t, out); len(uris) == 0 || !strings.HasPrefix(uris[0], "force-app/") {
		t.Errorf("uris %q, want force-app/...", uris)
	}
}

// TestNewFromRevBrokenRevision: when the project cannot be linted at REV
// (its sfdx-project.json was invalid), every finding is new and a warning
// says why, so the commit that repairs it is not blocked by exit 2.
func TestNewFromRevBrokenRevision(t *testing.T) {
	repo, proj := revRepo(t)
	sp := filepath.Join(proj, "sfdx-project.json")
	good, err := os.ReadFile(sp)
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, sp, "{ not json")
	gitRun(t, repo, "commit", "-q", "-am", "break")
	mustWrite(t, sp, string(good))
	code, out, stderr := runCLI(t, "--new-from-rev", "HEAD", proj)
	if code != exitFindings || !strings.Contains(out, "NC602") || !strings.Contains(out, "could not be linted at HEAD") || strings.Contains(out, "nclint-rev-") {
		t.Errorf("exit %d, want 1 with every finding and a notice:\n%s%s", code, out, stderr)
	}
}
