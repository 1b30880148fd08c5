package main

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nclint/nclint/internal/report"
)

// Hostile configuration files and outputs (issue 16, items 1, 2, 4, 9):
// configuration, .forceignore, sfdx-project.json and baseline files that
// link out of the project, are named pipes or devices, or hold secrets;
// --output pointing at devices and named pipes; signals during a write.

// runCLIWithin is runCLI that fails the test when the command does not
// return within a generous bound (a FIFO that blocks, /dev/zero read to
// the end of memory).
func runCLIWithin(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	type result struct {
		code           int
		stdout, stderr string
	}
	done := make(chan result, 1)
	go func() {
		code, out, errOut := runCLI(t, args...)
		done <- result{code, out, errOut}
	}()
	select {
	case r := <-done:
		return r.code, r.stdout, r.stderr
	case <-time.After(30 * time.Second):
		t.Fatalf("nclint %s did not return: it blocks on a FIFO or reads a device", strings.Join(args, " "))
		return 0, "", ""
	}
}

// hostileSecret stands for the content of a file outside the project that
// must never reach any output: a private key line and a token.
const hostileSecret = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\\ghp_AbCdEf0123456789AbCdEf0123456789abcd"

func TestHostileInputFiles(t *testing.T) {
	outside := t.TempDir()
	secretFile := filepath.Join(outside, "service-account.key")
	mustWrite(t, secretFile, hostileSecret+"\nroot:x:0:0:root:/root:/bin/bash\n")
	fifo := func(t *testing.T, p string) {
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target string) func(t *testing.T, p string) {
		return func(t *testing.T, p string) {
			if err := os.Symlink(target, p); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, c := range []struct {
		name  string
		file  string // created in the project by make ("" for none)
		make  func(t *testing.T, p string)
		args  []string // PROJECT stands for the project root; FIFO for a named pipe outside it
		code  int
		want  string // in stderr (exit 2) or in the report (exit 3)
		plain bool   // the .forceignore secret test: the warning must not quote the file
	}{
		{name: ".nclint.yml linked out of the project", file: ".nclint.yml", make: link(secretFile),
			code: exitUsage, want: "a symbolic link to a file outside"},
		{name: ".nclint.yml linked to /dev/zero", file: ".nclint.yml", make: link("/dev/zero"),
			code: exitUsage, want: "a symbolic link to a file outside"},
		{name: ".nclint.yml is a FIFO", file: ".nclint.yml", make: fifo,
			code: exitUsage, want: "not a regular file but a named pipe (FIFO)"},
		{name: "--config /dev/zero", args: []string{"--config", "/dev/zero"},
			code: exitUsage, want: "not a regular file but a character device"},
		{name: "--config a FIFO", args: []string{"--config", "FIFO"},
			code: exitUsage, want: "not a regular file but a named pipe (FIFO)"},
		{name: "--config outside the project is read", args: []string{"--config", secretFile},
			code: exitUsage, want: "the configuration must be a mapping"},
		{name: "--baseline /dev/zero", args: []string{"--baseline", "/dev/zero"},
			code: exitUsage, want: "not a regular file but a character device"},
		{name: "--baseline a FIFO", args: []string{"--baseline", "FIFO"},
			code: exitUsage, want: "not a regular file but a named pipe (FIFO)"},
		{name: ".forceignore linked out of the project", file: ".forceignore", make: link(secretFile),
			code: exitIncomplete, want: "a symbolic link to a file outside"},
		{name: ".forceignore linked to /dev/zero", file: ".forceignore", make: link("/dev/zero"),
			code: exitIncomplete, want: "a symbolic link to a file outside"},
		{name: ".forceignore is a FIFO", file: ".forceignore", make: fifo,
			code: exitIncomplete, want: "not a regular file but a named pipe (FIFO)"},
		{name: ".forceignore holding a key", file: ".forceignore",
			make: func(t *testing.T, p string) { mustWrite(t, p, hostileSecret+"\n") },
			code: exitOK, want: "uses the backslash"},
		{name: "sfdx-project.json linked out of the project", file: "sfdx-project.json", make: link(secretFile),
			code: exitUsage, want: "a symbolic link to a file outside"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := writeTree(t, map[string]string{
				"sfdx-project.json": `{"packageDirectories": [{"path": "force-app"}]}`,
				hostileBase + "permissionsets/Good.permissionset-meta.xml": strings.Replace(goodPS, "Missing_EC-User", "Here_EC-User", 1),
			})
			if c.file != "" {
				p := filepath.Join(dir, c.file)
				_ = os.Remove(p)
				c.make(t, p)
			}
			pipe := filepath.Join(t.TempDir(), "pipe")
			fifo(t, pipe)
			args := []string{"--format", "github", "--fail-on", "none"}
			for _, a := range c.args {
				if a == "FIFO" {
					a = pipe
				}
				args = append(args, a)
			}
			code, stdout, stderr := runCLIWithin(t, append(args, dir)...)
			if code != c.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, c.code, stdout, stderr)
			}
			where := stderr
			if code != exitUsage {
				where = stdout
			}
			if !strings.Contains(where, c.want) {
				t.Errorf("want %q in:\n%s", c.want, where)
			}
			for _, leak := range []string{"MIIEvQIBADAN", "AbCdEf0123456789", "/bin/bash"} {
				if strings.Contains(stdout+stderr, leak) {
					t.Errorf("output quotes the file's content (%s):\nstdout: %s\nstderr: %s", leak, stdout, stderr)
				}
			}
		})
	}
}

