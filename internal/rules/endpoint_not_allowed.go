package rules

import (
	"fmt"
	"strings"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/lint"
)

// EndpointNotAllowed (NC608) reports named credentials whose host or
// authentication protocol is outside the policy in .nclint.yml.
var EndpointNotAllowed = &lint.Rule{
	ID:               "NC608",
	Name:             "endpoint-not-allowed",
	Level:            lint.LevelError,
	Precision:        "very-high",
	Tags:             []string{"security", "policy", "callout"},
	SecuritySeverity: "5.0",
	Short:            "Named credential endpoint or protocol outside the configured policy",
	Full: "policy.allowed_hosts or policy.allowed_protocols in .nclint.yml lists the endpoint hosts and authentication " +
		"protocols the project's integrations may use, and a named credential's URL host (Url parameter or legacy " +
		"<endpoint>) or its external credential's authenticationProtocol (legacy <protocol>) is not among them. Without " +
		"a policy the rule reports nothing.",
	Help: `## Why it breaks

Nothing fails at run time: what breaks is your integration policy. Named credentials decide where Salesforce sends data and with which credentials. A security team that keeps an
inventory of approved integrations wants a new endpoint, or a weaker authentication scheme, to be reviewed before it
reaches an org, not found in an audit afterwards. This rule turns that list into a check on every change: a named
credential whose host or protocol is not on it fails the run.

The rule only compares the metadata with your policy; it says nothing about whether the endpoint works.

## Configure

` + "```yaml" + `
policy:
  allowed_hosts: ["*.stripe.com", api.acme-billing.com]   # "*.d" matches every subdomain of d, not d itself
  allowed_protocols: [Oauth, AwsSv4]                      # authenticationProtocol values
` + "```" + `

- A host is compared without scheme, port or path, ignoring case. ` + "`*.stripe.com`" + ` matches
  ` + "`api.stripe.com`" + ` and ` + "`a.b.stripe.com`" + `, not ` + "`stripe.com`" + `.
- A protocol is the external credential's ` + "`authenticationProtocol`" + ` (or a legacy named credential's
  ` + "`protocol`" + `). A named credential without an Authentication parameter sends no credentials and is not checked
  against allowed_protocols.
- Without a ` + "`policy`" + ` key nothing is reported; a key with an empty list (` + "`allowed_hosts: []`" + `) allows nothing.
- URLs that an ` + "`sfdx-project.json`" + ` replacement rewrites at deploy time are checked only when a host remains
  after removing the replaced part.

## How to fix

Point the named credential at an approved endpoint:

` + "```xml" + `
<namedCredentialParameters>
    <parameterName>Url</parameterName>
    <parameterType>Url</parameterType>
    <parameterValue>https://api.stripe.com/v1</parameterValue>
</namedCredentialParameters>
` + "```" + `

or, after review, add the host or protocol to the policy in ` + "`.nclint.yml`" + `.

## References

- Metadata API Developer Guide, NamedCredential (Url parameter, legacy endpoint and protocol) and
  ExternalCredential (authenticationProtocol values).
`,
	Check: checkEndpointNotAllowed,
}

func checkEndpointNotAllowed(pass *lint.Pass) {
	pol := pass.Settings.Policy
	if pol.AllowedHosts == nil && pol.AllowedProtocols == nil {
		return
	}
	g := pass.Graph
	repl := newReplacements(g.Tree.Settings)
	for _, nc := range g.Tree.NamedCredentials {
		if nc.Unparsed {
			continue
		}
		u := graph.URLOf(nc)
		if host := graph.HostOf(repl.strip(u.Value)); host != "" && !strings.ContainsAny(host, "{}!$") && !pol.HostAllowed(host) {
			pass.Report(lint.Finding{
				Message: fmt.Sprintf("Named credential %s calls host %s, which policy.allowed_hosts in .nclint.yml does not allow (%s). "+
					"Use an approved endpoint, or add the host to the policy after review.", nc.Name, host, listOrNone(pol.AllowedHosts)),
				Span:     u.Span,
				Identity: "NamedCredential:" + nc.Name + "|host:" + host,
			})
		}
		if pol.AllowedProtocols == nil {
			continue
		}
		if nc.IsLegacy() {
			if p := nc.Protocol; p.Value != "" && !pol.ProtocolAllowed(p.Value) {
				pass.Report(lint.Finding{
					Message: fmt.Sprintf("Named credential %s authenticates with protocol %s, which policy.allowed_protocols in .nclint.yml "+
						"does not allow (%s).", nc.Name, p.Value, listOrNone(pol.AllowedProtocols)),
					Span:     p.Span,
					Identity: "NamedCredential:" + nc.Name + "|protocol:" + p.Value,
				})
			}
			continue
		}
		refs := graph.AuthenticationOf(nc)
		if len(refs) == 0 {
			continue
		}
		ec := g.ExternalCredential(refs[0].Value)
		if ec == nil || ec.Unparsed {
			continue
		}
		if p := ec.AuthenticationProtocol; p.Value != "" && !pol.ProtocolAllowed(p.Value) {
			pass.Report(lint.Finding{
				Message: fmt.Sprintf("Named credential %s authenticates through external credential %s with protocol %s, which "+
					"policy.allowed_protocols in .nclint.yml does not allow (%s).", nc.Name, ec.Name, p.Value, listOrNone(pol.AllowedProtocols)),
				Span:     p.Span,
				Related:  []lint.Related{{Span: refs[0].Span, Message: "named credential " + nc.Name + " uses " + ec.Name}},
				Identity: "NamedCredential:" + nc.Name + "|protocol:" + p.Value,
			})
		}
	}
}

// listOrNone describes an allow list for messages.
func listOrNone(allowed []string) string {
	if len(allowed) == 0 {
		return "it allows none"
	}
	return "it allows " + strings.Join(allowed, ", ")
}
