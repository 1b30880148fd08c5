// Package gitrev reads the files of a git revision without checking it
// out: it lists the revision's tree with `git ls-tree` and copies the blobs
// with `git cat-file --batch` into a directory the caller owns (normally a
// temporary one), so the working tree, the index and HEAD are never
// touched. It runs the `git` command rather than reading the object store
// itself, so packs, alternates, partial clones and worktrees all work the
// way git makes them work.
//
// Hostile trees are handled: git symbolic links and submodules are never
// followed or created (they are skipped, and reported in Result.Skipped),
// paths that would leave the destination ("..", absolute, ".git") are
// skipped, and blobs over the size cap are not written.
package gitrev

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// DefaultMaxFileSize is the largest blob written when Options.MaxFileSize
// is 0 (the cap nclint's parser applies to metadata files).
const DefaultMaxFileSize int64 = 50 << 20

// DefaultMaxTotalSize caps the bytes written by one Materialize call when
// Options.MaxTotalSize is 0.
const DefaultMaxTotalSize int64 = 2 << 30

// ErrNotRepository is returned (wrapped) when the directory is not inside a
// git work tree.
var ErrNotRepository = errors.New("not a git repository")

// ErrUnknownRevision is returned (wrapped) when the revision does not name
// a commit.
var ErrUnknownRevision = errors.New("unknown revision")

// Options tune Materialize.
type Options struct {
	// Keep, when not nil, selects the files written, by their
	// slash-separated path relative to subdir. Others are not read.
	Keep func(rel string) bool
	// MaxFileSize is the largest blob written (0: DefaultMaxFileSize).
	// Larger blobs are skipped and reported.
	MaxFileSize int64
	// MaxTotalSize caps the bytes written in all (0: DefaultMaxTotalSize);
	// going over it is an error.
	MaxTotalSize int64
}

// Skip is a tree entry that was not written.
type Skip struct {
	// Path is relative to subdir, slash-separated.
	Path string
	// Reason says why ("a symbolic link in git; not followed").
	Reason string
}

// Result describes what Materialize wrote.
type Result struct {
	// Commit is the full object name the revision resolved to ("" for the
	// unborn HEAD of a repository without commits).
	Commit string
	// Files is the number of files written.
	Files int
	// Skipped are entries not written, in tree order.
	Skipped []Skip
}

// TopLevel returns the top-level directory of the git work tree that
// contains dir. The error wraps ErrNotRepository when dir is in none (or
// git is not installed, which it says).
func TopLevel(ctx context.Context, dir string) (string, error) {
	out, err := gitOutput(ctx, dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", err
	}
	top := strings.TrimRight(string(out), "\r\n")
	if top == "" {
		return "", fmt.Errorf("%s: %w (it is inside a .git directory or a bare repository)", dir, ErrNotRepository)
	}
	return filepath.FromSlash(top), nil
}

// Resolve returns the full object name of the commit rev names in the
// repository containing dir. For "HEAD" (or "@") in a repository without
// commits it returns "" and no error: an unborn branch is an empty tree.
func Resolve(ctx context.Context, dir, rev string) (string, error) {
	if rev == "" || strings.HasPrefix(rev, "-") || strings.ContainsAny(rev, "\x00\n") {
		return "", fmt.Errorf("%w %q", ErrUnknownRevision, rev)
	}
	if _, err := TopLevel(ctx, dir); err != nil {
		return "", err
	}
	return resolve(ctx, dir, rev)
}

