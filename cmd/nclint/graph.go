package main

import (
	"io"
	"time"

	"github.com/nclint/nclint/internal/access"
	"github.com/nclint/nclint/internal/render"
)

const graphUsage = `usage: nclint graph [--format mermaid|dot|json] [--focus NAME] [--config FILE] [PATH]

Prints the credential graph: permission set groups, permission sets,
principals, external credentials, named credentials, endpoints and the code
that calls them. --focus keeps what is connected to NAME (as in nclint access).
`

// graphCmd runs "nclint graph [PATH]".
func graphCmd(args []string, stdout, stderr io.Writer) int {
	q := newQueryFlags("graph", graphUsage, "output `format`: mermaid, dot or json", "mermaid", stdout, stderr)
	focus := q.fs.String("focus", "", "keep only the part of the graph connected to `NAME`")
	pos, err := q.parse(args, []string{"mermaid", "dot", "json"}, 0, 1)
	if err != nil {
		return queryExit(err, stderr)
	}
	path := "."
	if len(pos) == 1 {
		path = pos[0]
	}
	ix, incomplete, err := loadIndex(path, q, time.Time{}, stderr)
	if err != nil {
		return queryExit(err, stderr)
	}
	var d access.Diagram
	if *focus != "" {
		if d, err = ix.FocusDiagram(*focus); err != nil {
			return queryExit(err, stderr)
		}
	} else {
		d = ix.Diagram()
	}
	if err := render.Diagram(stdout, *q.format, d); err != nil {
		return queryExit(err, stderr)
	}
	return queryDone(incomplete)
}
