package rules

import (
	"fmt"
	"strings"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/model"
)

// NamespaceNotAllowed (NC401) reports callouts from code in one namespace
// through a named credential of another namespace that does not allow it.
var NamespaceNotAllowed = &lint.Rule{
	ID:        "NC401",
	Name:      "namespace-not-allowed",
	Level:     lint.LevelError,
	Precision: "high",
	Tags:      []string{"namespace", "callout", "packaging"},
	Short:     "Callout from another namespace that the named credential does not allow",
	Full: "Code in a managed-package namespace calls a named credential of another namespace (or of none) that " +
		"does not list the caller's namespace in an AllowedManagedPackageNamespaces parameter, so Salesforce " +
		"refuses the callout. The caller's namespace is the namespace of sfdx-project.json for its package " +
		"directories, or the one its path is mapped to under namespaces: in .nclint.yml; installed_packages: in " +
		".nclint.yml declares packages installed in the org and the named credentials they call. A namespace written " +
		"inside a list value (\"acme, billing\") is left to NC403: whether Salesforce accepts such a value is not established.",
	Help: `## Why it breaks

A named credential is usable by code in its own namespace. Code of a managed package (another namespace) may
call it only when the named credential lists the package's namespace in an
` + "`AllowedManagedPackageNamespaces`" + ` parameter ("Allowed Namespaces for Managed Packages" in Setup).
Otherwise the callout fails at run time, although everything deploys.

nclint knows the namespace of code from ` + "`sfdx-project.json`" + ` and from ` + "`.nclint.yml`" + `:

` + "```yaml" + `
namespaces:                 # managed-package sources kept in this repository
  - path: "vendor/acme/**"
    namespace: acme
installed_packages:         # packages installed in the org -> named credentials they call
  acme: [Acme_API]
` + "```" + `

Legacy named credentials have no allowlist and are not checked.

## How to fix

Add one parameter per namespace to the named credential (the value is the bare prefix, without ` + "`__`" + `):

` + "```xml" + `
<namedCredentialParameters>
    <parameterName>AllowedNamespace_acme</parameterName>
    <parameterType>AllowedManagedPackageNamespaces</parameterType>
    <parameterValue>acme</parameterValue>
</namedCredentialParameters>
` + "```" + `

If the callout should not cross namespaces, call a named credential of the caller's own namespace instead.

## References

- Metadata API Developer Guide, NamedCredential (` + "`AllowedManagedPackageNamespaces`" + ` parameter type, one namespace per parameter): https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_namedcredential.htm
- Retrieved named credentials write one bare prefix per parameter (parameterName ` + "`AllowedNamespace_<id>`" + `): db-lyon/sf-cli-issue-2375 ` + "`namedCredentials/eLawAPI.namedCredential-meta.xml`" + `, jeremylee01/Copado-Demo-3-UK ` + "`namedCredentials/OpenAI.namedCredential-meta.xml`" + `
`,
	Check: checkNamespaceNotAllowed,
}

func checkNamespaceNotAllowed(pass *lint.Pass) {
	g := pass.Graph
	for _, c := range g.AllCallers() {
		// A flow reaches the named credential through an external service,
		// whose own reference is checked.
		if c.Kind == graph.CallerFlow || c.Target == nil || c.Namespace == "" || c.Target.IsLegacy() {
			continue
		}
		nc := c.Target
		ncNS := graph.ComponentNamespace(nc.Meta)
		if strings.EqualFold(ncNS, c.Namespace) || allowsNamespace(nc, c.Namespace) || listsNamespace(nc, c.Namespace) {
			continue
		}
		owner := "no namespace"
		if ncNS != "" {
			owner = "namespace " + ncNS
		}
		pass.Report(lint.Finding{
			Message: fmt.Sprintf("%s in namespace %s calls named credential %s (%s), which does not allow namespace %s%s; "+
				"Salesforce refuses the callout. Add an AllowedManagedPackageNamespaces parameter with the value %q to %s.",
				callerDescription(c), c.Namespace, nc.Name, owner, c.Namespace, allowlistSuffix(nc), c.Namespace, nc.Name),
			Span:     c.Span,
			Related:  []lint.Related{{Span: nc.Root, Message: "named credential " + nc.Name}},
			Identity: string(c.Kind) + ":" + c.Name + "|NamedCredential:" + nc.Name + "|namespace:" + strings.ToLower(c.Namespace),
		})
	}
	for _, pkg := range pass.Settings.InstalledPackages {
		for _, name := range pkg.NamedCredentials {
			nc := g.NamedCredential(name)
			if nc == nil || nc.IsLegacy() || allowsNamespace(nc, pkg.Namespace) || listsNamespace(nc, pkg.Namespace) {
				continue
			}
			pass.Report(lint.Finding{
				Message: fmt.Sprintf("Installed package %s calls named credential %s (per installed_packages in the configuration), "+
					"but %s does not allow namespace %s%s; the package's callouts are refused. "+
					"Add an AllowedManagedPackageNamespaces parameter with the value %q.",
					pkg.Namespace, nc.Name, nc.Name, pkg.Namespace, allowlistSuffix(nc), pkg.Namespace),
				Span:     nc.Root,
				Identity: "NamedCredential:" + nc.Name + "|installed:" + strings.ToLower(pkg.Namespace),
			})
		}
	}
}

// callerDescription names a caller for messages: "Apex class X".
func callerDescription(c graph.Caller) string {
	switch c.Kind {
	case graph.CallerApex:
		return "Apex " + c.Name
	case graph.CallerExternalService:
		return "External service " + c.Name
	case graph.CallerDataSource:
		return "External data source " + c.Name
	}
	return string(c.Kind) + " " + c.Name
}

// allowlistSuffix describes the allowlist of nc: " (it allows "a", "b")",
// or "" when it has none.
func allowlistSuffix(nc *model.NamedCredential) string {
	vals := allowlistValues(nc)
	if len(vals) == 0 {
		return ""
	}
	return " (it allows " + strings.Join(vals, ", ") + ")"
}
