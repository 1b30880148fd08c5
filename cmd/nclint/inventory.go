package main

import (
	"io"

	"github.com/nclint/nclint/internal/render"
)

const inventoryUsage = `usage: nclint inventory [--format csv|json|markdown] [--config FILE] [PATH]

Prints one row per named credential: endpoint, type, external credential,
protocol, principals and who is granted them, callers, certificates,
allowed namespaces and callout status.
`

// inventoryCmd runs "nclint inventory [PATH]".
func inventoryCmd(args []string, stdout, stderr io.Writer) int {
	q := newQueryFlags("inventory", inventoryUsage, "output `format`: csv, json or markdown", "csv", stdout, stderr)
	nowArg := nowFlag(q)
	pos, err := q.parse(args, []string{"csv", "json", "markdown"}, 0, 1)
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
	if err := render.Inventory(stdout, *q.format, ix.Inventory()); err != nil {
		return queryExit(err, stderr)
	}
	return queryDone(incomplete)
}