// resolve is Resolve in a directory known to be in a work tree.
func resolve(ctx context.Context, dir, rev string) (string, error) {
	if rev == "" || strings.HasPrefix(rev, "-") || strings.ContainsAny(rev, "\x00\n") {
		return "", fmt.Errorf("%w %q", ErrUnknownRevision, rev)
	}
	out, err := gitOutput(ctx, dir, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err == nil {
		return strings.TrimSpace(string(out)), nil
	}
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	if rev == "HEAD" || rev == "@" {
		// An unborn HEAD: HEAD is a symbolic ref to a branch with no commit.
		if _, serr := gitOutput(ctx, dir, "symbolic-ref", "--quiet", "HEAD"); serr == nil {
			if _, verr := gitOutput(ctx, dir, "rev-parse", "--verify", "--quiet", "HEAD"); verr != nil {
				return "", nil
			}
		}
	}
	return "", fmt.Errorf("%w %q in %s (not a commit, branch or tag git knows)", ErrUnknownRevision, rev, dir)
}

// Materialize writes the files of revision rev that lie below subdir (a
// slash-separated path relative to the repository's top level; "" or "."
// for all) into dstDir, at their path relative to subdir. repoDir is any
// directory inside the repository's work tree. dstDir must exist and should
// be empty; files are created, never overwritten. The work tree, index and
// HEAD are not touched.
//
// An unborn HEAD (a repository without commits) is an empty tree: nothing
// is written and the error is nil.
func Materialize(ctx context.Context, repoDir, rev, subdir, dstDir string, opts Options) (*Result, error) {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	if opts.MaxTotalSize <= 0 {
		opts.MaxTotalSize = DefaultMaxTotalSize
	}
	top, err := TopLevel(ctx, repoDir)
	if err != nil {
		return nil, err
	}
	commit, sub, err := resolveIn(ctx, "materialize", top, rev, subdir)
	if err != nil {
		return nil, err
	}
	res := &Result{Commit: commit}
	if commit == "" {
		return res, nil
	}
	args := []string{"ls-tree", "-r", "-z", "-l", "--full-tree", commit}
	if sub != "." {
		args = append(args, "--", sub+"/")
	}
	listing, err := gitOutput(ctx, top, args...)
	if err != nil {
		return nil, err
	}
	type blob struct {
		oid, rel string
		size     int64
	}
	var blobs []blob
	for _, rec := range bytes.Split(listing, []byte{0}) {
		if len(rec) == 0 {
			continue
		}
		meta, name, ok := bytes.Cut(rec, []byte{'\t'})
		fields := strings.Fields(string(meta))
		if !ok || len(fields) != 4 {
			return nil, fmt.Errorf("materialize %s: unexpected git ls-tree output %q", rev, truncate(rec))
		}
		mode, typ, oid := fields[0], fields[1], fields[2]
		full := string(name)
		rel := full
		if sub != "." {
			rel = strings.TrimPrefix(full, sub+"/")
		}
		skip := func(reason string) { res.Skipped = append(res.Skipped, Skip{Path: rel, Reason: reason}) }
		switch {
		case typ == "commit":
			skip("a git submodule; its files are not read")
			continue
		case mode == "120000":
			skip("a symbolic link in git; not followed")
			continue
		case typ != "blob" || (mode != "100644" && mode != "100755"):
			skip("not a regular file in git (mode " + mode + ")")
			continue
		}
		if !safeRel(rel) {
			skip("a path that would leave the destination directory")
			continue
		}
		if opts.Keep != nil && !opts.Keep(rel) {
			continue
		}
		size, err := strconv.ParseInt(fields[3], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("materialize %s: unexpected git ls-tree size %q", rev, fields[3])
		}
		if size > opts.MaxFileSize {
			skip(TooLargeReason(size, opts.MaxFileSize))
			continue
		}
		blobs = append(blobs, blob{oid: oid, rel: rel, size: size})
	}
	if len(blobs) == 0 {
		return res, nil
	}
	var total int64
	for _, b := range blobs {
		total += b.size
	}
	if total > opts.MaxTotalSize {
		return nil, fmt.Errorf("materialize %s: the files to read total %d bytes, over the %d-byte cap", rev, total, opts.MaxTotalSize)
	}

	oids := make([]string, len(blobs))
	for i, b := range blobs {
		oids[i] = b.oid
	}
	err = catFileBatch(ctx, top, oids, func(i int, r *bufio.Reader) error {
		b := blobs[i]
		err := copyBlob(r, b.oid, b.size, filepath.Join(dstDir, filepath.FromSlash(b.rel)))
		if errors.Is(err, errExists) {
			res.Skipped = append(res.Skipped, Skip{Path: b.rel, Reason: "another file of the revision has the same name on this file system"})
			return nil
		}
		if err == nil {
			res.Files++
		}
		return err
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		return nil, fmt.Errorf("materialize %s: %w", rev, err)
	}
	return res, nil
}

// catFileBatch runs one `git cat-file --batch` in dir for oids and calls
// read for each answer, in order, with r at its start; read consumes the
// whole answer (header, content, newline). An error from read stops git
// and is returned as it is; git failing is "git cat-file: ERR: STDERR";
// when ctx is done, its error is returned.
func catFileBatch(ctx context.Context, dir string, oids []string, read func(i int, r *bufio.Reader) error) error {
	cmd := gitCommand(ctx, dir, "cat-file", "--batch", "--buffer")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return gitStartError(err)
	}
	go func() {
		w := bufio.NewWriter(stdin)
		for _, oid := range oids {
			if _, err := w.WriteString(oid + "\n"); err != nil {
				break
			}
		}
		_ = w.Flush()
		_ = stdin.Close()
	}()
	r := bufio.NewReaderSize(stdout, 64<<10)
	for i := range oids {
		if err := read(i, r); err != nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return err
		}
	}
	if err := cmd.Wait(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("git cat-file: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// resolveIn resolves rev in the repository whose top level is top ("" for
// an unborn HEAD) and cleans subdir (slash-separated, relative to top: "."
// for all), refusing one that leaves the repository; op names the caller
// in that error.
func resolveIn(ctx context.Context, op, top, rev, subdir string) (commit, sub string, err error) {
	commit, err = resolve(ctx, top, rev)
	if err != nil {
		return "", "", err
	}
	sub = path.Clean(strings.Trim(filepath.ToSlash(subdir), "/"))
	if commit != "" && (sub == ".." || strings.HasPrefix(sub, "../")) {
		return "", "", fmt.Errorf("%s %s: %s is outside the repository", op, rev, subdir)
	}
	return commit, sub, nil
}

var errExists = errors.New("file exists")

// TooLargeReason is the Skip reason of a blob of size bytes over the cap.
func TooLargeReason(size, limit int64) string {
	return fmt.Sprintf("%d bytes, over the %d-byte cap", size, limit)
}

// copyBlob reads one `git cat-file --batch` answer for oid from r and
// writes its content to dst (created; its parent directories too).
func copyBlob(r *bufio.Reader, oid string, size int64, dst string) error {
	n, err := batchHeader(r, oid)
	if err != nil {
		return err
	}
	if n != size {
		return fmt.Errorf("git cat-file: size %d of %s differs from the tree listing (%d)", n, oid, size)
	}
	werr := writeNew(dst, r, n)
	if errors.Is(werr, errExists) {
		if _, err := r.Discard(int(n)); err != nil {
			return err
		}
	} else if werr != nil {
		return werr
	}
	if b, err := r.ReadByte(); err != nil || b != '\n' {
		return fmt.Errorf("git cat-file: missing newline after %s", oid)
	}
	return werr
}

// batchHeader reads the header of one `git cat-file --batch` answer for
// the blob oid from r and returns the blob's size.
func batchHeader(r *bufio.Reader, oid string) (int64, error) {
	header, err := r.ReadString('\n')
	if err != nil {
		return 0, fmt.Errorf("git cat-file ended early: %w", err)
	}
	f := strings.Fields(header)
	if len(f) != 3 || f[0] != oid || f[1] != "blob" {
		return 0, fmt.Errorf("git cat-file: unexpected answer %q for %s", truncate([]byte(header)), oid)
	}
	n, err := strconv.ParseInt(f[2], 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("git cat-file: unexpected size %q of %s", f[2], oid)
	}
	return n, nil
}

// writeNew creates dst (and its parent directories) and copies n bytes of
// r into it. It never replaces an existing file: errExists, with nothing
// read from r.
func writeNew(dst string, r io.Reader, n int64) error {
	out, err := createNew(dst)
	if errors.Is(err, os.ErrExist) {
		return errExists
	}
	if err != nil {
		return err
	}
	_, werr := io.CopyN(out, r, n)
	if cerr := out.Close(); werr == nil {
		werr = cerr
	}
	return werr
}

// safeRel reports whether a tree path may be written below the destination:
// relative, no empty, "." or ".." element, no ".git" element, no NUL or
// backslash (a separator on Windows).
func safeRel(rel string) bool {
	if rel == "" || strings.ContainsRune(rel, 0) || filepath.Separator == '\\' && strings.ContainsAny(rel, "\\:") {
		return false
	}
	for _, el := range strings.Split(rel, "/") {
		switch {
		case el == "", el == ".", el == "..", strings.EqualFold(el, ".git"):
			return false
		}
	}
	return true
}

func truncate(b []byte) string {
	if len(b) > 80 {
		b = b[:80]
	}
	return string(b)
}

// gitCommand returns a git command run in dir that reads no system or
// global hooks and never prompts.
func gitCommand(ctx context.Context, dir string, args ...string) *exec.Cmd {
	full := append([]string{"-c", "core.fsmonitor=false", "-c", "core.quotePath=false"}, args...)
	cmd := exec.CommandContext(ctx, "git", full...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "LC_ALL=C")
	return cmd
}

// gitOutput runs git and returns its standard output. Errors carry git's
// message; "not a git repository" wraps ErrNotRepository.
func gitOutput(ctx context.Context, dir string, args ...string) ([]byte, error) {
	return runOutput(ctx, gitCommand(ctx, dir, args...), dir, args[0])
}

// runOutput runs the git command cmd (subcommand sub, run in dir) and
// returns its standard output, with gitOutput's errors.
func runOutput(ctx context.Context, cmd *exec.Cmd, dir, sub string) ([]byte, error) {
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err == nil {
		return out, nil
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) {
		return nil, gitStartError(err)
	}
	msg := strings.TrimSpace(stderr.String())
	if strings.Contains(msg, "not a git repository") {
		return nil, fmt.Errorf("%s: %w", dir, ErrNotRepository)
	}
	if msg == "" {
		msg = err.Error()
	}
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return nil, fmt.Errorf("git %s: %s", sub, msg)
}

func gitStartError(err error) error {
	if errors.Is(err, exec.ErrNotFound) {
		return fmt.Errorf("the git command is not installed or not on PATH: %w", err)
	}
	return fmt.Errorf("run git: %w", err)
}
