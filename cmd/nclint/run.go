package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/nclint/nclint/internal/baseline"
	"github.com/nclint/nclint/internal/config"
	"github.com/nclint/nclint/internal/driver"
	"github.com/nclint/nclint/internal/gitrev"
	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/project"
	"github.com/nclint/nclint/internal/report"
	"github.com/nclint/nclint/internal/rules"
	"github.com/nclint/nclint/internal/suggest"
)

// Exit codes.
const (
	exitOK         = 0 // no finding at or above --fail-on
	exitFindings   = 1 // findings at or above --fail-on
	exitUsage      = 2 // usage or configuration error
	exitIncomplete = 3 // some files could not be read
)

const usageText = `nclint lints Salesforce credential metadata (named credentials, external
credentials, permission sets, certificates and their callers) before deploy.

Usage:
  nclint [flags] [PATH...]       lint the project containing each PATH (default .); with
                                 files or subdirectories, report only findings touching them
  nclint rules [--format json]   list the rules
  nclint explain RULE            print a rule's documentation (ID or name)
  nclint baseline write [PATH]   record the current findings in .nclint-baseline.json
  nclint config init [PATH]      write a commented starter .nclint.yml at the project root
  nclint access NAME [PATH]      who can call a named credential, endpoint, ... and how
  nclint access --diff REV [PATH]  what changed in who can call what since git revision REV
  nclint graph [PATH]            the credential graph (Mermaid, DOT or JSON)
  nclint inventory [PATH]        one row per named credential (CSV, JSON or Markdown)
  nclint checklist [PATH]        manual steps after deploying to a new org (Markdown)
  nclint lsp                     language server for editors (LSP over stdio)
  nclint version                 print the version (also --version, -v)
  nclint COMMAND --help          a subcommand's usage and flags

Examples:
  nclint --new-from-rev HEAD .                        only findings not in the last commit
  nclint --output sarif=nclint.sarif --output text=- .   two reports from one run

Flags (one dash or two: -format and --format are the same):
`

const exitText = `
Exit codes:
  0  no finding at or above --fail-on
  1  findings at or above --fail-on
  2  usage or configuration error (unknown flag, missing path, no Salesforce metadata under the path,
     bad sfdx-project.json or .nclint.yml, --new-from-rev outside git or with an unknown revision)
  3  some files could not be read (and no finding reached --fail-on)
  130, 143  stopped by SIGINT or SIGTERM (no temporary file or directory left behind)
`

// options are the parsed command-line flags.
type options struct {
	format string
	output string
	// extra are the reports asked for with --output FORMAT=FILE.
	extra []outputSpec
	// color is auto, always or never.
	color string
	// newFromRev keeps only findings that do not occur at this git revision.
	newFromRev string
	// noInline ignores (and reports) inline nclint-ignore comments.
	noInline bool
	failOn   lint.Level
	now      time.Time
	workers  int
	config   string
	paths    []string
	// showSuppressed lists suppressed findings (text and json).
	showSuppressed bool
	baseline       string
	// noCache turns the parse cache off.
	noCache bool
}

// usageError is a command-line mistake: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "rules":
			return listRules(args[1:], stdout, stderr)
		case "explain":
			return explain(args[1:], stdout, stderr)
		case "baseline":
			return baselineCmd(args[1:], stdout, stderr)
		case "config":
			return configCmd(args[1:], stdout, stderr)
		case "access":
			return accessCmd(args[1:], stdout, stderr)
		case "graph":
			return graphCmd(args[1:], stdout, stderr)
		case "inventory":
			return inventoryCmd(args[1:], stdout, stderr)
		case "checklist":
			return checklistCmd(args[1:], stdout, stderr)
		case "lsp":
			return lspCmd(args[1:], stdout, stderr)
		case "version":
			return versionCmd(args[1:], stdout, stderr)
		case "help":
			args = []string{"--help"}
		default:
			if msg := unknownCommand(args[0]); msg != "" {
				fmt.Fprintln(stderr, "nclint:", msg)
				return exitUsage
			}
		}
	}
	opts, err := parseFlags(args, stdout)
	if errors.Is(err, flag.ErrHelp) { // --help, -h: the usage is printed
		return exitOK
	}
	if errors.Is(err, errVersion) {
		fmt.Fprintln(stdout, "nclint", toolVersion())
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "nclint:", err)
		return exitUsage
	}
	code, err := lintAndReport(opts, stdout, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "nclint:", err)
		return exitUsage
	}
	return code
}