// TestZeroFilesWarns: a .forceignore that ignores everything leaves nothing
// to check, which the report says.
func TestZeroFilesWarns(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"sfdx-project.json": `{"packageDirectories": [{"path": "force-app"}]}`,
		".forceignore":      "**\n",
		hostileBase + "permissionsets/Good.permissionset-meta.xml": goodPS,
	})
	code, stdout, stderr := runCLI(t, dir)
	if code != exitOK || !strings.Contains(stdout, "no metadata file found to check") {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 0 and a warning that nothing was checked", code, stdout, stderr)
	}
}

func TestNowZeroIsAnError(t *testing.T) {
	for _, now := range []string{"0001-01-01", "0001-01-01T00:00:00Z", "0999-12-31"} {
		code, _, stderr := runCLI(t, "--now", now, sample)
		if code != exitUsage || !strings.Contains(stderr, "--now") {
			t.Errorf("--now %s: exit %d, stderr %q; want exit 2", now, code, stderr)
		}
	}
}

// TestOutputToDevices: --output never replaces a device or named pipe.
func TestOutputToDevices(t *testing.T) {
	t.Run("/dev/null as root stays a device", func(t *testing.T) {
		if os.Geteuid() != 0 {
			t.Skip("only root can replace /dev/null")
		}
		code, _, stderr := runCLI(t, "--output", "/dev/null", "--fail-on", "none", sample)
		if code != exitOK {
			t.Errorf("exit %d: %s", code, stderr)
		}
		if fi, err := os.Lstat("/dev/null"); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
			t.Fatalf("/dev/null is no longer a character device: %v %v", fi.Mode(), err)
		}
	})
	t.Run("/dev/full is a clear error", func(t *testing.T) {
		if _, err := os.Stat("/dev/full"); err != nil {
			t.Skip("no /dev/full")
		}
		code, _, stderr := runCLI(t, "--format", "sarif", "--output", "/dev/full", "--fail-on", "none", sample)
		if code != exitUsage || !strings.Contains(stderr, "write /dev/full: ") || !strings.Contains(stderr, "no space left on device") {
			t.Errorf("exit %d, stderr %q; want exit 2 and a write error", code, stderr)
		}
		if fi, err := os.Lstat("/dev/full"); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
			t.Fatalf("/dev/full is no longer a character device: %v %v", fi.Mode(), err)
		}
	})
	t.Run("a FIFO with a reader gets the report", func(t *testing.T) {
		dir := t.TempDir()
		pipe := filepath.Join(dir, "report.pipe")
		if err := syscall.Mkfifo(pipe, 0o644); err != nil {
			t.Fatal(err)
		}
		got := make(chan string, 1)
		go func() {
			b, _ := os.ReadFile(pipe)
			got <- string(b)
		}()
		code, _, stderr := runCLIWithin(t, "--format", "json", "--output", pipe, "--fail-on", "none", sample)
		if code != exitOK {
			t.Errorf("exit %d: %s", code, stderr)
		}
		select {
		case s := <-got:
			if !strings.Contains(s, `"ruleId": "NC101"`) {
				t.Errorf("the reader got no report: %.200q", s)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("the reader of the FIFO got nothing")
		}
		if fi, err := os.Lstat(pipe); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
			t.Errorf("the FIFO was replaced: %v %v", fi.Mode(), err)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("files left beside the FIFO: %v", entries)
		}
	})
}

// TestSignalDuringWriteLeavesNoTempFile runs a child process (this test
// binary) that installs the command's signal handling and blocks in the
// middle of an atomic write; SIGTERM must remove the temporary file and
// exit with 143.
func TestSignalDuringWriteLeavesNoTempFile(t *testing.T) {
	if out := os.Getenv("NCLINT_SIGNAL_CHILD"); out != "" {
		handleSignals()
		_ = report.WriteFileAtomic(out, func(w io.Writer) error {
			if _, err := io.WriteString(w, "partial report"); err != nil {
				return err
			}
			select {} // wait for the signal
		})
		os.Exit(99) // not reached
	}
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "report.sarif")
			cmd := exec.Command(os.Args[0], "-test.run=^TestSignalDuringWriteLeavesNoTempFile$")
			cmd.Env = append(os.Environ(), "NCLINT_SIGNAL_CHILD="+out)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Wait until the child is writing (its temporary file exists).
			deadline := time.Now().Add(30 * time.Second)
			for {
				entries, _ := os.ReadDir(dir)
				if len(entries) == 1 && strings.HasPrefix(entries[0].Name(), ".report.sarif.tmp-") {
					break
				}
				if time.Now().After(deadline) {
					_ = cmd.Process.Kill()
					t.Fatalf("the child never started writing: %v", entries)
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
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("files left behind after %s: %v", sig, entries)
			}
		})
	}
}
