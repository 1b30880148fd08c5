package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSignalDuringRevisionReadLeavesNoTempDir runs a child process (this
// test binary running the command) that reads the project at HEAD for
// --new-from-rev or access --diff, with a git that stops at `git cat-file`
// once the temporary "nclint-rev-*" directory exists. SIGINT or SIGTERM
// must remove that directory and exit with 130 or 143.
func TestSignalDuringRevisionReadLeavesNoTempDir(t *testing.T) {
	if args := os.Getenv("NCLINT_SIGNAL_REV_CHILD"); args != "" {
		handleSignals()
		os.Exit(run(strings.Split(args, "\n"), os.Stdout, os.Stderr))
	}
	_, proj := revRepo(t)
	// A .forceignore the revision lacks: the revision is copied into a
	// temporary directory rather than linted as the work tree with a few
	// files replaced (driver/revision.go), which writes nothing.
	mustWrite(t, filepath.Join(proj, ".forceignore"), "# not at HEAD\n")
	realGit, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	bin := t.TempDir()
	// The fake git blocks `cat-file` until the release file exists, then
	// runs the real git. It gives up when the release file's directory is
	// gone (the subtest's temporary directory removed), so no fake git
	// outlives the test even when it misses the release file.
	mustWrite(t, filepath.Join(bin, "git"), `#!/bin/sh
for a in "$@"; do
	if [ "$a" = cat-file ]; then
		: >"$NCLINT_TEST_GIT_MARK"
		ctl=$(dirname "$NCLINT_TEST_GIT_RELEASE")
		while [ ! -e "$NCLINT_TEST_GIT_RELEASE" ]; do
			[ -d "$ctl" ] || exit 1
			sleep 0.02
		done
		break
	fi
done
exec '`+realGit+`' "$@"
`)
	if err := os.Chmod(filepath.Join(bin, "git"), 0o755); err != nil {
		t.Fatal(err)
	}
	commands := map[string][]string{
		"new-from-rev": {"--new-from-rev", "HEAD", proj},
		"access diff":  {"access", "--diff", "HEAD", proj},
	}
	for name, args := range commands {
		for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
			t.Run(name+"/"+sig.String(), func(t *testing.T) {
				tmp, ctl := t.TempDir(), t.TempDir()
				mark, release := filepath.Join(ctl, "mark"), filepath.Join(ctl, "release")
				cmd := exec.Command(os.Args[0], "-test.run=^TestSignalDuringRevisionReadLeavesNoTempDir$")
				cmd.Env = append(os.Environ(), "NCLINT_SIGNAL_REV_CHILD="+strings.Join(args, "\n"),
					"TMPDIR="+tmp, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
					"NCLINT_TEST_GIT_MARK="+mark, "NCLINT_TEST_GIT_RELEASE="+release)
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				// Let the fake git go on whatever happens, so no process
				// outlives the test.
				defer func() { _ = os.WriteFile(release, nil, 0o644) }()
				deadline := time.Now().Add(30 * time.Second)
				for {
					_, markErr := os.Stat(mark)
					entries, _ := os.ReadDir(tmp)
					if markErr == nil && len(entries) == 1 && strings.HasPrefix(entries[0].Name(), "nclint-rev-") {
						break
					}
					if time.Now().After(deadline) {
						_ = cmd.Process.Kill()
						t.Fatalf("the child never reached git cat-file with its directory in place: %v", entries)
					}
					time.Sleep(5 * time.Millisecond)
				}
				if err := cmd.Process.Signal(sig); err != nil {
					t.Fatal(err)
				}
				err := cmd.Wait()
				var exit *exec.ExitError
				if !errors.As(err, &exit) || exit.ExitCode() != 128+int(sig) {
					t.Errorf("child ended with %v, want exit code %d", err, 128+int(sig))
				}
				if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
					t.Errorf("left behind in TMPDIR after %s: %v", sig, entries)
				}
			})
		}
	}
}
