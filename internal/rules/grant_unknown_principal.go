package rules

import (
	"fmt"
	"strings"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/suggest"
)

// GrantUnknownPrincipal (NC102) reports permission set grants that name a
// principal or external credential that does not exist.
var GrantUnknownPrincipal = &lint.Rule{
	ID:        "NC102",
	Name:      "grant-unknown-principal",
	Level:     lint.LevelError,
	Precision: "high",
	Tags:      []string{"access", "deploy"},
	Short:     "Permission set grants a principal that does not exist",
	Full: "An externalCredentialPrincipalAccesses entry names an external credential principal that is not defined: " +
		"the external credential is in the tree but has no principal of that name (error), or the external credential " +
		"itself is not in the tree (warning). The commonest cause is the Setup UI's display form (\"Docs_EC - Svc\", spaces " +
		"around the hyphen, often with the external credential's label): the message names the exact value to write. The " +
		"deploy fails with an invalid cross reference, or the grant names nothing and the principal stays ungranted.",
	Help: `## Why it breaks

The value of ` + "`externalCredentialPrincipal`" + ` is ` + "`<ExternalCredentialDeveloperName>-<principal parameterName>`" + `,
matched exactly. A principal renamed in the external credential, a difference in case or spacing, or an external
credential that was never committed leaves the grant pointing at nothing: the deploy fails with
"invalid cross reference id", or, when the external credential exists only in the org, the grant silently misses.
Such a grant never counts as a grant for NC101.

The most common mistake is copying what the Setup UI shows. Setup lists a permission set's principals as
"External Credential - Principal", with spaces around the hyphen and often the external credential's *label*
instead of its developer name, and AI-written templates copy that form (public repositories contain values such as
` + "`Stripe_External_Credential - Admin`" + `). nclint recognises both and names the value to write:

| written | external credential | write |
|---|---|---|
| ` + "`Docs_EC - Svc`" + ` | developer name ` + "`Docs_EC`" + ` | ` + "`Docs_EC-Svc`" + ` |
| ` + "`Docs Service - Svc`" + ` | label "Docs Service" of ` + "`Docs_EC`" + ` | ` + "`Docs_EC-Svc`" + ` |

When the external credential is not in the tree, nclint cannot tell a label from a developer name; it says so.

## How to fix

Use the external credential's developer name (the file name, not the label), a hyphen with no spaces, and the
principal's exact ` + "`parameterName`" + `:

` + "```xml" + `
<!-- externalCredentials/Billing_EC.externalCredential-meta.xml -->
<externalCredentialParameters>
    <parameterGroup>Billing Service</parameterGroup>
    <parameterName>Billing Service</parameterName>
    <parameterType>NamedPrincipal</parameterType>
    <sequenceNumber>1</sequenceNumber>
</externalCredentialParameters>

<!-- permissionsets/Billing_Integration.permissionset-meta.xml -->
<externalCredentialPrincipalAccesses>
    <enabled>true</enabled>
    <externalCredentialPrincipal>Billing_EC-Billing Service</externalCredentialPrincipal>
</externalCredentialPrincipalAccesses>
` + "```" + `

If the external credential lives only in the org, commit it, list it under ` + "`org.external_credentials`" + ` in
` + "`.nclint.yml`" + `, or ignore the finding where you know it exists.

## References

- Metadata API Developer Guide, PermissionSet: ` + "`externalCredentialPrincipal`" + ` is "the name of the external
  credential and principal, separated by a dash", e.g. ` + "`myExternalCredential-myPrincipal`" + `, with the package
  namespace prefix for packaged ones.
- Salesforce Help, "Enable External Credential Principals" (` + "`nc_enable_ext_cred_principal`" + `): how Setup lists
  principals on a permission set ("external credential name - principal name").
`,
	Check: checkGrantUnknownPrincipal,
}

func checkGrantUnknownPrincipal(pass *lint.Pass) {
	g := pass.Graph
	sets := append(append([]*model.PermissionSet{}, g.Tree.PermissionSets...), g.Tree.MutingPermissionSets...)
	for _, ps := range sets {
		for _, a := range ps.PrincipalAccesses {
			checkGrant(pass, ps, a)
		}
	}
}

