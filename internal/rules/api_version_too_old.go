package rules

import (
	"fmt"
	"strings"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
)

// APIVersionTooOld (NC505) reports elements and enumeration values that the
// Metadata API added after the project's API version.
var APIVersionTooOld = &lint.Rule{
	ID:        "NC505",
	Name:      "api-version-too-old",
	Level:     lint.LevelError,
	Precision: "high",
	Tags:      []string{"metadata", "deploy"},
	Short:     "Element or value newer than the project's API version",
	Full: "A credential-related component (named credential, external credential, permission set principal access, " +
		"auth. provider, external auth identity provider, outbound network connection, external service, external data " +
		"source) uses an element, an enumeration value or a whole metadata type that the Metadata API WSDL of the project's " +
		"API version does not have, but a later version does: sourceApiVersion in sfdx-project.json, or <version> in the " +
		"package.xml of a Metadata API format tree. The deploy at that version rejects the file. Only the outermost such " +
		"element is reported. Elements and values that later versions removed are NC504's and NC902's business, values in " +
		"no version are NC902's; a permission set grant that NC101 reports as unable to deploy is left to NC101; nothing " +
		"is reported when the project sets no API version.",
	Help: `## Why it breaks

The Salesforce CLI deploys (and retrieves) source at the project's ` + "`sourceApiVersion`" + ` (the ` + "`<version>`" + ` of
` + "`package.xml`" + ` in a Metadata API format tree), and the Metadata API reads every file against the WSDL of that
version. An element or an enumeration value that only a later version knows is rejected, and the whole deploy fails.
This happens when a file is written or retrieved with a newer org or CLI, or copied from another project, while
` + "`sfdx-project.json`" + ` still pins an older version. Examples from the WSDL history:

| Element or value | First API version |
|---|---|
| NamedCredential ` + "`calloutStatus`" + ` | 58.0 |
| PermissionSet ` + "`externalCredentialPrincipalAccesses`" + ` | 59.0 |
| ExternalCredential ` + "`authenticationProtocol`" + ` ` + "`Basic`" + ` | 60.0 |
| ExternalCredentialParameter type ` + "`AdditionalRefreshStatusCode`" + `, ` + "`ExternalAuthIdentityProvider`" + `; the ExternalAuthIdentityProvider type | 61.0 |
| NamedCredential ` + "`description`" + ` | 64.0 |
| ExternalCredentialParameter ` + "`parameterGroup`" + ` | 54.0, absent in 55.0-57.0, back from 58.0 |

nclint reports the outermost element the version lacks (a parameter's new child element, not the whole parameter; a
whole component when its type is newer), and names the first version at or after the project's that has it. The table
covers the WSDLs of API 47.0 to 66.0: for a project below 47.0, only elements and values missing from 47.0 are
reported; for one above 66.0, nothing is.

A permission set grant (` + "`externalCredentialPrincipalAccesses`" + `) of a principal that a named credential needs and
nothing else grants is reported by NC101 instead, once, with the advice to keep the grant and raise the version
(removing it would leave the principal ungranted); NC505 reports the other grants below 59.0.

## How to fix

Raise the API version to the one the message names (or later) in ` + "`sfdx-project.json`" + `:

` + "```json" + `
{
  "packageDirectories": [{ "path": "force-app", "default": true }],
  "sourceApiVersion": "62.0"
}
` + "```" + `

Or, if the project must stay on the older version, remove the element (or use a value that version has) and set the
feature up in Setup instead. At ` + "`sourceApiVersion`" + ` 57.0, a named credential without ` + "`calloutStatus`" + ` (58.0):

` + "```xml" + `
<?xml version="1.0" encoding="UTF-8"?>
<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <allowMergeFieldsInBody>false</allowMergeFieldsInBody>
    <allowMergeFieldsInHeader>false</allowMergeFieldsInHeader>
    <generateAuthorizationHeader>true</generateAuthorizationHeader>
    <label>Billing API</label>
    <namedCredentialParameters>
        <parameterName>Url</parameterName>
        <parameterType>Url</parameterType>
        <parameterValue>https://api.billing.example.com</parameterValue>
    </namedCredentialParameters>
    <namedCredentialParameters>
        <externalCredential>Billing_EC</externalCredential>
        <parameterName>ExternalCredential</parameterName>
        <parameterType>Authentication</parameterType>
    </namedCredentialParameters>
    <namedCredentialType>SecuredEndpoint</namedCredentialType>
</NamedCredential>
` + "```" + `

## References

- Metadata API WSDLs of API 47.0 to 66.0 (forcedotcom/wsdl, ` + "`resources/metadata.wsdl`" + ` per release), summarized per
  element and value in ` + "`docs/metadata-api-history.md`" + `, from which nclint's table is generated.
- Salesforce CLI: ` + "`sourceApiVersion`" + ` in ` + "`sfdx-project.json`" + ` is the API version of the source and the
  ` + "`<version>`" + ` of the manifest the CLI deploys with.
- Metadata API Developer Guide, NamedCredential, ExternalCredential and PermissionSet: each field's "available in API
  version X and later".
`,
	Check: checkAPIVersionTooOld,
}

