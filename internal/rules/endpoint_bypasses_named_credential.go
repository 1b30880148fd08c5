package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/model"
)

// EndpointBypassesNamedCredential (NC607) reports Apex that calls the host
// of a named credential by its URL instead of through the named credential.
var EndpointBypassesNamedCredential = &lint.Rule{
	ID:               "NC607",
	Name:             "endpoint-bypasses-named-credential",
	Level:            lint.LevelWarning,
	Precision:        "high",
	Tags:             []string{"security", "callout", "apex"},
	SecuritySeverity: "5.0",
	Short:            "Apex calls a named credential's host by URL",
	Full: "Apex calls setEndpoint with a literal http(s) URL whose host (compared case-insensitively) is the host of a " +
		"named credential in the tree (its Url parameter or legacy endpoint). The callout does not go through the " +
		"named credential: none of its authentication, certificates or custom headers are applied, and the host " +
		"needs a Remote Site Setting. A literal Authorization header set on the same request is mentioned, redacted. " +
		"Only the literal start of the endpoint is read, and only when it contains the whole host; @IsTest code, " +
		"whose callouts a mock answers, is not judged.",
	Help: `## Why it breaks

A named credential is used only when the endpoint is written ` + "`callout:<Name>/path`" + `. An endpoint written as
the plain URL of the same host bypasses it: Salesforce adds no Authorization header, no client certificate
and none of the named credential's custom headers, and the callout fails unless a Remote Site Setting
allows the host. Code that does this usually carries its own credentials, often a token pasted into the
source.

## How to fix

Call through the named credential, with the path relative to its URL (` + "`callout:Name/rest`" + ` calls the named
credential's URL followed by ` + "`/rest`" + `). When the endpoint's path is not under any named credential's path for
that host (` + "`https://acme.okta.com/.well-known/openid-configuration`" + ` while the named credential's URL is
` + "`https://acme.okta.com/api/v1`" + `), nclint still reports the bypass but suggests no ` + "`callout:`" + ` endpoint, which
would call another URL: create a named credential for that host and path. For a named credential

` + "```xml" + `
<namedCredentialParameters>
    <parameterName>Url</parameterName>
    <parameterType>Url</parameterType>
    <parameterValue>https://api.example.com/v2</parameterValue>
</namedCredentialParameters>
` + "```" + `

write:

` + "```apex" + `
HttpRequest req = new HttpRequest();
req.setEndpoint('callout:Orders_API/orders/' + orderId);   // instead of 'https://api.example.com/v2/orders/'
` + "```" + `

and remove any credential the code sets itself (rotate it if it was committed).

## References

- Apex Developer Guide, Named Credentials as Callout Endpoints (Salesforce manages all authentication for callouts that specify a named credential as the endpoint; remote site settings can be skipped for the site the named credential defines): https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_callouts_named_credentials.htm
- Apex Developer Guide, Invoking Callouts Using Apex (a site must be registered in Remote Site Settings before Apex calls it, or the callout fails, unless the endpoint is a named credential): https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_callouts.htm
`,
	Check: checkEndpointBypassesNamedCredential,
}

// ncHost is the host of a named credential URL.
type ncHost struct {
	nc   string
	url  string // the URL as written
	path string // its path, without a trailing "/"
	anon bool   // the named credential adds no authentication
	span model.Text
}