func checkGrant(pass *lint.Pass, ps *model.PermissionSet, a model.PrincipalAccess) {
	g := pass.Graph
	value := a.Principal.Value
	if value == "" {
		return // NC901 reports the missing element
	}
	identity := "PermissionSet:" + ps.Name + "|grant:" + value
	ecName, principal, ok := model.SplitPrincipal(value)
	if !ok {
		pass.Report(lint.Finding{
			Message: fmt.Sprintf("Permission set %s grants %q, which is not of the form ExternalCredential-Principal; "+
				"the deploy fails. Write the external credential's developer name, a hyphen, and the principal name.", ps.Name, value),
			Span:     a.Principal.Span,
			Identity: identity,
		})
		return
	}
	if g.ForeignNamespace(strings.TrimSpace(ecName)) != "" {
		return // comes with an installed package
	}
	ec := g.ExternalCredential(ecName)
	if ec != nil && ec.Unparsed {
		pass.NotEvaluated("the grant of "+value+" in permission set "+ps.Name, ec.File)
		return // its principals are unknown until NC901 is fixed
	}
	if files := g.UnreadAreas(model.KindExternalCredential); ec == nil && len(files) > 0 {
		pass.NotEvaluated("the grant of "+value+" in permission set "+ps.Name, files...)
		return // it may be in what could not be read
	}
	if ec != nil && graph.Principal(ec, principal) != nil {
		return
	}
	if displayForm(pass, ps, a, identity) {
		return
	}
	if ec == nil && lint.InOrg(pass.Settings.Org.ExternalCredentials, g.Local(ecName)) {
		return // exists in the org, per the configuration
	}
	if ec == nil {
		hint := ""
		if near := g.ExternalCredentialFold(ecName); len(near) > 0 {
			hint = didYouMean(near[0].Name + "-" + principal)
		} else if m := suggest.Near(g.Local(ecName), localNames(g, g.Tree.ExternalCredentials, func(c *model.ExternalCredential) string { return c.Name })); m != "" {
			hint = didYouMean(m + "-" + principal)
		}
		pass.Report(lint.Finding{
			Level: lint.LevelWarning,
			Message: fmt.Sprintf("Permission set %s grants principal %q of external credential %s, which is not in the tree; "+
				"the deploy fails unless the external credential already exists in the target org.%s "+
				"If it exists only in the org, list it under org.external_credentials in .nclint.yml.", ps.Name, principal, ecName, hint),
			Span:     a.Principal.Span,
			Identity: identity,
		})
		return
	}
	var names []string
	for _, p := range ec.Principals() {
		if p.Name.Value == principal {
			return
		}
		names = append(names, p.Name.Value)
	}
	hint := ""
	if m := suggest.Near(principal, names); m != "" {
		hint = didYouMean(ec.Name + "-" + m)
	}
	list := "it defines no principal"
	if len(names) > 0 {
		list = "its principals are " + quoteAll(names)
	}
	pass.Report(lint.Finding{
		Message: fmt.Sprintf("Permission set %s grants principal %q, but external credential %s has no principal of that name (%s); "+
			"the deploy fails with an invalid cross reference.%s", ps.Name, principal, ec.Name, list, hint),
		Span:     a.Principal.Span,
		Related:  []lint.Related{{Span: ec.Root, Message: "external credential " + ec.Name}},
		Identity: identity,
	})
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// grantForm is how a grant value that names no principal exactly was
// probably meant: the Setup UI's display form "EC Label - Principal"
// (spaces around the hyphen, label instead of developer name).
type grantForm struct {
	ec        *model.ExternalCredential // nil when the external credential is not in the tree
	ecWritten string                    // the external credential part, trimmed
	principal string                    // the principal meant (its exact parameterName when ec is set)
	written   string                    // the principal part, trimmed
	spaced    bool                      // spaces around the hyphen
	byLabel   bool                      // ecWritten is the external credential's label
}

// value is the exact value to write.
func (f grantForm) value() string {
	if f.ec != nil {
		return f.ec.Name + "-" + f.principal
	}
	return f.ecWritten + "-" + f.principal
}

// maxGrantReadings bounds the hyphens recognizeGrant tries as the
// separator, so a hostile value full of hyphens costs no more than a real
// one (labels have a few hyphens at most).
const maxGrantReadings = 16

// recognizeGrant tries every hyphen (up to maxGrantReadings) of value as the separator, trimming
// spaces around it, and looks the left side up as an external credential
// developer name, then as a label. It returns the first reading that finds
// an external credential with a principal of (nearly) that name, or, when
// no reading names an external credential in the tree and the value has
// spaces around a hyphen, a reading with the external credential not in
// the tree. ok is false when value has neither
// spaces around its hyphen nor an external credential label in it.
func recognizeGrant(g *graph.Graph, value string) (f grantForm, ok bool) {
	var fallback *grantForm
	inTree := false // some reading names an external credential in the tree
	readings := 0
	for i := 0; i < len(value) && readings < maxGrantReadings; i++ {
		if value[i] != '-' {
			continue
		}
		readings++
		left, right := value[:i], value[i+1:]
		lt, rt := strings.TrimSpace(left), strings.TrimSpace(right)
		if lt == "" || rt == "" {
			continue
		}
		spaced := lt != left || rt != right
		ec, byLabel := g.ExternalCredential(lt), false
		if fold := g.ExternalCredentialFold(lt); ec == nil && len(fold) == 1 {
			ec = fold[0]
		}
		if ec == nil {
			if byLbl := g.ExternalCredentialsByLabel(lt); len(byLbl) == 1 {
				ec, byLabel = byLbl[0], true
			}
		}
		if ec != nil {
			inTree = true
		}
		if ec == nil || ec.Unparsed {
			if spaced && fallback == nil {
				fallback = &grantForm{ecWritten: lt, principal: rt, written: rt, spaced: true}
			}
			continue
		}
		if !spaced && !byLabel {
			continue // the ordinary form; the caller reports it
		}
		var names []string
		for _, p := range ec.Principals() {
			names = append(names, p.Name.Value)
		}
		name := rt
		if graph.Principal(ec, rt) == nil {
			if name = suggest.Near(rt, names); name == "" {
				continue
			}
		}
		return grantForm{ec: ec, ecWritten: lt, principal: name, written: rt, spaced: spaced, byLabel: byLabel}, true
	}
	if fallback != nil && !inTree {
		return *fallback, true
	}
	return grantForm{}, false
}

// displayForm reports a grant written in the Setup UI's display form or
// with the external credential's label, naming the exact value to write.
// It returns false when the value is not such a form.
func displayForm(pass *lint.Pass, ps *model.PermissionSet, a model.PrincipalAccess, identity string) bool {
	g := pass.Graph
	value := a.Principal.Value
	f, ok := recognizeGrant(g, value)
	if !ok {
		return false
	}
	var how []string
	if f.byLabel {
		how = append(how, fmt.Sprintf("names external credential %s by its label %q instead of its developer name", f.ec.Name, f.ecWritten))
	}
	if f.spaced {
		how = append(how, "has spaces around the hyphen")
	}
	if f.ec != nil && !f.byLabel && g.ExternalCredential(f.ecWritten) == nil {
		how = append(how, fmt.Sprintf("writes the external credential as %q instead of %q", f.ecWritten, f.ec.Name))
	}
	if f.written != f.principal {
		how = append(how, fmt.Sprintf("writes the principal as %q instead of %q", f.written, f.principal))
	}
	what := "which " + strings.Join(how, " and ") + ", as the Setup UI displays principals (\"External Credential - Principal\")"
	rule := "The value is the external credential's developer name, a hyphen without spaces and the principal's exact parameterName"
	if f.ec == nil {
		write := fmt.Sprintf(" Write %q if %s is the external credential's developer name.", f.value(), f.ecWritten)
		if !isDeveloperName(g.Local(f.ecWritten)) {
			write = fmt.Sprintf(" %q is not a developer name (letters, digits and underscores only), so it is probably the label: "+
				"write the developer name, a hyphen and %q.", f.ecWritten, f.principal)
		}
		pass.Report(lint.Finding{
			Level: lint.LevelWarning,
			Message: fmt.Sprintf("Permission set %s grants %q, %s. %s, so this grant names no principal and grants nothing; "+
				"external credential %q is not in the tree, so nclint cannot check the name.%s", ps.Name, value, what, rule, f.ecWritten, write),
			Span:     a.Principal.Span,
			Identity: identity,
		})
		return true
	}
	pass.Report(lint.Finding{
		Message: fmt.Sprintf("Permission set %s grants %q, %s. %s, so this grant names no principal: the deploy fails with an "+
			"invalid cross reference and the principal stays ungranted. Write %q.", ps.Name, value, what, rule, f.value()),
		Span:     a.Principal.Span,
		Related:  []lint.Related{{Span: f.ec.Root, Message: "external credential " + f.ec.Name}},
		Identity: identity,
		// The element's text between its tags, as written (no fix is
		// offered when the editor finds it written otherwise).
		Fix: &lint.Fix{Title: fmt.Sprintf("Write %q", f.value()), Edits: []lint.Edit{{Span: a.Principal.Span,
			Old: ">" + value + "<", New: ">" + xmlText.Replace(f.value()) + "<"}}},
	})
	return true
}

// xmlText escapes text for an XML element.
var xmlText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// isDeveloperName reports whether s can be a developer name: letters,
// digits and underscores, starting with a letter.
func isDeveloperName(s string) bool {
	if s == "" || !isASCIILetter(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '_' && (c < '0' || c > '9') && !isASCIILetter(c) {
			return false
		}
	}
	return true
}