// errVersion is returned by parseFlags for --version.
var errVersion = errors.New("version requested")

// formats are the report formats.
var formats = []string{"text", "sarif", "json", "github", "markdown"}

// outputSpec is one report: a format written to a file ("" or "-" for
// standard output).
type outputSpec struct{ format, file string }

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ", ") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// parseFlags parses flags and paths; flags may come after paths. --help
// prints the usage on stdout and returns flag.ErrHelp; an unknown flag is
// one line naming the nearest valid one.
func parseFlags(args []string, stdout io.Writer) (*options, error) {
	return parseLintFlags("nclint", usageText, exitText, args, stdout)
}

// parseLintFlags is parseFlags for the command name ("nclint", "nclint
// baseline write"), whose --help prints usage, the flags and tail.
func parseLintFlags(name, usage, tail string, args []string, stdout io.Writer) (*options, error) {
	fs := newFlagSet(name) // errors are reported by the caller, in one line
	var format, outputFile, configFile string
	var outputs stringList
	fs.StringVar(&format, "format", "text", "output `format`: text, sarif, json, github (GitHub Actions annotations) or markdown (a job summary)")
	fs.StringVar(&format, "f", "text", "short for --format `format`")
	fs.Var(&outputs, "output", "write the report to `FILE` (atomically) instead of standard output; FORMAT=FILE (repeatable) writes one more report in that format, - for standard output")
	fs.Var(&outputs, "o", "short for --output `FILE`")
	fs.StringVar(&configFile, "config", "", "read the configuration from `FILE` (default: .nclint.yml at the project root)")
	fs.StringVar(&configFile, "c", "", "short for --config `FILE`")
	showSuppressed := fs.Bool("show-suppressed", false, "list suppressed findings too (text and json)")
	failOn := fs.String("fail-on", "warning", "exit 1 when a finding has this `level` or above: error, warning, note or none")
	now := fs.String("now", "", "reference `time` for certificate expiry checks, RFC 3339 date or date-time (default: now)")
	baselineFile := fs.String("baseline", "", "silence the findings recorded in baseline `FILE` (see 'nclint baseline write')")
	workers := fs.Int("workers", 0, "number of files parsed and directories read in parallel (default: number of CPUs)")
	color := fs.String("color", "auto", "colour the text report: `when` is auto (a terminal, and NO_COLOR unset), always or never")
	newFromRev := fs.String("new-from-rev", "", "report only findings that do not occur in the project at git revision `REV` (HEAD: what the uncommitted changes add)")
	noInline := fs.Bool("no-inline-suppressions", false, "ignore nclint-ignore comments, and report each one (strict CI)")
	noCache := fs.Bool("no-cache", false, "neither read nor write the parse cache (kept in $NCLINT_CACHE_DIR, else nclint/ in the user cache directory: "+cacheHelp()+")")
	showVersion := fs.Bool("version", false, "print the version and exit")
	fs.BoolVar(showVersion, "v", false, "short for --version")
	paths, err := parseCommand(fs, usage, tail, args, stdout)
	if err != nil {
		return nil, err
	}
	if *showVersion {
		return nil, errVersion
	}
	if name == "nclint" {
		if msg := misplacedCommand(fs, args); msg != "" {
			return nil, &usageError{msg}
		}
	}
	o := &options{format: format, workers: *workers, config: configFile, paths: paths, showSuppressed: *showSuppressed,
		baseline: *baselineFile, color: *color, newFromRev: *newFromRev, noInline: *noInline, noCache: *noCache}
	if !slices.Contains(formats, o.format) {
		return nil, &usageError{fmt.Sprintf("unknown --format %q (want text, sarif, json, github or markdown)", o.format)}
	}
	switch o.color {
	case "auto", "always", "never":
	default:
		return nil, &usageError{fmt.Sprintf("unknown --color %q (want auto, always or never)", o.color)}
	}
	explicitFormat := false
	fs.Visit(func(f *flag.Flag) { explicitFormat = explicitFormat || f.Name == "format" || f.Name == "f" })
	for _, v := range outputs {
		given, file, ok := strings.Cut(v, "=")
		name := strings.ToLower(given) // SARIF=x.sarif
		if ok && !slices.Contains(formats, name) && !strings.ContainsAny(name, `/\`) {
			// sarfi=nclint.sarif is a typo far more often than a file name.
			if best := nearest(name, formats, false); suggest.EditDistance(name, best) <= 2 {
				return nil, &usageError{fmt.Sprintf("unknown format %s in --output; did you mean %s? (write ./%s for a file whose name contains =)", given, best, v)}
			}
		}
		if ok && slices.Contains(formats, name) {
			if file == "" {
				return nil, &usageError{fmt.Sprintf("--output %s: no file after %s= (use - for standard output)", v, name)}
			}
			o.extra = append(o.extra, outputSpec{name, file})
			continue
		}
		if outputFile != "" {
			return nil, &usageError{fmt.Sprintf("--output given twice (%s and %s); write FORMAT=FILE for several reports", outputFile, v)}
		}
		outputFile = v // a plain file name (even with "=" in it)
	}
	o.output = outputFile
	if len(o.extra) > 0 && outputFile == "" && explicitFormat {
		o.extra = append([]outputSpec{{o.format, "-"}}, o.extra...)
	} else if len(o.extra) == 0 || outputFile != "" {
		o.extra = append([]outputSpec{{o.format, outputFile}}, o.extra...)
	}
	stdouts, files := 0, map[string]bool{}
	for _, e := range o.extra {
		if e.file == "" || e.file == "-" {
			stdouts++
			continue
		}
		if files[e.file] {
			return nil, &usageError{fmt.Sprintf("--output: %s is written twice", e.file)}
		}
		files[e.file] = true
	}
	if stdouts > 1 {
		return nil, &usageError{"--output: only one report can go to standard output"}
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

// flagError turns a flag package error into one line; an unknown flag
// names the nearest valid one.
func flagError(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	name, ok := strings.CutPrefix(msg, "flag provided but not defined: ")
	if !ok {
		return msg
	}
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	bare := strings.TrimLeft(name, "-")
	dash := func(n string) string {
		if len(n) == 1 {
			return "-" + n
		}
		return "--" + n
	}
	if len(names) == 0 {
		return fmt.Sprintf("unknown flag %s: %s takes no flags", dash(bare), fs.Name())
	}
	return fmt.Sprintf("unknown flag %s; did you mean %s? (%s --help lists the flags)", dash(bare), dash(nearest(bare, names, false)), fs.Name())
}

// commands are the subcommands.
var commands = []string{"rules", "explain", "baseline", "config", "access", "graph", "inventory", "checklist", "lsp", "version", "help"}

// unknownCommand returns an error message when arg, the first argument,
// looks like a mistyped subcommand rather than a path: it is no flag, no
// file or directory of that name exists, and it is a bare word.
func unknownCommand(arg string) string {
	if arg == "" || strings.HasPrefix(arg, "-") || strings.ContainsAny(arg, `/\.:~`) {
		return ""
	}
	if _, err := os.Lstat(arg); err == nil {
		return ""
	}
	switch strings.ToLower(arg) {
	case "lint", "run", "check": // the sf plugin's command is "sf nclint run"
		return fmt.Sprintf("unknown command %q: nclint lints a path directly: nclint . (no file or directory %q exists either)", arg, arg)
	}
	best := nearest(arg, commands, true)
	if best == "" {
		return fmt.Sprintf("unknown command or path %q: no such file or directory, and not a command (%s)", arg, strings.Join(commands, ", "))
	}
	return fmt.Sprintf("unknown command %q; did you mean %q? (no file or directory of that name exists either)", arg, best)
}

// misplacedCommand returns an error message when the first positional
// argument of args (parsed by fs, the lint command's flags) is a
// subcommand name and no file or directory of that name exists: the flags
// were written before the subcommand ("nclint --now 2026-06-01 checklist
// ."), and the message gives the command line with the subcommand first.
func misplacedCommand(fs *flag.FlagSet, args []string) string {
	i := firstPositional(fs, args)
	if i < 0 || !slices.Contains(commands, args[i]) {
		return ""
	}
	if _, err := os.Lstat(args[i]); err == nil {
		return ""
	}
	line := []string{"nclint", args[i]}
	for j, a := range args {
		if j != i {
			line = append(line, shellQuote(a))
		}
	}
	return fmt.Sprintf("flags go after the subcommand: %s (%q is a command, and no file or directory of that name exists)",
		strings.Join(line, " "), args[i])
}

// firstPositional returns the index in args of the first argument that is
// not a flag or a flag's value, as fs parses them, or -1.
func firstPositional(fs *flag.FlagSet, args []string) int {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			if i+1 < len(args) {
				return i + 1
			}
			return -1
		}
		if len(a) < 2 || a[0] != '-' {
			return i
		}
		name := strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		if strings.Contains(name, "=") {
			continue
		}
		f := fs.Lookup(name)
		if f == nil {
			return -1
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			continue
		}
		i++ // the flag's value
	}
	return -1
}

// shellQuote quotes s for a POSIX shell when it holds anything but
// letters, digits and -_./=:,@+%.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,@+%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// nearest returns the candidate closest to s by edit distance (ties: the
// first in sort order). With plausible set, a candidate further than a
// plausible typo (more than 2 edits, or a third of its length) gives "".
func nearest(s string, candidates []string, plausible bool) string {
	best, bestD := "", 0
	for _, c := range candidates {
		d := suggest.EditDistance(strings.ToLower(s), strings.ToLower(c))
		if best == "" || d < bestD || d == bestD && c < best {
			best, bestD = c, d
		}
	}
	if plausible && bestD > max(2, len(best)/3) {
		return ""
	}
	return best
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
		NewFromRev: o.newFromRev,
		// NC004 reports every comment
		NoInlineSuppressions: o.noInline,
		CacheDir:             cacheDir(o.noCache, os.Getenv),
	}
}

// cacheHelp names the parse cache's directory for --help.
func cacheHelp() string {
	if d := cacheDir(false, os.Getenv); d != "" {
		return "here " + d
	}
	return "none here"
}

// cacheDir is the directory of the parse cache (internal/parse, cache.go):
// "" (no cache) with --no-cache, else $NCLINT_CACHE_DIR, else nclint/ in
// the user cache directory ($XDG_CACHE_HOME or ~/.cache on Linux,
// ~/Library/Caches on macOS), or "" when there is none (no home
// directory): the run then parses every file, as with --no-cache.
func cacheDir(noCache bool, getenv func(string) string) string {
	if noCache {
		return ""
	}
	if d := getenv("NCLINT_CACHE_DIR"); d != "" {
		return d
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "nclint")
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
	if err := checkPaths(o.paths); err != nil {
		return exitUsage, err
	}
	res, err := driver.Run(o.paths, o.driverOptions())
	if err != nil {
		return exitUsage, err
	}
	if err := noMetadata(res, o.paths); err != nil {
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
		} else if o.showSuppressed {
			shown = append(shown, f)
		}
	}

	in := report.Input{
		ToolName:            "nclint",
		ToolVersion:         toolVersion(),
		Rules:               rules.All(),
		Findings:            findings,
		FilesScanned:        tree.FilesScanned,
		Root:                tree.Root,
		ExecutionSuccessful: len(failures) == 0,
		AtRevision:          res.AtRevision,
		Revision:            o.newFromRev,
		OutsideTargets:      res.OutsideTargets,
	}
	for _, f := range res.Findings {
		if f.Suppression != nil && f.Suppression.Kind == "baseline" {
			in.Baselined++
		}
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

	for _, spec := range o.extra {
		if spec.format != "sarif" {
			continue
		}
		in.RepoRoot = repositoryRoot(tree.Root)
		if n := len(findings); n > report.SARIFResultLimit {
			fmt.Fprintln(stderr, "nclint: warning:", report.CapNotice(n-report.SARIFResultLimit))
		}
		break
	}
	for _, spec := range o.extra {
		in := in
		if spec.format == "text" || spec.format == "json" {
			in.Findings = shown // with the suppressed ones on request
		}
		if err := writeReport(spec, o, in, tree.Root, stdout); err != nil {
			return exitUsage, err
		}
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

// writeReport writes one report: format spec.format to spec.file
// (atomically), or to stdout when the file is "" or "-".
func writeReport(spec outputSpec, o *options, in report.Input, root string, stdout io.Writer) error {
	toStdout := spec.file == "" || spec.file == "-"
	write := func(w io.Writer) error {
		switch spec.format {
		case "sarif":
			return report.SARIF(w, in)
		case "json":
			return report.JSON(w, in)
		case "github":
			return report.GitHub(w, in, report.GitHubOptions{PathPrefix: workspacePrefix(root)})
		case "markdown":
			return report.Markdown(w, in, report.MarkdownOptions{PathPrefix: workspacePrefix(root)})
		}
		color := o.color == "always" || o.color == "auto" && toStdout && isStdout(stdout) && report.ColorEnabled(os.Stdout)
		return report.Text(w, in, report.TextOptions{Color: color})
	}
	if toStdout {
		return write(stdout)
	}
	return report.WriteFileAtomic(spec.file, write) // "write FILE: cause"
}

// repositoryRoot returns the directory SARIF URIs are relative to when
// the project root is below it: git's top level of the project, or, only
// where git is unavailable (not installed, or refusing the repository),
// $GITHUB_WORKSPACE when it contains the project. Outside git it is "": the
// URIs stay relative to the project root.
func repositoryRoot(root string) string {
	if root == "" {
		return ""
	}
	top, err := gitrev.TopLevel(context.Background(), root)
	if errors.Is(err, gitrev.ErrNotRepository) {
		return ""
	}
	if err != nil {
		top = os.Getenv("GITHUB_WORKSPACE")
		if top == "" {
			return ""
		}
	}
	// git resolves symbolic links in the top level (/tmp may be
	// /private/tmp): express it as an ancestor of root as given.
	realTop, err1 := filepath.EvalSymlinks(top)
	realRoot, err2 := filepath.EvalSymlinks(root)
	if err1 != nil || err2 != nil {
		return ""
	}
	rel, err := filepath.Rel(realTop, realRoot)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return ""
	}
	up := root
	if rel != "." {
		for range strings.Split(rel, string(filepath.Separator)) {
			up = filepath.Dir(up)
		}
	}
	return up
}

// noMetadata returns an error when the run found no Salesforce metadata at
// all under the paths: no sfdx-project.json, no package.xml and no file
// nclint reads, which is most often a mistyped path.
func noMetadata(res *driver.Result, paths []string) error {
	p := res.Project
	if p == nil || len(p.Files) > 0 || p.Settings.ProjectFile != "" || isRegular(filepath.Join(p.Root, project.PackageManifest)) {
		return nil
	}
	return fmt.Errorf("no Salesforce metadata found under %s (no %s, no %s and no file nclint reads)",
		strings.Join(paths, ", "), project.ProjectFileName, project.PackageManifest)
}

func isRegular(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
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
	switch {
	case len(args) == 0:
		fmt.Fprintln(stderr, "nclint: usage: nclint baseline write [flags] [PATH...]")
		return exitUsage
	case isHelp(args[0]):
		fmt.Fprint(stdout, baselineUsage)
		return exitOK
	case args[0] != "write":
		fmt.Fprintln(stderr, "nclint:", unknownWord("nclint baseline", args[0], []string{"write"}))
		return exitUsage
	}
	o, err := parseLintFlags("nclint baseline write", baselineWriteUsage, "", args[1:], stdout)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if errors.Is(err, errVersion) {
		fmt.Fprintln(stdout, "nclint", toolVersion())
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "nclint:", err)
		return exitUsage
	}
	opts := o.driverOptions()
	opts.Baseline = ""   // record every finding, whatever --baseline says
	opts.NewFromRev = "" // and --new-from-rev
	if err := checkPaths(o.paths); err != nil {
		fmt.Fprintln(stderr, "nclint:", err)
		return exitUsage
	}
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
	fmt.Fprintf(stdout, "wrote %d finding(s) to %s; lint with --baseline %s to silence them\n", n, out, out)
	return exitOK
}

const baselineUsage = `usage: nclint baseline write [flags] [PATH...]

  write  lint like 'nclint [flags] [PATH...]' and record every finding in
         .nclint-baseline.json at the project root (or --output FILE);
         'nclint --baseline FILE' then reports only the others.
         'nclint baseline write --help' lists the flags.
`

const baselineWriteUsage = `usage: nclint baseline write [flags] [PATH...]

Lints the project like 'nclint [flags] [PATH...]' and records every finding
(whatever --baseline and --new-from-rev say) in .nclint-baseline.json at the
project root, or in --output FILE.

Flags:
`

const configUsage = `usage: nclint config init [--force] [PATH]

  init  write a commented starter .nclint.yml at the root of the project
        containing PATH (default .); 'nclint config init --help' lists the flags.
`

const configInitUsage = `usage: nclint config init [--force] [PATH]

Writes a commented starter .nclint.yml at the root of the project containing
PATH (default .).
`

// configCmd runs "nclint config init [--force] [PATH]".
func configCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("nclint config init")
	force := fs.Bool("force", false, "overwrite an existing configuration file")
	switch {
	case len(args) == 0:
		fmt.Fprintln(stderr, "nclint: usage: nclint config init [--force] [PATH]")
		return exitUsage
	case isHelp(args[0]):
		fmt.Fprint(stdout, configUsage)
		return exitOK
	case args[0] != "init":
		fmt.Fprintln(stderr, "nclint:", unknownWord("nclint config", args[0], []string{"init"}))
		return exitUsage
	}
	paths, err := parseCommand(fs, configInitUsage, "", args[1:], stdout)
	if err != nil {
		return commandExit(err, stderr)
	}
	if len(paths) > 1 {
		fmt.Fprintln(stderr, "nclint: config init takes one path")
		return exitUsage
	}
	path := "."
	if len(paths) == 1 {
		path = paths[0]
	}
	if err := checkPaths([]string{path}); err != nil {
		fmt.Fprintln(stderr, "nclint:", err)
		return exitUsage
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

const rulesUsage = `usage: nclint rules [--format text|json]

Lists the rules: ID, name, default level and description. The default level
(DEFAULT; "level" in JSON) is the level a finding gets unless the rule lowers
it for the case (an expired certificate nothing uses is a warning, not an
error): 'nclint explain RULE' says when. A level set for the rule under
rules: in .nclint.yml replaces it for every finding of the rule.
`

// listRules runs "nclint rules [--format text|json]".
func listRules(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("nclint rules")
	var format string
	fs.StringVar(&format, "format", "text", "output `format`: text or json")
	fs.StringVar(&format, "f", "text", "short for --format")
	pos, err := parseCommand(fs, rulesUsage, "", args, stdout)
	if err != nil {
		return commandExit(err, stderr)
	}
	if len(pos) > 0 {
		fmt.Fprintln(stderr, "nclint: usage: nclint rules [--format text|json] ('nclint explain RULE' documents one rule)")
		return exitUsage
	}
	switch format {
	case "json":
		type ruleJSON struct {
			ID               string   `json:"id"`
			Name             string   `json:"name"`
			Level            string   `json:"level"`
			Short            string   `json:"short"`
			Tags             []string `json:"tags"`
			Precision        string   `json:"precision,omitempty"`
			SecuritySeverity string   `json:"securitySeverity,omitempty"`
			HelpURI          string   `json:"helpUri"`
		}
		out := []ruleJSON{}
		for _, r := range rules.All() {
			out = append(out, ruleJSON{ID: r.ID, Name: r.Name, Level: string(r.Level), Short: r.Short, Tags: append([]string{}, r.Tags...),
				Precision: r.Precision, SecuritySeverity: r.SecuritySeverity, HelpURI: report.RuleHelpURI(toolVersion(), r.ID)})
		}
		data, err := json.MarshalIndent(out, "", "  ")
		if err != nil {
			return exitUsage
		}
		if _, err := fmt.Fprintf(stdout, "%s\n", data); err != nil {
			return exitUsage
		}
		return exitOK
	case "text":
	default:
		fmt.Fprintf(stderr, "nclint: rules: unknown --format %q (want text or json)\n", format)
		return exitUsage
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tDEFAULT\tDESCRIPTION")
	for _, r := range rules.All() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Name, r.Level, r.Short)
	}
	if err := tw.Flush(); err != nil {
		return exitUsage
	}
	return exitOK
}

const explainUsage = `usage: nclint explain RULE

Prints the documentation of RULE, an ID like NC901 or a name like
invalid-metadata ('nclint rules' lists them).
`

// ruleHint is "did you mean principal-not-granted (NC101)? " for a rule
// ID or name close to arg (the one most likely meant, else up to three of
// the nearest), or "".
func ruleHint(arg string) string {
	var names []string
	byName := map[string]*lint.Rule{}
	for _, r := range rules.All() {
		names = append(names, r.ID, r.Name)
		byName[r.ID], byName[r.Name] = r, r
	}
	near := suggest.Nearest(arg, names, 3)
	if best := suggest.Best(arg, names); best != "" {
		near = []string{best}
	}
	var hints []string
	seen := map[*lint.Rule]bool{}
	for _, n := range near {
		r := byName[n]
		if seen[r] {
			continue
		}
		seen[r] = true
		if n == r.ID {
			hints = append(hints, r.ID+" ("+r.Name+")")
		} else {
			hints = append(hints, r.Name+" ("+r.ID+")")
		}
	}
	switch len(hints) {
	case 0:
		return ""
	case 1:
		return "did you mean " + hints[0] + "? "
	}
	return "did you mean " + strings.Join(hints[:len(hints)-1], ", ") + " or " + hints[len(hints)-1] + "? "
}

// explain runs "nclint explain RULE": the rule's documentation rendered
// for a terminal (bold headings when standard output is a colour
// terminal), ending with the URL of its documentation page.
func explain(args []string, stdout, stderr io.Writer) int {
	args, err := parseCommand(newFlagSet("nclint explain"), explainUsage, "", args, stdout)
	if err != nil {
		return commandExit(err, stderr)
	}
	if len(args) != 1 {
		fmt.Fprintln(stderr, "nclint: usage: nclint explain RULE (an ID like NC901 or a name like invalid-metadata)")
		return exitUsage
	}
	r := rules.Lookup(args[0])
	if r == nil {
		fmt.Fprintf(stderr, "nclint: unknown rule %q; %s'nclint rules' lists them\n", args[0], ruleHint(args[0]))
		return exitUsage
	}
	color := isStdout(stdout) && report.ColorEnabled(os.Stdout)
	title := fmt.Sprintf("%s %s (default level: %s)", r.ID, r.Name, r.Level)
	if color {
		title = "\x1b[1m" + title + "\x1b[0m"
	}
	fmt.Fprintf(stdout, "%s\n\n%s.\n\n%s\n\n%s\n\nDocumentation: %s\n", title, r.Short, r.Full,
		report.TerminalText(strings.TrimSpace(r.Help), color), report.RuleHelpURI(toolVersion(), r.ID))
	return exitOK
}
