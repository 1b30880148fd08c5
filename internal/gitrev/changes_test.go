package gitrev

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestDiffListsChangesBelowSubdir: modified, deleted, staged-new and
// renamed files below the subdirectory are listed with the revision's
// side; untracked and ignored files are not (they are not in the index);
// paths outside the subdirectory are left out; a subdirectory whose name
// looks like a pathspec pattern is taken literally; HEAD does not move
// and the index is not written.
func TestDiffListsChangesBelowSubdir(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("a file name with *")
	}
	dir := newRepo(t)
	write(t, dir, "p*/a.cls", "a")
	write(t, dir, "p*/b.cls", "b")
	write(t, dir, "p*/c.cls", "c")
	write(t, dir, "pq/x.cls", "x") // matched by the pattern p*, not literally
	write(t, dir, "other.cls", "o")
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-q", "-m", "one")
	head := git(t, dir, "rev-parse", "HEAD")
	write(t, dir, "p*/a.cls", "A")
	if err := os.Remove(filepath.Join(dir, "p*/b.cls")); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "p*/new.cls", "n")
	git(t, dir, "add", "p*/new.cls")
	git(t, dir, "mv", "p*/c.cls", "p*/d.cls")
	write(t, dir, "p*/untracked.cls", "u")
	write(t, dir, "pq/x.cls", "X")
	write(t, dir, "other.cls", "O")
	index, err := os.ReadFile(filepath.Join(dir, ".git", "index"))
	if err != nil {
		t.Fatal(err)
	}

	ch, err := Diff(context.Background(), dir, "HEAD", "p*")
	if err != nil {
		t.Fatal(err)
	}
	if ch.Commit != head {
		t.Errorf("commit %s, want %s", ch.Commit, head)
	}
	got := map[string]string{}
	for _, c := range ch.Changed {
		side := "absent"
		if c.AtRev() {
			side = c.RevMode + " " + c.RevOID
		}
		got[c.Path] = side + " -> " + c.WorkMode
	}
	blob := func(content string) string {
		return git(t, dir, "rev-parse", "HEAD:p*/"+content+".cls")
	}
	want := map[string]string{
		"a.cls":   "100644 " + blob("a") + " -> 100644",
		"b.cls":   "100644 " + blob("b") + " -> 000000",
		"c.cls":   "100644 " + blob("c") + " -> 000000",
		"d.cls":   "absent -> 100644",
		"new.cls": "absent -> 100644",
	}
	if len(got) != len(want) {
		t.Errorf("changes %v, want %v", got, want)
	}
	for p, w := range want {
		if got[p] != w {
			t.Errorf("%s: %q, want %q", p, got[p], w)
		}
	}
	// b.cls is deleted from the disk only: still in the index.
	if len(ch.Tracked) != 4 || !ch.Tracked["a.cls"] || !ch.Tracked["b.cls"] || !ch.Tracked["d.cls"] || !ch.Tracked["new.cls"] {
		t.Errorf("tracked %v", ch.Tracked)
	}
	if len(ch.Unusual) != 0 {
		t.Errorf("unusual %v", ch.Unusual)
	}
	if h := git(t, dir, "rev-parse", "HEAD"); h != head {
		t.Errorf("HEAD moved to %s", h)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, ".git", "index")); string(after) != string(index) {
		t.Error("the index was written")
	}

	// An unborn HEAD has no commit and no changes.
	empty := newRepo(t)
	write(t, empty, "a.cls", "a")
	if ch, err := Diff(context.Background(), empty, "HEAD", ""); err != nil || ch.Commit != "" || len(ch.Changed) != 0 {
		t.Errorf("unborn HEAD: %+v, %v", ch, err)
	}
	if _, err := Diff(context.Background(), dir, "nope", ""); !errors.Is(err, ErrUnknownRevision) {
		t.Errorf("unknown revision: %v", err)
	}
}

// TestDiffUnusualEntries: symbolic links, submodule-like entries,
// skip-worktree and assume-unchanged entries are reported as unusual.
func TestDiffUnusualEntries(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links")
	}
	dir := newRepo(t)
	write(t, dir, "a.cls", "a")
	write(t, dir, "b.cls", "b")
	write(t, dir, "c.cls", "c")
	if err := os.Symlink("a.cls", filepath.Join(dir, "link.cls")); err != nil {
		t.Fatal(err)
	}
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-q", "-m", "one")
	git(t, dir, "update-index", "--assume-unchanged", "b.cls")
	git(t, dir, "update-index", "--skip-worktree", "c.cls")
	ch, err := Diff(context.Background(), dir, "HEAD", ".")
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(ch.Unusual, "\n")
	for _, p := range []string{"b.cls: index tag h", "c.cls: index tag S", "link.cls: mode 120000"} {
		if !strings.Contains(joined, p) {
			t.Errorf("unusual %q lacks %q", joined, p)
		}
	}
	if strings.Contains(joined, "a.cls") {
		t.Errorf("unusual %q names a.cls", joined)
	}
}

// TestReadBlobs: blobs come back in order; one over the file cap has no
// data; going over the total cap is ErrTooLarge.
func TestReadBlobs(t *testing.T) {
	dir := newRepo(t)
	write(t, dir, "a", "alpha")
	write(t, dir, "b", strings.Repeat("b", 100))
	write(t, dir, "c", "")
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-q", "-m", "one")
	oids := []string{git(t, dir, "rev-parse", "HEAD:a"), git(t, dir, "rev-parse", "HEAD:b"), git(t, dir, "rev-parse", "HEAD:c"), git(t, dir, "rev-parse", "HEAD:a")}
	blobs, err := ReadBlobs(context.Background(), dir, oids, 50, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(blobs) != 4 || string(blobs[0].Data) != "alpha" || blobs[1].Data != nil || blobs[1].Size != 100 ||
		blobs[2].Data == nil || len(blobs[2].Data) != 0 || string(blobs[3].Data) != "alpha" {
		t.Errorf("blobs %+v", blobs)
	}
	if _, err := ReadBlobs(context.Background(), dir, oids, 200, 104); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the total cap: %v", err)
	}
	if _, err := ReadBlobs(context.Background(), dir, []string{strings.Repeat("0", 40)}, 50, 1000); err == nil {
		t.Error("a missing blob: no error")
	}
}
