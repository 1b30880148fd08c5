package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/nclint/nclint/internal/baseline"
	"github.com/nclint/nclint/internal/config"
	"github.com/nclint/nclint/internal/driver"
	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/project"
	"github.com/nclint/nclint/internal/report"
	"github.com/nclint/nclint/internal/rules"
)

// Exit codes.
const (
	exitOK         = 0 // no finding at or above --fail-on
	exitFindings   = 1 // findings at or above --fail-on
	exitUsage      = 2 // usage or configuration error
	exitIncomplete = 3 // some files could not be read
)

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise it comes from the module version (go install) or "devel".
var version = ""

func toolVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return strings.TrimPrefix(bi.Main.Version, "v")
	}
	return "0.1.0-devel"
}

const usageText = `nclint lints Salesforce credential metadata (named credentials, external
credentials, permission sets, certificates and their callers) before deploy.

Usage:
  nclint [flags] [PATH...]       lint the project containing each PATH (default .); with
                                 files or subdirectories, report only findings touching them
  nclint rules                   list the rules
  nclint explain RULE            print a rule's documentation (ID or name)
  nclint baseline write [PATH]   record the current findings in .nclint-baseline.json
  nclint config init [PATH]      write a commented starter .nclint.yml at the project root
  nclint version                 print the version

Flags:
`

const exitText = `
Exit codes:
  0  no finding at or above --fail-on
  1  findings at or above --fail-on
  2  usage or configuration error (unknown flag, missing path, bad sfdx-project.json or .nclint.yml)
  3  some files could not be read (and no finding reached --fail-on)
  130, 143  stopped by SIGINT or SIGTERM (no temporary output file left behind)
`

// options are the parsed command-line flags.
type options struct {
	format  string
	output  string
	failOn  lint.Level
	now     time.Time
	workers int
	config  string
	paths   []string
	// showSuppressed lists suppressed findings (text and json).
	showSuppressed bool
	baseline       string
}

// usageError is a command-line mistake: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "rules":
			return listRules(stdout)
		case "explain":
			return explain(args[1:], stdout, stderr)
		case "baseline":
			return baselineCmd(args[1:], stdout, stderr)
		case "config":
			return configCmd(args[1:], stdout, stderr)
		case "version":
			fmt.Fprintln(stdout, "nclint", toolVersion())
			return exitOK
		case "help":
			args = []string{"--help"}
		}
	}
	opts, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "nclint:", err)
		fmt.Fprintln(stderr, "Run 'nclint --help' for usage.")
		return exitUsage
	}
	code, err := lintAndReport(opts, stdout, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "nclint:", err)
		return exitUsage
	}
	return code
}

// parseFlags parses flags and paths; flags may come after paths.
func parseFlags(args []string, stderr io.Writer) (*options, error) {
	fs := flag.NewFlagSet("nclint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text, sarif, json or github (GitHub Actions annotations)")
	showSuppressed := fs.Bool("show-suppressed", false, "list suppressed findings too (text and json)")
	output := fs.String("output", "", "write the report to `FILE` (atomically) instead of standard output")
	failOn := fs.String("fail-on", "warning", "exit 1 when a finding has this `level` or above: error, warning, note or none")
	now := fs.String("now", "", "reference `time` for certificate expiry checks, RFC 3339 date or date-time (default: now)")
	baselineFile := fs.String("baseline", "", "silence the findings recorded in baseline `FILE` (see 'nclint baseline write')")
	configFile := fs.String("config", "", "read the configuration from `FILE` (default: .nclint.yml at the project root)")
	workers := fs.Int("workers", 0, "number of files parsed in parallel (default: number of CPUs)")
	fs.Usage = func() {
		fmt.Fprint(stderr, usageText)
		fs.PrintDefaults()
		fmt.Fprint(stderr, exitText)
	}
	paths, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, &usageError{err.Error()}
	}
	o := &options{format: *format, output: *output, workers: *workers, config: *configFile, paths: paths, showSuppressed: *showSuppressed, baseline: *baselineFile}
	switch o.format {
	case "text", "sarif", "json", "github":
	default:
		return nil, &usageError{fmt.Sprintf("unknown --format %q (want text, sarif, json or github)", o.format)}
	}
	l, err := lint.ParseLevel(*failOn)
	if err != nil {
		return nil, &usageError{"--fail-on: " + err.Error()}
	}
	o.failOn = l
	if *now != "" {
		t, err := parseTime(*now)
		if err != nil {
			return nil, &usageError{"--now: " + err.Error()}
		}
		o.now = t
	}
	if o.workers < 0 {
		return nil, &usageError{"--workers must not be negative"}
	}
	if len(o.paths) == 0 {
		o.paths = []string{"."}
	}
	return o, nil
}

