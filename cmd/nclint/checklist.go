package main

import (
	"io"

	"github.com/nclint/nclint/internal/render"
)

const checklistUsage = `usage: nclint checklist [--config FILE] [PATH]

Prints, as a Markdown checklist grouped by named credential, what must be
done by hand after deploying the project to a new org: credentials and OAuth
authorizations of principals (none for a No Authentication external
credential), certificates to create, have signed and have trusted, package
namespaces, named credentials deployed with callouts disabled.
`

// checklistCmd runs "nclint checklist [PATH]".
func checklistCmd(args []string, stdout, stderr io.Writer) int {
	q := newQueryFlags("checklist", checklistUsage, "output `format`: markdown", "markdown", stdout, stderr)
	nowArg := nowFlag(q)
	pos, err := q.parse(args, []string{"markdown"}, 0, 1)
	if err != nil {
		return queryExit(err, stderr)
	}
	path := "."
	if len(pos) == 1 {
		path = pos[0]
	}
	now, err := parseNow(*nowArg)
	if err != nil {
		return queryExit(err, stderr)
	}
	ix, incomplete, err := loadIndex(path, q, now, stderr)
	if err != nil {
		return queryExit(err, stderr)
	}
	if err := render.Checklist(stdout, ix.Checklist()); err != nil {
		return queryExit(err, stderr)
	}
	return queryDone(incomplete)
}
