package driver

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/nclint/nclint/internal/benchorg"
	"github.com/nclint/nclint/internal/rules"
)

func gitEnv(tb testing.TB) {
	tb.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		tb.Skip("git is not installed")
	}
	home := tb.TempDir()
	for k, v := range map[string]string{
		"HOME": home, "XDG_CONFIG_HOME": home, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": filepath.Join(home, "gitconfig"),
		"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.com",
	} {
		tb.Setenv(k, v)
	}
	for _, v := range []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"} {
		if old, ok := os.LookupEnv(v); ok {
			os.Unsetenv(v)
			tb.Cleanup(func() { os.Setenv(v, old) })
		}
	}
}

func git(tb testing.TB, dir string, args ...string) {
	tb.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// sampleRepo copies the sample project into a new git repository, below
// sub, and commits it. It returns the project directory.
func sampleRepo(tb testing.TB, sub string) string {
	tb.Helper()
	gitEnv(tb)
	repo := tb.TempDir()
	proj := filepath.Join(repo, sub)
	err := filepath.WalkDir(sample, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(sample, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(proj, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(proj, rel), data, 0o644)
	})
	if err != nil {
		tb.Fatal(err)
	}
	git(tb, repo, "init", "-q", "-b", "main")
	git(tb, repo, "add", ".")
	git(tb, repo, "commit", "-q", "-m", "sample")
	return proj
}

func revOptions(rev string) Options {
	return Options{Rules: rules.All(), LookupRule: rules.LookupID, Now: now, Workers: 1, NewFromRev: rev}
}

// TestRevisionFindingsMatchTheWorkTree: linting the sample at HEAD gives
// the same findings as the unchanged work tree, so nothing is new.
func TestRevisionFindingsMatchTheWorkTree(t *testing.T) {
	proj := sampleRepo(t, "apps/crm")
	full := run(t, proj)
	old, notices, err := RevisionFindings(context.Background(), proj, "HEAD", full.Config.File, revOptions(""))
	if err != nil {
		t.Fatal(err)
	}
	if full.Config.File == "" {
		t.Fatal("the sample has a configuration; the test needs it")
	}
	if len(old) != len(full.Findings) || len(notices) != 0 {
		t.Errorf("%d findings at HEAD, %d in the work tree; notices %v", len(old), len(full.Findings), notices)
	}
	for i := range old {
		if old[i].Identity != full.Findings[i].Identity {
			t.Errorf("finding %d: identity %q at HEAD, %q in the work tree", i, old[i].Identity, full.Findings[i].Identity)
		}
	}
	res, err := Run([]string{proj}, revOptions("HEAD"))
	if err != nil || len(res.Findings) != 0 {
		t.Errorf("--new-from-rev HEAD on an unchanged tree: %d findings, %v", len(res.Findings), err)
	}
}

// TestRevisionSymlinkIsSkippedWithNotice: a symbolic link committed in
// the project is not followed at the revision; a notice says so.
func TestRevisionSymlinkIsSkippedWithNotice(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links")
	}
	proj := sampleRepo(t, ".")
	link := filepath.Join(proj, "force-app/main/default/classes/Link.cls")
	if err := os.Symlink("/etc/hostname", link); err != nil {
		t.Fatal(err)
	}
	git(t, proj, "add", ".")
	git(t, proj, "commit", "-q", "-m", "link")
	_, notices, err := RevisionFindings(context.Background(), proj, "HEAD", "", revOptions(""))
	if err != nil {
		t.Fatal(err)
	}
	if len(notices) != 1 || notices[0].File != "force-app/main/default/classes/Link.cls" || !strings.Contains(notices[0].Message, "symbolic link") {
		t.Errorf("notices %+v", notices)
	}
}

// BenchmarkNewFromRev measures a --new-from-rev HEAD run of the sample
// (the work tree plus the revision read from git and linted), against
// BenchmarkFullRun.
func BenchmarkNewFromRev(b *testing.B) {
	proj := sampleRepo(b, "apps/crm")
	for b.Loop() {
		if _, err := Run([]string{proj}, revOptions("HEAD")); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewFromRevMaterialized is BenchmarkNewFromRev with the revision
// always copied out of git (the path taken when many files changed).
func BenchmarkNewFromRevMaterialized(b *testing.B) {
	virtualRevisions = false
	defer func() { virtualRevisions = true }()
	BenchmarkNewFromRev(b)
}

// BenchmarkNewFromRevOrg is the pre-commit run of issue 15: a generated
// org (benchorg, NCLINT_BENCH_SCALE, default 1: 21.6k files, 4,090 read)
// committed to git, one permission set changed, `--new-from-rev HEAD`; the
// virtual revision against the materialized one. Generating and committing
// the org takes a while before the timer starts.
func BenchmarkNewFromRevOrg(b *testing.B) {
	scale := 1.0
	if s := os.Getenv("NCLINT_BENCH_SCALE"); s != "" {
		if _, err := fmt.Sscan(s, &scale); err != nil {
			b.Fatal(err)
		}
	}
	gitEnv(b)
	org := b.TempDir()
	if err := benchorg.Write(org, benchorg.CountsFor(scale)); err != nil {
		b.Fatal(err)
	}
	git(b, org, "init", "-q", "-b", "main")
	git(b, org, "add", "-A")
	git(b, org, "commit", "-q", "-m", "org")
	pss, _ := filepath.Glob(filepath.Join(org, "force-app/main/default/permissionsets/*.permissionset-meta.xml"))
	if len(pss) == 0 {
		b.Fatal("no permission set")
	}
	data, err := os.ReadFile(pss[0])
	if err != nil {
		b.Fatal(err)
	}
	changed := strings.Replace(string(data), "<label>", "<description>changed</description>\n    <label>", 1)
	if err := os.WriteFile(pss[0], []byte(changed), 0o644); err != nil {
		b.Fatal(err)
	}
	time.Sleep(3200 * time.Millisecond) // settled, so the parse cache stores every file
	for _, mode := range []struct {
		name           string
		virtual, cache bool
	}{{"virtual", true, false}, {"virtual-cached", true, true}, {"materialized", false, false}} {
		b.Run(mode.name, func(b *testing.B) {
			virtualRevisions = mode.virtual
			defer func() { virtualRevisions = true }()
			opts := revOptions("HEAD")
			opts.Workers = 0
			if mode.cache {
				opts.CacheDir = b.TempDir()
				if _, err := Run([]string{org}, opts); err != nil { // fills the cache
					b.Fatal(err)
				}
			}
			for b.Loop() {
				if _, err := Run([]string{org}, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