// parseInterleaved parses args with fs, allowing flags after the
// positional arguments, which it returns in order.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// driverOptions returns the pipeline options the flags ask for.
func (o *options) driverOptions() driver.Options {
	return driver.Options{
		ConfigFile: o.config,
		Rules:      rules.All(),
		LookupRule: rules.LookupID,
		Now:        o.now,
		Workers:    o.workers,
		Baseline:   o.baseline,
	}
}

// parseTime accepts an RFC 3339 date-time or a plain date (midnight UTC).
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t, err = time.Parse(time.DateOnly, s)
	}
	if err == nil {
		// The zero time means "now" inside nclint, so it cannot be
		// asked for; no certificate predates the year 1000 anyway.
		if t.IsZero() || t.UTC().Year() < 1000 {
			return time.Time{}, fmt.Errorf("%q is before the year 1000; give a real reference date (2026-01-31)", s)
		}
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is neither an RFC 3339 date (2026-01-31) nor date-time (2026-01-31T12:00:00Z)", s)
}

// lintAndReport runs the pipeline on the paths and writes one report.
func lintAndReport(o *options, stdout, stderr io.Writer) (int, error) {
	res, err := driver.Run(o.paths, o.driverOptions())
	if err != nil {
		return exitUsage, err
	}
	tree, failures := res.Tree, res.Failures
	// Suppressed findings never fail the run. GitHub treats SARIF results
	// with suppressions as open alerts, so SARIF and GitHub output leave
	// them out; text and JSON list them on request.
	var findings, shown []lint.Finding
	for _, f := range res.Findings {
		if f.Suppression == nil {
			findings = append(findings, f)
			shown = append(shown, f)
		} else if o.showSuppressed && (o.format == "text" || o.format == "json") {
			shown = append(shown, f)
		}
	}

	in := report.Input{
		ToolName:            "nclint",
		ToolVersion:         toolVersion(),
		Rules:               rules.All(),
		Findings:            shown,
		FilesScanned:        tree.FilesScanned,
		Root:                tree.Root,
		ExecutionSuccessful: len(failures) == 0,
	}
	for _, n := range tree.Notices {
		level := lint.LevelError
		if n.Warning {
			level = lint.LevelWarning
		} else {
			in.ExecutionSuccessful = false
		}
		in.Notifications = append(in.Notifications, report.Notification{File: n.File, Message: n.Message, Level: level, Rule: n.Rule})
	}
	for _, f := range failures {
		in.Notifications = append(in.Notifications, report.Notification{Message: f.Message, Level: lint.LevelError})
	}
	if res.BaselineStale > 0 {
		in.Notifications = append(in.Notifications, report.Notification{Level: lint.LevelNote, Message: fmt.Sprintf(
			"%d finding(s) recorded in %s no longer occur; run 'nclint baseline write' to shrink the baseline", res.BaselineStale, o.baseline)})
	}

	write := func(w io.Writer) error {
		switch o.format {
		case "sarif":
			return report.SARIF(w, in)
		case "json":
			return report.JSON(w, in)
		case "github":
			return report.GitHub(w, in, report.GitHubOptions{PathPrefix: workspacePrefix(tree.Root)})
		}
		color := o.output == "" && isStdout(stdout) && report.ColorEnabled(os.Stdout)
		return report.Text(w, in, report.TextOptions{Color: color})
	}
	if o.output != "" {
		if err := report.WriteFileAtomic(o.output, write); err != nil {
			return exitUsage, err // "write FILE: cause"
		}
	} else if err := write(stdout); err != nil {
		return exitUsage, err
	}

	if o.failOn != lint.LevelNone {
		for _, f := range findings {
			if f.Level.Rank() >= o.failOn.Rank() {
				return exitFindings, nil
			}
		}
	}
	if !in.ExecutionSuccessful {
		fmt.Fprintln(stderr, "nclint: some files could not be read; see the report")
		return exitIncomplete, nil
	}
	return exitOK, nil
}

