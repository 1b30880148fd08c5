package gitrev

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Change is a path that differs between a revision and the work tree, as
// `git diff --raw REV` reports it (the work tree side is the index's paths
// with the content on disk; staged and unstaged changes alike).
type Change struct {
	// Path is relative to subdir, slash-separated.
	Path string
	// RevMode and RevOID are the entry at the revision; RevMode is
	// "000000" when the path does not exist there (a file added since).
	RevMode, RevOID string
	// WorkMode is the work tree's mode ("000000": deleted since).
	WorkMode string
}

// AtRev reports whether the path exists at the revision.
func (c Change) AtRev() bool { return c.RevMode != "000000" }

// Changes are the differences between a revision and the work tree below
// a directory, for linting the revision as the work tree with a few files
// replaced (see driver.AtRevision).
type Changes struct {
	// Commit is the full object name of the revision ("" for an unborn
	// HEAD; the other fields are then empty).
	Commit string
	// Changed are the paths that differ, in git's order.
	Changed []Change
	// Tracked holds the paths in the index (relative to subdir): a file on
	// disk that is not tracked is not part of any revision.
	Tracked map[string]bool
	// Unusual describes index entries below subdir that make the work tree
	// a poor stand-in for the revision, one line each: symbolic links and
	// submodules (Materialize skips them at the revision, with a notice),
	// entries marked skip-worktree or assume-unchanged (git diff trusts the
	// index for them, not the disk) and unmerged entries.
	Unusual []string
}

// Diff lists what differs between revision rev and the work tree below
// subdir (slash-separated, relative to the top level; "" or "." for all)
// with `git diff --raw --no-renames REV` and reads the index below subdir
// with `git ls-files --stage -v` (the two run side by side). Neither
// changes the index or the work tree. top is the work tree's top level, as
// TopLevel returns it. Errors are those of Materialize (unknown revision).
func Diff(ctx context.Context, top, rev, subdir string) (*Changes, error) {
	commit, sub, err := resolveIn(ctx, "diff", top, rev, subdir)
	if err != nil {
		return nil, err
	}
	ch := &Changes{Commit: commit}
	if commit == "" {
		return ch, nil
	}
	var spec []string
	if sub != "." {
		spec = []string{"--", sub}
	}
	rel := func(full string) (string, bool) {
		if sub == "." {
			return full, true
		}
		r, ok := strings.CutPrefix(full, sub+"/")
		return r, ok && r != ""
	}
	// --no-relative and --ignore-submodules=none override configuration
	// that would change what is listed; --no-abbrev gives full names.
	var index []byte
	indexErr := make(chan error, 1)
	go func() {
		var err error
		index, err = literalGitOutput(ctx, top, append([]string{"ls-files", "--stage", "-v", "-z"}, spec...)...)
		indexErr <- err
	}()
	diff, err := literalGitOutput(ctx, top, append([]string{"diff", "--raw", "-z", "--no-renames", "--no-abbrev",
		"--no-relative", "--ignore-submodules=none", "--no-ext-diff", commit}, spec...)...)
	if err := errors.Join(err, <-indexErr); err != nil {
		return nil, err
	}
	recs := bytes.Split(diff, []byte{0})
	for i := 0; i+1 < len(recs); i += 2 {
		meta, name := string(recs[i]), string(recs[i+1])
		f := strings.Fields(strings.TrimPrefix(meta, ":"))
		if !strings.HasPrefix(meta, ":") || len(f) != 5 {
			return nil, fmt.Errorf("diff %s: unexpected git diff output %q", rev, truncate(recs[i]))
		}
		r, ok := rel(name)
		if !ok {
			return nil, fmt.Errorf("diff %s: git diff listed %q, outside %s", rev, name, sub)
		}
		c := Change{Path: r, RevMode: f[0], WorkMode: f[1], RevOID: f[2]}
		if c.AtRev() && !safeRel(r) {
			ch.Unusual = append(ch.Unusual, r+": a path that would leave the destination directory")
		}
		ch.Changed = append(ch.Changed, c)
	}
	ch.Tracked = make(map[string]bool)
	for _, rec := range bytes.Split(index, []byte{0}) {
		if len(rec) == 0 {
			continue
		}
		meta, name, ok := bytes.Cut(rec, []byte{'\t'})
		f := strings.Fields(string(meta))
		if !ok || len(f) != 4 {
			return nil, fmt.Errorf("diff %s: unexpected git ls-files output %q", rev, truncate(rec))
		}
		r, ok := rel(string(name))
		if !ok {
			return nil, fmt.Errorf("diff %s: git ls-files listed %q, outside %s", rev, name, sub)
		}
		ch.Tracked[r] = true
		tag, mode, stage := f[0], f[1], f[3]
		switch {
		case tag != "H":
			ch.Unusual = append(ch.Unusual, r+": index tag "+tag+" (skip-worktree, assume-unchanged or unmerged)")
		case stage != "0":
			ch.Unusual = append(ch.Unusual, r+": unmerged")
		case mode != "100644" && mode != "100755":
			ch.Unusual = append(ch.Unusual, r+": mode "+mode+" (a symbolic link or submodule)")
		}
	}
	return ch, nil
}

// Blob is one blob read by ReadBlobs.
type Blob struct {
	// Size is the blob's size in bytes.
	Size int64
	// Data is its content, nil when Size is over the size cap.
	Data []byte
}

// ErrTooLarge is returned (wrapped) by ReadBlobs when the blobs together
// are larger than its total cap.
var ErrTooLarge = errors.New("blobs over the total size cap")

// ReadBlobs reads the blobs oids (full object names) with one
// `git cat-file --batch` in the repository containing repoDir. A blob over
// maxFile bytes is not kept (its Data is nil), as Materialize skips it;
// when the blobs kept total more than maxTotal bytes, the error wraps
// ErrTooLarge.
func ReadBlobs(ctx context.Context, repoDir string, oids []string, maxFile, maxTotal int64) ([]Blob, error) {
	if len(oids) == 0 {
		return nil, nil
	}
	blobs := make([]Blob, 0, len(oids))
	var total int64
	err := catFileBatch(ctx, repoDir, oids, func(i int, r *bufio.Reader) error {
		n, err := batchHeader(r, oids[i])
		if err != nil {
			return err
		}
		b := Blob{Size: n}
		if n > maxFile {
			_, err = io.CopyN(io.Discard, r, n)
		} else if total += n; total > maxTotal {
			return fmt.Errorf("%w (%d bytes)", ErrTooLarge, maxTotal)
		} else {
			b.Data = make([]byte, n)
			_, err = io.ReadFull(r, b.Data)
		}
		if err == nil {
			var nl byte
			if nl, err = r.ReadByte(); err == nil && nl != '\n' {
				err = fmt.Errorf("git cat-file: missing newline after %s", oids[i])
			}
		}
		if err != nil {
			return err
		}
		blobs = append(blobs, b)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return blobs, nil
}

// literalGitOutput is gitOutput with pathspecs taken literally (a
// directory named "*" or ":x" is that directory, not a pattern).
func literalGitOutput(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := gitCommand(ctx, dir, args...)
	cmd.Env = append(cmd.Env, "GIT_LITERAL_PATHSPECS=1")
	return runOutput(ctx, cmd, dir, args[0])
}
