package access

import (
	"strings"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/redact"
)

// addDirectCallers records Apex that calls the host of a named credential
// with a literal http(s) URL (req.setEndpoint('https://host/…'), or a
// literal prefix followed by concatenation) instead of through the named
// credential: the request bypasses the named credential's authentication,
// certificates and headers (NC607 reports it). Test classes are left out.
// The caller is tied to the first named credential with that host, by name.
func (ix *Index) addDirectCallers() {
	byHost := map[string]*model.NamedCredential{}
	for _, nc := range sortedNCs(ix.g) {
		if h := strings.ToLower(graph.HostOf(graph.URLOf(nc).Value)); h != "" && byHost[h] == nil {
			byHost[h] = nc
		}
	}
	if len(byHost) == 0 {
		return
	}
	for _, src := range ix.g.Tree.Apex {
		for _, c := range src.RequestCalls {
			if c.Name != "setEndpoint" || len(c.Args) != 1 || src.IsTestCode(c.Type) {
				continue
			}
			value, known := c.Args[0].Value()
			if !known {
				value = c.Args[0].Prefix()
			}
			u := redact.Split(value)
			if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
				continue
			}
			if !known && !strings.ContainsAny(strings.TrimPrefix(value, u.Scheme+"://"), "/?#") {
				continue // the host itself may go on in the unknown part
			}
			nc := byHost[u.Host]
			if nc == nil {
				continue
			}
			shown := redact.URL(value)
			if !known {
				shown += "…"
			}
			ix.callers = append(ix.callers, Caller{Kind: string(graph.CallerApex), Name: src.Name, NamedCredential: nc.Name,
				File: c.Span.File, Line: c.Span.Start.Line, Direct: true, URL: shown,
				RunAs: "the user whose request runs it (no named credential: none of its authentication applies)"})
		}
	}
}
