package gitrev

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// gitEnv isolates the test's git commands from the machine's configuration.
func gitEnv(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", home)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(home, "gitconfig"))
	t.Setenv("GIT_AUTHOR_NAME", "Test")
	t.Setenv("GIT_AUTHOR_EMAIL", "test@example.com")
	t.Setenv("GIT_COMMITTER_NAME", "Test")
	t.Setenv("GIT_COMMITTER_EMAIL", "test@example.com")
	for _, v := range []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"} {
		if old, ok := os.LookupEnv(v); ok {
			os.Unsetenv(v)
			t.Cleanup(func() { os.Setenv(v, old) })
		}
	}
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func write(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func newRepo(t *testing.T) string {
	t.Helper()
	gitEnv(t)
	dir := t.TempDir()
	git(t, dir, "init", "-q", "-b", "main")
	return dir
}

// files lists the regular files below dir (slash paths) with their content.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type()&os.ModeSymlink != 0 {
			t.Errorf("symbolic link created: %s", p)
		}
		if d.Type().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			out[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMaterializeSubdirAtRevision(t *testing.T) {
	repo := newRepo(t)
	write(t, repo, "apps/crm/sfdx-project.json", `{"packageDirectories":[{"path":"force-app"}]}`)
	write(t, repo, "apps/crm/force-app/a.cls", "class A {}")
	write(t, repo, "other/b.cls", "class B {}")
	git(t, repo, "add", ".")
	git(t, repo, "commit", "-q", "-m", "one")
	first := git(t, repo, "rev-parse", "HEAD")
	// Later changes, committed and uncommitted, must not show at the first commit.
	write(t, repo, "apps/crm/force-app/a.cls", "class A { changed }")
	write(t, repo, "apps/crm/force-app/c.cls", "class C {}")
	git(t, repo, "add", ".")
	git(t, repo, "commit", "-q", "-m", "two")
	write(t, repo, "apps/crm/force-app/a.cls", "class A { uncommitted }")

	dst := t.TempDir()
	res, err := Materialize(context.Background(), filepath.Join(repo, "apps"), first, "apps/crm", dst, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := files(t, dst)
	want := map[string]string{
		"sfdx-project.json": `{"packageDirectories":[{"path":"force-app"}]}`,
		"force-app/a.cls":   "class A {}",
	}
	if len(got) != len(want) || got["force-app/a.cls"] != want["force-app/a.cls"] || got["sfdx-project.json"] != want["sfdx-project.json"] {
		t.Errorf("files = %v, want %v", got, want)
	}
	if res.Commit != first || res.Files != 2 {
		t.Errorf("result = %+v, want commit %s and 2 files", res, first)
	}
	// The work tree keeps its uncommitted change and HEAD did not move.
	if b, _ := os.ReadFile(filepath.Join(repo, "apps/crm/force-app/a.cls")); string(b) != "class A { uncommitted }" {
		t.Errorf("work tree changed: %q", b)
	}
	if head := git(t, repo, "rev-parse", "HEAD"); head == first {
		t.Error("HEAD moved to the materialized revision")
	}

	// HEAD~1 names the same commit; the whole tree when subdir is "".
	dst2 := t.TempDir()
	if _, err := Materialize(context.Background(), repo, "HEAD", "", dst2, Options{}); err != nil {
		t.Fatal(err)
	}
	if got := files(t, dst2); got["other/b.cls"] != "class B {}" || got["apps/crm/force-app/c.cls"] != "class C {}" || got["apps/crm/force-app/a.cls"] != "class A { changed }" {
		t.Errorf("whole tree at HEAD = %v", got)
	}
}

func TestMaterializeSkipsSymlinksAndOversizeAndFilters(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links")
	}
	repo := newRepo(t)
	write(t, repo, "p/big.cls", strings.Repeat("x", 100))
	write(t, repo, "p/small.cls", "ok")
	write(t, repo, "p/notes.txt", "not wanted")
	if err := os.Symlink("/etc/passwd", filepath.Join(repo, "p", "link.cls")); err != nil {
		t.Fatal(err)
	}
	git(t, repo, "add", ".")
	git(t, repo, "commit", "-q", "-m", "one")
	dst := t.TempDir()
	res, err := Materialize(context.Background(), repo, "HEAD", "p", dst, Options{
		MaxFileSize: 50,
		Keep:        func(rel string) bool { return strings.HasSuffix(rel, ".cls") },
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := files(t, dst); len(got) != 1 || got["small.cls"] != "ok" {
		t.Errorf("files = %v, want only small.cls", got)
	}
	var skipped []string
	for _, s := range res.Skipped {
		skipped = append(skipped, s.Path+": "+s.Reason)
	}
	slices.Sort(skipped)
	want := []string{"big.cls: 100 bytes, over the 50-byte cap", "link.cls: a symbolic link in git; not followed"}
	if !slices.Equal(skipped, want) {
		t.Errorf("skipped = %q, want %q", skipped, want)
	}
}

func TestMaterializeUnbornHeadIsEmpty(t *testing.T) {
	repo := newRepo(t)
	write(t, repo, "a.cls", "class A {}")
	git(t, repo, "add", ".") // staged, never committed
	dst := t.TempDir()
	res, err := Materialize(context.Background(), repo, "HEAD", "", dst, Options{})
	if err != nil {
		t.Fatalf("unborn HEAD: %v", err)
	}
	if res.Commit != "" || res.Files != 0 || len(files(t, dst)) != 0 {
		t.Errorf("unborn HEAD wrote %+v", res)
	}
	// Another name is still unknown in an empty repository.
	if _, err := Materialize(context.Background(), repo, "main~1", "", dst, Options{}); !errors.Is(err, ErrUnknownRevision) {
		t.Errorf("main~1 in an empty repository: %v, want ErrUnknownRevision", err)
	}
}

func TestMaterializeErrors(t *testing.T) {
	repo := newRepo(t)
	write(t, repo, "a.cls", "class A {}")
	git(t, repo, "add", ".")
	git(t, repo, "commit", "-q", "-m", "one")
	ctx := context.Background()
	for _, rev := range []string{"no-such-branch", "HEAD~5", "--output=/tmp/x", ""} {
		_, err := Materialize(ctx, repo, rev, "", t.TempDir(), Options{})
		if !errors.Is(err, ErrUnknownRevision) {
			t.Errorf("rev %q: %v, want ErrUnknownRevision", rev, err)
		}
	}
	// A blob's name is not a commit.
	blob := git(t, repo, "rev-parse", "HEAD:a.cls")
	if _, err := Materialize(ctx, repo, blob, "", t.TempDir(), Options{}); !errors.Is(err, ErrUnknownRevision) {
		t.Errorf("blob name: %v, want ErrUnknownRevision", err)
	}
	notRepo := t.TempDir()
	_, err := Materialize(ctx, notRepo, "HEAD", "", t.TempDir(), Options{})
	if !errors.Is(err, ErrNotRepository) || !strings.Contains(err.Error(), notRepo) {
		t.Errorf("outside git: %v, want ErrNotRepository naming %s", err, notRepo)
	}
	if _, err := TopLevel(ctx, notRepo); !errors.Is(err, ErrNotRepository) {
		t.Errorf("TopLevel outside git: %v", err)
	}
	if _, err := Materialize(ctx, repo, "HEAD", "../x", t.TempDir(), Options{}); err == nil {
		t.Error("subdir outside the repository accepted")
	}
	if _, err := Materialize(ctx, repo, "HEAD", "", t.TempDir(), Options{MaxTotalSize: 3}); err == nil {
		t.Error("total size cap not applied")
	}
}

func TestTopLevel(t *testing.T) {
	repo := newRepo(t)
	write(t, repo, "a/b/c.txt", "x")
	top, err := TopLevel(context.Background(), filepath.Join(repo, "a", "b"))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := filepath.EvalSymlinks(repo)
	if got, _ := filepath.EvalSymlinks(top); got != want {
		t.Errorf("TopLevel = %s, want %s", top, want)
	}
}

func TestSafeRel(t *testing.T) {
	for rel, want := range map[string]bool{
		"a/b.cls": true, "a.cls": true, "..": false, "../a": false, "a/../b": false,
		"/a": false, ".git/config": false, "a/.GIT/x": false, "a//b": false, "": false,
	} {
		if got := safeRel(rel); got != want {
			t.Errorf("safeRel(%q) = %v, want %v", rel, got, want)
		}
	}
}