// apiComponent is one component to check: its WSDL type and outline.
type apiComponent struct {
	what     string // "Named credential Billing_API"
	wsdlType string
	identity string
	root     loc.Span
	elements []model.Element
}

func checkAPIVersionTooOld(pass *lint.Pass) {
	t := pass.Graph.Tree
	project := apiMajor(t.Settings.SourceAPIVersion)
	if project == 0 {
		return
	}
	c := apiChecker{pass: pass, project: project, versionText: t.Settings.SourceAPIVersion,
		// Presence below and above the history's range is taken from its ends.
		at: min(max(project, apiHistoryFirst), apiHistoryLast)}
	if t.Settings.ProjectFile != "" {
		c.source, c.fix = "sourceApiVersion", "sourceApiVersion in sfdx-project.json"
	} else {
		c.source, c.fix = "package.xml <version>", "<version> in package.xml"
	}
	var comps []apiComponent
	add := func(m model.Meta, what string, els []model.Element) {
		if m.Unparsed {
			return
		}
		comps = append(comps, apiComponent{what: what + " " + m.Name, wsdlType: string(m.Kind),
			identity: string(m.Kind) + ":" + m.Name, root: m.Root, elements: els})
	}
	for _, nc := range t.NamedCredentials {
		add(nc.Meta, "Named credential", nc.Elements)
	}
	for _, ec := range t.ExternalCredentials {
		add(ec.Meta, "External credential", ec.Elements)
	}
	for _, ap := range t.AuthProviders {
		add(ap.Meta, "Auth. provider", ap.Elements)
	}
	for _, ip := range t.ExternalAuthIdentityProviders {
		add(ip.Meta, "External auth identity provider", ip.Elements)
	}
	for _, onc := range t.OutboundNetworkConnections {
		add(onc.Meta, "Outbound network connection", onc.Elements)
	}
	for _, s := range t.ExternalServiceRegistrations {
		add(s.Meta, "External service", s.Elements)
	}
	for _, ds := range t.ExternalDataSources {
		add(ds.Meta, "External data source", ds.Elements)
	}
	for _, comp := range comps {
		c.component(comp)
	}
	// Permission sets are large and read only in part: their principal
	// accesses are checked from the model. A grant NC101 reports as unable
	// to deploy (same cause, with the advice to keep it) is left to NC101.
	nc101 := blockedGrants(pass)
	for _, ps := range t.PermissionSets {
		for _, pa := range ps.PrincipalAccesses {
			if nc101[pa.Span] {
				continue
			}
			c.element(apiComponent{what: "Permission set " + ps.Name, wsdlType: "PermissionSet",
				identity: "PermissionSet:" + ps.Name + "|" + pa.Principal.Value},
				apiTypes["PermissionSet"], "externalCredentialPrincipalAccesses", "", pa.Span, "")
		}
	}
}

// apiChecker holds the project's version and reports what it lacks.
type apiChecker struct {
	pass        *lint.Pass
	project     int    // the project's major API version
	at          int    // the version looked up in the table (project, clamped to it)
	versionText string // the version as written
	source, fix string // where the version comes from, for messages
}

