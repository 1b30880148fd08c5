package rules

import (
	"fmt"
	"strings"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/model"
)

// NamespaceAllowlistMalformed (NC403) reports AllowedManagedPackageNamespaces
// values that are not exactly one namespace prefix, and namespaces listed
// twice.
var NamespaceAllowlistMalformed = &lint.Rule{
	ID:        "NC403",
	Name:      "namespace-allowlist-malformed",
	Level:     lint.LevelWarning,
	Precision: "high",
	Tags:      []string{"namespace", "packaging"},
	Short:     "AllowedManagedPackageNamespaces value that is not one namespace prefix",
	Full: "An AllowedManagedPackageNamespaces parameter of a named credential holds something other than one " +
		"namespace prefix (a list separated by commas or spaces, a prefix with \"__\", an empty value), or lists " +
		"a namespace that another parameter already lists. A list is not the form Salesforce retrieves (one bare " +
		"prefix per parameter); whether Salesforce accepts it is not established. The other forms match no namespace.",
	Help: `## Why it breaks

Each ` + "`AllowedManagedPackageNamespaces`" + ` parameter allows exactly one namespace, written as the bare prefix
(` + "`acme`" + `, not ` + "`acme__`" + `): that is the form Salesforce retrieves. A value such as ` + "`acme, billing`" + `
is not that form; one vendor's setup guide shows such a list, but no Salesforce document says it is accepted, so
nclint cannot tell whether either package may call the named credential (this is an assumption either way).
A namespace listed twice is harmless at run time but is a sign of a copy-paste
mistake, and the duplicate parameter names conflict in Setup.

## How to fix

Write one parameter per namespace:

` + "```xml" + `
<namedCredentialParameters>
    <parameterName>AllowedNamespace_acme</parameterName>
    <parameterType>AllowedManagedPackageNamespaces</parameterType>
    <parameterValue>acme</parameterValue>
</namedCredentialParameters>
<namedCredentialParameters>
    <parameterName>AllowedNamespace_billing</parameterName>
    <parameterType>AllowedManagedPackageNamespaces</parameterType>
    <parameterValue>billing</parameterValue>
</namedCredentialParameters>
` + "```" + `

## References

- Metadata API Developer Guide, NamedCredential (` + "`AllowedManagedPackageNamespaces`" + `): https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_namedcredential.htm
- Retrieved named credentials write one bare prefix per parameter (parameterName ` + "`AllowedNamespace_<id>`" + `; no comma list seen in retrieved files): db-lyon/sf-cli-issue-2375 ` + "`namedCredentials/eLawAPI.namedCredential-meta.xml`" + `, jeremylee01/Copado-Demo-3-UK ` + "`namedCredentials/OpenAI.namedCredential-meta.xml`" + `
- Connect REST API, named credential resource: two namespaces are two parameters (` + "`NamespaceOne`" + `, ` + "`NamespaceTwo`" + `)
`,
	Check: checkNamespaceAllowlistMalformed,
}

func checkNamespaceAllowlistMalformed(pass *lint.Pass) {
	for _, nc := range pass.Graph.Tree.NamedCredentials {
		seen := map[string]model.NamedCredentialParameter{}
		for _, p := range nc.ParametersOfType(allowlistParameterType) {
			raw := p.Value.Value
			v := strings.TrimSpace(raw)
			span := p.Value.Span
			if !p.Value.Present() {
				span = p.Span
			}
			report := func(problem string, related []lint.Related) {
				consequence := ", so it matches no namespace and the package it was meant for stays refused. Write one bare namespace prefix per parameter."
				switch {
				case related != nil:
					consequence = "; remove one of the two parameters."
				case strings.ContainsAny(v, ",; \t"):
					consequence = ". That is not the form Salesforce retrieves (one bare prefix per parameter), and whether it " +
						"accepts a list is not established, so the packages may be refused. Write one parameter per namespace."
				}
				pass.Report(lint.Finding{
					Message:  fmt.Sprintf("Named credential %s: AllowedManagedPackageNamespaces value %q %s%s", nc.Name, raw, problem, consequence),
					Span:     span,
					Related:  related,
					Identity: "NamedCredential:" + nc.Name + "|allowlist:" + p.Name.Value + "|" + raw,
				})
			}
			switch {
			case v == "":
				report("is empty", nil)
			case strings.ContainsAny(v, ",; \t"):
				report("lists several namespaces in one value", nil)
			case strings.HasSuffix(v, "__") && model.ValidNamespace(strings.TrimSuffix(v, "__")):
				report(fmt.Sprintf("ends with \"__\" (write %q)", strings.TrimSuffix(v, "__")), nil)
			case !model.ValidNamespace(v):
				report("is not a namespace prefix (a letter, then letters, digits and single underscores, at most 15 characters)", nil)
			default:
				k := strings.ToLower(v)
				if first, dup := seen[k]; dup {
					report("is already listed by parameter "+first.Name.Value,
						[]lint.Related{{Span: first.Value.Span, Message: "first listed here"}})
					continue
				}
				seen[k] = p
			}
		}
	}
}
