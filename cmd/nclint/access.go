package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/nclint/nclint/internal/access"
	"github.com/nclint/nclint/internal/driver"
	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/render"
	"github.com/nclint/nclint/internal/rules"
)

const accessUsage = `usage: nclint access [--format text|json|markdown] [--config FILE] NAME [PATH]
       nclint access --diff REV [--format text|json|markdown] [--config FILE] [PATH]

NAME is a named credential, external credential, principal (EC-Principal),
permission set, permission set group, Apex class or endpoint host; prefix it
with nc:, ec:, principal:, ps:, psg:, class: or host: to pick one kind.

--diff REV prints what changed in who can call what between git revision REV
(read from the object store: no checkout, no network) and the working tree:
grants added and removed, endpoints added, removed or changed, callers added,
principals switched between named and per-user. --format markdown is written
for a pull-request summary and draws the changed part of the graph.
`

// queryFlags are the flags every query subcommand takes.
type queryFlags struct {
	fs     *flag.FlagSet
	format *string
	config *string
	// noCache turns the parse cache off.
	noCache *bool
	usage   string
	// stdout receives --help; stderr the usage after a wrong argument count.
	stdout, stderr io.Writer
}

func newQueryFlags(name, usage, formatHelp, defaultFormat string, stdout, stderr io.Writer) *queryFlags {
	fs := newFlagSet("nclint " + name)
	q := &queryFlags{fs: fs,
		format:  fs.String("format", defaultFormat, formatHelp),
		config:  fs.String("config", "", "read the configuration from `FILE` (default: .nclint.yml at the project root)"),
		noCache: fs.Bool("no-cache", false, "neither read nor write the parse cache (see nclint --help)"),
		stdout:  stdout, stderr: stderr,
	}
	q.usage = usage
	return q
}

// parse parses args (flags may follow positional arguments) and checks
// the format and the number of positional arguments.
func (q *queryFlags) parse(args []string, formats []string, minPos, maxPos int) ([]string, error) {
	pos, err := parseCommand(q.fs, q.usage, "", args, q.stdout)
	if err != nil {
		return nil, err
	}
	ok := false
	for _, f := range formats {
		ok = ok || f == *q.format
	}
	if !ok {
		return nil, fmt.Errorf("unknown --format %q (want %s)", *q.format, joinOr(formats))
	}
	if len(pos) < minPos || len(pos) > maxPos {
		printUsage(q.fs, q.usage, "", q.stderr)
		return nil, errors.New("wrong number of arguments")
	}
	return pos, nil
}

func joinOr(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	out := s[0]
	for _, x := range s[1 : len(s)-1] {
		out += ", " + x
	}
	return out + " or " + s[len(s)-1]
}

// loadIndex reads and lints the project containing path (the rules'
// findings become the problems of the paths) and computes its access
// index on the graph the rules ran on. The tree's notices go to stderr as
// lint prints them; incomplete is set when a file could not be read, and
// the command then exits with exitIncomplete, as lint does.
func loadIndex(path string, q *queryFlags, now time.Time, stderr io.Writer) (ix *access.Index, incomplete bool, err error) {
	if err := checkPaths([]string{path}); err != nil {
		return nil, false, err
	}
	res, err := driver.Run([]string{path}, driver.Options{ConfigFile: *q.config, LookupRule: rules.LookupID, Rules: rules.All(), Now: now,
		CacheDir: cacheDir(*q.noCache, os.Getenv)})
	if err != nil {
		return nil, false, err
	}
	incomplete = printNotices(res.Tree.Notices, stderr)
	return access.NewWith(res.Graph, &res.Config.Settings, access.Options{Findings: res.Findings, Now: now}), incomplete, nil
}

// printNotices writes the notices about the run (not the rules' skip
// notices, which are about findings a query does not print) and reports
// whether one says a file could not be read.
func printNotices(notices []model.Notice, stderr io.Writer) (incomplete bool) {
	for _, n := range notices {
		if n.Rule != "" {
			continue
		}
		level := "notice"
		if !n.Warning {
			level, incomplete = "error", true
		}
		where := "nclint"
		if n.File != "" {
			where = n.File
		}
		fmt.Fprintf(stderr, "%s: %s: %s\n", where, level, n.Message)
	}
	if incomplete {
		fmt.Fprintln(stderr, "nclint: some files could not be read; the answer is incomplete")
	}
	return incomplete
}

// nowFlag adds --now, as lint has it, to a query's flags.
func nowFlag(q *queryFlags) *string {
	return q.fs.String("now", "", "reference `time` for certificate expiry, RFC 3339 date or date-time (default: now)")
}

// parseNow parses the --now value ("" is the zero time: now).
func parseNow(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := parseTime(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--now: %w", err)
	}
	return t, nil
}

// queryDone is the exit code of a query that printed its answer.
func queryDone(incomplete bool) int {
	if incomplete {
		return exitIncomplete
	}
	return exitOK
}

// queryExit reports a query error: flag.ErrHelp is exit 0, anything else
// a usage error.
func queryExit(err error, stderr io.Writer) int { return commandExit(err, stderr) }