func checkEndpointBypassesNamedCredential(pass *lint.Pass) {
	g := pass.Graph
	repl := newReplacements(g.Tree.Settings)
	hosts := map[string][]ncHost{}
	for _, e := range endpoints(g.Tree) {
		if !e.namedCredentialURL || repl.touches(e.value.Value) {
			continue
		}
		u := splitURL(e.value.Value)
		if !isHTTP(u.scheme) || u.host == "" || strings.ContainsAny(u.host, "{}$") {
			continue
		}
		hosts[u.host] = append(hosts[u.host], ncHost{nc: e.component, url: e.value.Value,
			path: strings.TrimRight(u.path, "/"), anon: e.anonymous, span: e.value})
	}
	if len(hosts) == 0 {
		return
	}
	for _, src := range g.Tree.Apex {
		for i := range src.RequestCalls {
			c := &src.RequestCalls[i]
			if c.Name != "setEndpoint" || len(c.Args) != 1 || src.IsTestCode(c.Type) {
				continue
			}
			value, known := c.Args[0].Value()
			if !known {
				value = c.Args[0].Prefix()
			}
			u, ok := literalHost(value, known)
			if !ok {
				continue
			}
			cands := hosts[u.host]
			if len(cands) == 0 {
				continue
			}
			// The named credential whose path is the longest prefix of the
			// endpoint's path, else the first by name.
			best := -1
			for k, h := range cands {
				if pathUnder(u.path, h.path) && (best < 0 || len(h.path) > len(cands[best].path)) {
					best = k
				}
			}
			names := make([]string, 0, len(cands))
			for _, h := range cands {
				names = append(names, h.nc)
			}
			slices.Sort(names)
			names = slices.Compact(names)
			rest := "/…"
			var h ncHost
			if best >= 0 {
				h = cands[best]
				rest = u.path[len(h.path):]
				if u.hasQuery {
					rest += "?…"
				}
			} else {
				for _, x := range cands {
					if x.nc == names[0] {
						h = x
						break
					}
				}
			}
			suggestion := "'callout:" + h.nc + rest + "'"
			if !known {
				suggestion += " + …"
			}
			effect := fmt.Sprintf("none of %s's authentication, certificates or custom headers are applied, and the callout "+
				"fails unless a Remote Site Setting allows %s", h.nc, u.host)
			if h.anon {
				effect = fmt.Sprintf("the callout fails unless a Remote Site Setting allows %s, and any authentication "+
					"added to %s later will not apply to it", u.host, h.nc)
			}
			other := ""
			if len(names) > 1 {
				other = fmt.Sprintf(" (named credentials with that host: %s)", strings.Join(names, ", "))
			}
			shown := displayURL(value)
			if !known {
				shown += "…"
			}
			msg := fmt.Sprintf("%s calls %s directly, the host of named credential %s%s, so the request bypasses it: %s. "+
				"Use req.setEndpoint(%s).", apexCode(src, c.Type, c.Method), shown, h.nc, other, effect, suggestion)
			if best < 0 {
				// No named credential's path is a prefix of the endpoint's:
				// callout:<Name>/… would call a URL under that path, not this one.
				msg = fmt.Sprintf("%s calls %s directly, the host of named credential %s%s, so the request bypasses it: %s. "+
					"No named credential with that host covers the path %s (%s uses %s, so callout:%s/… would call a URL "+
					"under that path instead): a named credential for %s with that path is needed to call it through callout:.",
					apexCode(src, c.Type, c.Method), shown, h.nc, other, effect, pathShown(u.path), h.nc, displayURL(h.url), h.nc, u.host)
			}
			if desc, found := literalAuthorization(src, c.Request, repl); found {
				msg += " The request also sets an Authorization header that " + desc + ": a credential in the source. " +
					"Rotate it and let the named credential authenticate."
			}
			related := []lint.Related{{Span: h.span.Span, Message: "named credential " + h.nc + " uses " + displayURL(h.url)}}
			pass.Report(lint.Finding{
				Message:  msg,
				Span:     c.Span,
				Related:  related,
				Identity: apexIdentity(src, c.Type, c.Method) + "|host:" + u.host + "|NamedCredential:" + h.nc,
			})
		}
	}
}

func isHTTP(scheme string) bool {
	return strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "http")
}

// literalHost cuts an endpoint into URL parts when its host is known: the
// whole value is a literal, or the literal start runs past the host (a
// "/", "?", "#" or ":" follows it).
func literalHost(v string, known bool) (urlParts, bool) {
	scheme, rest, ok := strings.Cut(v, "://")
	if !ok || !isHTTP(scheme) {
		return urlParts{}, false
	}
	if !known && !strings.ContainsAny(rest, "/?#:") {
		return urlParts{}, false // 'https://api.' + domain
	}
	u := splitURL(v)
	if u.host == "" {
		return urlParts{}, false
	}
	return u, true
}

// pathShown is an endpoint path for a message, "/" when it is empty.
func pathShown(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

// pathUnder reports whether path p lies under the named credential path base.
func pathUnder(p, base string) bool {
	return base == "" || p == base || strings.HasPrefix(p, base+"/")
}

// literalAuthorization describes, redacted, a literal Authorization header
// set on the request src.Requests[req]; found is false when there is none,
// the value is not a literal, or it is no credential (a merge field, a
// placeholder).
func literalAuthorization(src *model.ApexSource, req int, repl replacements) (desc string, found bool) {
	if req < 0 {
		return "", false
	}
	for i := range src.RequestCalls {
		c := &src.RequestCalls[i]
		if c.Request != req || c.Name != "setHeader" || len(c.Args) != 2 {
			continue
		}
		name, ok := c.Args[0].Value()
		if !ok || !strings.EqualFold(strings.TrimSpace(name), "Authorization") {
			continue
		}
		value, ok := c.Args[1].Value()
		if !ok {
			continue
		}
		if d, ok := literalSecret("Authorization", value, repl); ok {
			return d, true
		}
	}
	return "", false
}