// component checks one component: its type, then each element of its
// outline, skipping the children of an element already reported.
func (c *apiChecker) component(comp apiComponent) {
	typ := apiTypes[comp.wsdlType]
	if typ == nil {
		return
	}
	if !typ.versions.has(c.at) {
		if next := typ.versions.nextFrom(c.at); next > 0 {
			c.report(comp, comp.root, fmt.Sprintf("the %s metadata type", comp.wsdlType), typ.versions, next, "", "type")
		}
		return
	}
	// The parameterName of each top-level element, to name parameters.
	names := map[int]string{}
	top := -1
	for i, el := range comp.elements {
		if _, child, nested := strings.Cut(el.Path, "/"); !nested {
			top = i
		} else if child == "parameterName" && top >= 0 {
			names[top] = el.Value
		}
	}
	reported := false
	top = -1
	for i, el := range comp.elements {
		parent, child, nested := strings.Cut(el.Path, "/")
		if !nested {
			top = i
			reported = c.element(comp, typ, parent, el.Value, el.Span, "")
			continue
		}
		if reported {
			continue // the outermost element is reported already
		}
		pe, ok := typ.elements[parent]
		if !ok {
			continue
		}
		if ct := apiTypes[pe.typ]; ct != nil {
			c.element(comp, ct, child, el.Value, el.Span, names[top])
		}
	}
}

// element checks one element named name of complex type typ, and its value
// when its type is an enumeration. It reports and returns true when the
// project's version lacks the element or the value but a later one has it.
// param names the enclosing parameter, "" for a top-level element.
func (c *apiChecker) element(comp apiComponent, typ *apiType, name, value string, span loc.Span, param string) bool {
	if typ == nil {
		return false
	}
	e, ok := typ.elements[name]
	if !ok {
		return false // not in the history: another rule's business
	}
	if param != "" {
		comp.what += fmt.Sprintf(", parameter %q", param)
		comp.identity += "|param:" + param
	}
	if !e.versions.has(c.at) {
		next := e.versions.nextFrom(c.at)
		if next == 0 {
			return false // removed: NC504 and NC902
		}
		c.report(comp, span, fmt.Sprintf("<%s>", name), e.versions, next, name, "element")
		return true
	}
	enum := apiEnums[e.typ]
	if enum == nil || value == "" {
		return false
	}
	vv, ok := enum.values[value]
	if !ok || vv.has(c.at) {
		return false // unknown values are NC902's; known ones are fine
	}
	next := vv.nextFrom(c.at)
	if next == 0 {
		return false // removed: NC902
	}
	c.report(comp, span, fmt.Sprintf("%s value %s", name, value), vv, next, name+"="+value, "value")
	return true
}

// report adds the finding for thing, which version next is the first at
// or after the project's to have.
func (c *apiChecker) report(comp apiComponent, span loc.Span, thing string, vs apiVersions, next int, id, kind string) {
	earlier := false
	for v := apiHistoryFirst; v < c.at; v++ {
		if vs.has(v) {
			earlier = true
			break
		}
	}
	var when string
	switch {
	case earlier:
		when = fmt.Sprintf("is missing from the Metadata API at %s (versions that have it: %s; back from %d.0)",
			c.versionText, vs.text, next)
	case c.project < apiHistoryFirst:
		when = fmt.Sprintf("is not in the Metadata API at %d.0, the oldest WSDL nclint knows, and first appears in %d.0",
			apiHistoryFirst, next)
	default:
		when = fmt.Sprintf("was added to the Metadata API in version %d.0", next)
	}
	remove := "remove the element"
	switch kind {
	case "value":
		remove = "use a value that API " + c.versionText + " has"
	case "type":
		remove = "keep the component out of the source tree and set it up in Setup"
	}
	c.pass.Report(lint.Finding{
		Message: fmt.Sprintf("%s: %s %s, and the project's %s is %s: the Metadata API reads the file against the API %s WSDL, "+
			"so the deploy rejects it. Raise %s to %d.0 or later, or %s.",
			comp.what, thing, when, c.source, c.versionText, c.versionText, c.fix, next, remove),
		Span:     span,
		Identity: comp.identity + "|" + kind + ":" + id,
	})
}
