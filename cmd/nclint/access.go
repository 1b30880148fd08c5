package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/nclint/nclint/internal/access"
	"github.com/nclint/nclint/internal/driver"
	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/render"
	"github.com/nclint/nclint/internal/rules"
)

const accessUsage = `usage: nclint access [--format text|json|markdown] [--config FILE] NAME [PATH]

NAME is a named credential, external credential, principal (EC-Principal),
permission set, permission set group, Apex class or endpoint host; prefix it
with nc:, ec:, principal:, ps:, psg:, class: or host: to pick one kind.
`

// queryFlags are the flags every query subcommand takes.
type queryFlags struct {
	fs     *flag.FlagSet
	format *string
	config *string
}

func newQueryFlags(name, usage, formatHelp, defaultFormat string, stderr io.Writer) *queryFlags {
	fs := flag.NewFlagSet("nclint "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	q := &queryFlags{fs: fs,
		format: fs.String("format", defaultFormat, formatHelp),
		config: fs.String("config", "", "read the configuration from `FILE` (default: .nclint.yml at the project root)"),
	}
	fs.Usage = func() {
		fmt.Fprint(stderr, usage, "\nFlags:\n")
		fs.PrintDefaults()
	}
	return q
}

// parse parses args (flags may follow positional arguments) and checks
// the format and the number of positional arguments.
func (q *queryFlags) parse(args []string, formats []string, minPos, maxPos int) ([]string, error) {
	pos, err := parseInterleaved(q.fs, args)
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
		q.fs.Usage()
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

// loadIndex reads the project containing path and computes its access index.
func loadIndex(path, configFile string) (*access.Index, error) {
	res, err := driver.Run([]string{path}, driver.Options{ConfigFile: configFile, LookupRule: rules.LookupID})
	if err != nil {
		return nil, err
	}
	return access.New(graph.New(res.Tree), &res.Config.Settings), nil
}

// queryExit reports a query error: flag.ErrHelp is exit 0, anything else
// a usage error.
func queryExit(err error, stderr io.Writer) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	fmt.Fprintln(stderr, "nclint:", err)
	return exitUsage
}

// accessCmd runs "nclint access NAME [PATH]".
func accessCmd(args []string, stdout, stderr io.Writer) int {
	q := newQueryFlags("access", accessUsage, "output `format`: text, json or markdown", "text", stderr)
	pos, err := q.parse(args, []string{"text", "json", "markdown"}, 1, 2)
	if err != nil {
		return queryExit(err, stderr)
	}
	path := "."
	if len(pos) == 2 {
		path = pos[1]
	}
	ix, err := loadIndex(path, *q.config)
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
	return exitOK
}
