package graph

import (
	"strings"

	"github.com/nclint/nclint/internal/model"
)

// URLOf returns a named credential's endpoint: its first Url parameter,
// else its legacy <endpoint>.
func URLOf(nc *model.NamedCredential) model.Text {
	if ps := nc.ParametersOfType("Url"); len(ps) > 0 {
		return ps[0].Value
	}
	return nc.Endpoint
}

// HostOf returns the lower-cased host of a URL ("" when it has none).
func HostOf(u string) string {
	rest := strings.TrimSpace(u)
	if _, after, ok := strings.Cut(rest, "://"); ok {
		rest = after
	} else {
		return ""
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndex(rest, "@"); i >= 0 {
		rest = rest[i+1:]
	}
	if strings.HasPrefix(rest, "[") {
		if i := strings.Index(rest, "]"); i >= 0 {
			rest = rest[1:i]
		}
	} else if i := strings.LastIndex(rest, ":"); i >= 0 {
		rest = rest[:i]
	}
	return strings.ToLower(rest)
}