// workspacePrefix returns the project root relative to the GitHub
// workspace ($GITHUB_WORKSPACE, else the working directory), or "" when it
// is that directory or lies outside it.
func workspacePrefix(root string) string {
	wd := os.Getenv("GITHUB_WORKSPACE")
	if wd == "" {
		var err error
		if wd, err = os.Getwd(); err != nil {
			return ""
		}
	}
	rel, err := filepath.Rel(wd, root)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return ""
	}
	return filepath.ToSlash(rel)
}

// baselineCmd runs "nclint baseline write [flags] [PATH...]": it lints like
// a normal run and records the findings in the baseline file (the project
// root's .nclint-baseline.json, or --output).
func baselineCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "write" {
		fmt.Fprintln(stderr, "nclint: usage: nclint baseline write [flags] [PATH...]")
		return exitUsage
	}
	o, err := parseFlags(args[1:], stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "nclint:", err)
		return exitUsage
	}
	opts := o.driverOptions()
	opts.Baseline = "" // record every finding, whatever --baseline says
	res, err := driver.Run(o.paths, opts)
	if err != nil {
		fmt.Fprintln(stderr, "nclint:", err)
		return exitUsage
	}
	if res.Targets != nil {
		fmt.Fprintln(stderr, "nclint: baseline write needs the whole project: give the project root, not files in it")
		return exitUsage
	}
	out := o.output
	if out == "" {
		out = filepath.Join(res.Tree.Root, baseline.FileName)
	}
	b := baseline.New(res.Findings)
	if err := report.WriteFileAtomic(out, func(w io.Writer) error { _, err := w.Write(b.Marshal()); return err }); err != nil {
		fmt.Fprintln(stderr, "nclint:", err) // "write FILE: cause"
		return exitUsage
	}
	n := 0
	for _, e := range b.Findings {
		n += e.Count
	}
	fmt.Fprintf(stdout, "wrote %d finding(s) to %s\n", n, out)
	return exitOK
}

// configCmd runs "nclint config init [--force] [PATH]".
func configCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("nclint config init", flag.ContinueOnError)
	fs.SetOutput(stderr)
	force := fs.Bool("force", false, "overwrite an existing configuration file")
	if len(args) == 0 || args[0] != "init" {
		fmt.Fprintln(stderr, "nclint: usage: nclint config init [--force] [PATH]")
		return exitUsage
	}
	paths, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return exitUsage
	}
	if len(paths) > 1 {
		fmt.Fprintln(stderr, "nclint: config init takes one path")
		return exitUsage
	}
	path := "."
	if len(paths) == 1 {
		path = paths[0]
	}
	root, err := project.FindRoot(path)
	if err != nil {
		fmt.Fprintln(stderr, "nclint:", err)
		return exitUsage
	}
	out := filepath.Join(root, config.FileNames[0])
	if existing := config.Find(root); existing != "" {
		if !*force {
			fmt.Fprintf(stderr, "nclint: %s already exists; use --force to overwrite it\n", existing)
			return exitUsage
		}
		out = existing // overwrite the file nclint reads, not a second one beside it
	}
	if err := report.WriteFileAtomic(out, func(w io.Writer) error { _, err := io.WriteString(w, config.Starter); return err }); err != nil {
		fmt.Fprintln(stderr, "nclint:", err) // "write FILE: cause"
		return exitUsage
	}
	fmt.Fprintln(stdout, "wrote", out)
	return exitOK
}

func isStdout(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && f == os.Stdout
}

func listRules(w io.Writer) int {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tLEVEL\tDESCRIPTION")
	for _, r := range rules.All() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Name, r.Level, r.Short)
	}
	if err := tw.Flush(); err != nil {
		return exitUsage
	}
	return exitOK
}

func explain(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "nclint: usage: nclint explain RULE (an ID like NC901 or a name like invalid-metadata)")
		return exitUsage
	}
	r := rules.Lookup(args[0])
	if r == nil {
		fmt.Fprintf(stderr, "nclint: unknown rule %q; 'nclint rules' lists them\n", args[0])
		return exitUsage
	}
	fmt.Fprintf(stdout, "%s %s (default level: %s)\n\n%s.\n\n%s\n\n%s\n", r.ID, r.Name, r.Level, r.Short, r.Full, strings.TrimSpace(r.Help))
	return exitOK
}