// accessCmd runs "nclint access NAME [PATH]" and "nclint access --diff REV [PATH]".
func accessCmd(args []string, stdout, stderr io.Writer) int {
	q := newQueryFlags("access", accessUsage, "output `format`: text, json or markdown", "text", stdout, stderr)
	rev := q.fs.String("diff", "", "print the change in who can call what since git revision `REV`")
	nowArg := nowFlag(q)
	pos, err := q.parse(args, []string{"text", "json", "markdown"}, 0, 2)
	if err != nil {
		return queryExit(err, stderr)
	}
	now, err := parseNow(*nowArg)
	if err != nil {
		return queryExit(err, stderr)
	}
	if diffGiven(q) {
		if len(pos) > 1 {
			printUsage(q.fs, q.usage, "", q.stderr)
			return queryExit(errors.New("wrong number of arguments: --diff REV takes at most a PATH"), stderr)
		}
		if len(pos) == 1 && checkPaths(pos) != nil {
			return queryExit(fmt.Errorf("%s: no such file or directory; access --diff REV takes a PATH, not a NAME (NAME and --diff do not combine)", pos[0]), stderr)
		}
		return accessDiffCmd(*rev, pos, q, now, stdout, stderr)
	}
	if len(pos) == 0 {
		printUsage(q.fs, q.usage, "", q.stderr)
		return queryExit(errors.New("wrong number of arguments"), stderr)
	}
	path := "."
	if len(pos) == 2 {
		path = pos[1]
	}
	ix, incomplete, err := loadIndex(path, q, now, stderr)
	if err != nil {
		return queryExit(err, stderr)
	}
	answers, err := ix.Query(pos[0])
	if err != nil {
		return queryExit(err, stderr)
	}
	switch *q.format {
	case "json":
		err = render.JSON(stdout, struct {
			Version int             `json:"version"`
			Query   string          `json:"query"`
			Answers []access.Answer `json:"answers"`
		}{1, pos[0], answers})
	case "markdown":
		err = render.AccessMarkdown(stdout, answers)
	default:
		err = render.AccessText(stdout, answers)
	}
	if err != nil {
		return queryExit(err, stderr)
	}
	return queryDone(incomplete)
}

// diffGiven reports whether --diff was given (even as --diff "").
func diffGiven(q *queryFlags) bool {
	given := false
	q.fs.Visit(func(f *flag.Flag) { given = given || f.Name == "diff" })
	return given
}

// accessDiffCmd runs "nclint access --diff REV [PATH]": the project in the
// working tree against the same project at REV, read with the driver's
// revision reader (internal/gitrev), with the current configuration.
func accessDiffCmd(rev string, pos []string, q *queryFlags, now time.Time, stdout, stderr io.Writer) int {
	format, configFile := *q.format, *q.config
	path := "."
	if len(pos) == 1 {
		path = pos[0]
	}
	if st, err := os.Stat(path); err == nil && !st.IsDir() {
		path = filepath.Dir(path) // a file names the project it is in
	}
	opts := driver.Options{ConfigFile: configFile, LookupRule: rules.LookupID, Rules: rules.All(), Now: now,
		CacheDir: cacheDir(*q.noCache, os.Getenv)}
	res, err := driver.Run([]string{path}, opts)
	if err != nil {
		return queryExit(err, stderr)
	}
	if res.Project == nil {
		return queryExit(fmt.Errorf("%s: not in an SFDX project or Metadata API tree", path), stderr)
	}
	incomplete := printNotices(res.Tree.Notices, stderr)
	after := access.NewWith(res.Graph, &res.Config.Settings, access.Options{Findings: res.Findings, Now: now})
	at, err := driver.AtRevision(context.Background(), "--diff", res.Project.Root, rev, res.Config.File,
		driver.Options{LookupRule: rules.LookupID, Rules: rules.All(), Now: now})
	var unreadable *driver.RevisionProjectError
	if err != nil && !errors.As(err, &unreadable) {
		return queryExit(err, stderr)
	}
	var before *access.Index
	var notes []string
	if at.Result != nil {
		before = access.NewWith(at.Result.Graph, &at.Result.Config.Settings, access.Options{Findings: at.Result.Findings, Now: now})
	}
	if unreadable != nil {
		notes = append(notes, fmt.Sprintf("the project could not be read at %s (%s), so everything counts as added", rev, unreadable.Msg))
	}
	for _, s := range at.Skipped {
		notes = append(notes, fmt.Sprintf("%s: at %s, skipped: %s (not compared)", s.Path, rev, s.Reason))
	}
	slices.Sort(notes)
	d := access.Compare(before, after, rev, at.Commit)
	d.Notes = notes
	switch format {
	case "json":
		err = render.JSON(stdout, d)
	case "markdown":
		picture := access.ChangedPart(before, after)
		err = render.DiffMarkdown(stdout, d, &picture)
	default:
		err = render.DiffText(stdout, d)
	}
	if err != nil {
		return queryExit(err, stderr)
	}
	return queryDone(incomplete)
}
