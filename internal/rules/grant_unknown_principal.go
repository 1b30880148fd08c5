package rules

import (
	"fmt"
	"strings"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/model"
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
		"itself is not in the tree (warning). The deploy fails with an invalid cross reference, or the intended principal " +
		"stays ungranted and callouts return 401 Unauthorized.",
	Help: `## Why it breaks

The value of ` + "`externalCredentialPrincipal`" + ` is ` + "`<ExternalCredentialDeveloperName>-<principal parameterName>`" + `,
matched exactly. A principal renamed in the external credential, a difference in case or spacing, or an external
credential that was never committed leaves the grant pointing at nothing: the deploy fails with
"invalid cross reference id", or, when the external credential exists only in the org, the grant silently misses.

## How to fix

Use the external credential's developer name (the file name, not the label) and the principal's exact
` + "`parameterName`" + `:

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

If the external credential lives only in the org, commit it, or ignore the finding where you know it exists.
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
	if g.ForeignNamespace(ecName) != "" {
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
	if ec == nil && lint.InOrg(pass.Settings.Org.ExternalCredentials, g.Local(ecName)) {
		return // exists in the org, per the configuration
	}
	if ec == nil {
		hint := ""
		if near := g.ExternalCredentialFold(ecName); len(near) > 0 {
			hint = didYouMean(near[0].Name + "-" + principal)
		} else if m := nearMatch(g.Local(ecName), localNames(g, g.Tree.ExternalCredentials, func(c *model.ExternalCredential) string { return c.Name })); m != "" {
			hint = didYouMean(m + "-" + principal)
		}
		pass.Report(lint.Finding{
			Level: lint.LevelWarning,
			Message: fmt.Sprintf("Permission set %s grants principal %q of external credential %s, which is not in the tree; "+
				"the deploy fails unless the external credential already exists in the target org.%s", ps.Name, principal, ecName, hint),
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
	if m := nearMatch(principal, names); m != "" {
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
