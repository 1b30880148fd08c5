package rules

import (
	"fmt"
	"strings"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
)

// PrincipalNotGranted (NC101) reports principals of external credentials in
// use that no permission set in the tree grants.
var PrincipalNotGranted = &lint.Rule{
	ID:        "NC101",
	Name:      "principal-not-granted",
	Level:     lint.LevelWarning,
	Precision: "high",
	Tags:      []string{"access", "callout"},
	Short:     "External credential principal that no permission set grants",
	Full: "A principal of an external credential used by a named credential is not granted by any permission set " +
		"in the tree (no externalCredentialPrincipalAccesses entry naming it exactly, with enabled true). When no principal " +
		"of the external credential is granted, every callout through the named credential fails before a request is sent " +
		"(warning); when a sibling principal is granted, callouts work and the ungranted principal is unused configuration " +
		"(note). Below sourceApiVersion 59.0 grants in permission sets cannot deploy and do not count. Grants made on " +
		"profiles are invisible to metadata. While a permission set file that names the external credential cannot be " +
		"read (NC901, or a notice), the rule reports nothing for that external credential, as the file may hold the " +
		"grant, and says so in a notice.",
	Help: `## Why it breaks

A callout through a new-style named credential authenticates as one of its external credential's principals,
and only users who have been granted a principal can use it: a user who holds several uses the one with the
lowest ` + "`sequenceNumber`" + `. The grant is an ` + "`externalCredentialPrincipalAccesses`" + ` entry on a permission set.

- If no principal of the external credential is granted by any permission set in the project, nobody in a
  freshly deployed org can call out. Salesforce throws before any request is sent:
  ` + "`System.CalloutException: We couldn't access the credential(s). You might not have the required permissions, or the external credential \"Payments_EC\" might not exist.`" + `
  (no request reaches the remote system, so there is no 401). This is a **warning**.
- If another principal of the same external credential is granted, callouts work for the users who hold it;
  the ungranted principal breaks nothing and is reported as a **note**: unused configuration, which the
  message names together with the principals that are granted.

What does not count as a grant:

- ` + "`<enabled>false</enabled>`" + `;
- a value that does not name the principal exactly, such as the Setup UI's display form
  ` + "`Payments_EC - Payments Integration`" + ` or the external credential's label (NC102 reports those);
- any grant in a permission set when the project's ` + "`sourceApiVersion`" + ` is below 59.0:
  ` + "`externalCredentialPrincipalAccesses`" + ` first appears in the API 59 WSDL (the API 58 WSDL lacks it), so
  such a permission set cannot deploy. The message says so; raise ` + "`sourceApiVersion`" + `.

Admins can also enable a principal on a profile in Setup. That assignment is not metadata, so nclint cannot
see it; if that is how your org grants the principal, the finding is expected, but the grant will be missing
in every new org (scratch orgs, sandboxes refreshed before the change). To accept such a grant, declare it
in ` + "`.nclint.yml`" + ` (it then counts as a grant, also for its sibling principals):

` + "```yaml" + `
org:
  granted_principals: ["Payments_EC-Payments Integration"]   # granted on the Integration profile
` + "```" + `

## How to fix

Grant the principal in a permission set that the calling users (or the integration user) have:

` + "```xml" + `
<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <externalCredentialPrincipalAccesses>
        <enabled>true</enabled>
        <externalCredentialPrincipal>Payments_EC-Payments Integration</externalCredentialPrincipal>
    </externalCredentialPrincipalAccesses>
    <label>Payments Integration</label>
</PermissionSet>
` + "```" + `

The value is the external credential's developer name, a hyphen, and the principal's ` + "`parameterName`" + `
(spaces included). In a namespaced project it may carry the namespace prefix (` + "`ns__Payments_EC-…`" + `).
For an unused principal (note), grant it or delete it from the external credential.

## References

- Salesforce Help, "Enable External Credential Principals" (` + "`nc_enable_ext_cred_principal`" + `): principals are
  granted through permission sets (or profiles in Setup).
- Metadata API Developer Guide, PermissionSet: ` + "`externalCredentialPrincipalAccesses`" + `, "the name of the external
  credential and principal, separated by a dash", available in API 59.0 and later.
- Metadata API WSDLs (forcedotcom/wsdl): PermissionSetExternalCredentialPrincipalAccess is absent from the
  API 58 WSDL and present from API 59.
- Gearset documentation, "Why can't I deploy External Credential Principal mappings on the Profile metadata type?".
`,
	Check: checkPrincipalNotGranted,
}

// principalAccessAPI is the first Metadata API version with
// PermissionSet.externalCredentialPrincipalAccesses (absent from the API 58
// WSDL, present from 59), read from NC505's version table.
var principalAccessAPI = apiTypes["PermissionSet"].elements["externalCredentialPrincipalAccesses"].versions.nextFrom(apiHistoryFirst)

// calloutAccessError is the exception Salesforce throws, before any request
// is sent, when the running user holds no principal of the external
// credential.
func calloutAccessError(ec string) string {
	return "System.CalloutException: We couldn't access the credential(s). You might not have the required permissions, " +
		"or the external credential \"" + ec + "\" might not exist."
}

// grantsBlocked reports whether the project's sourceApiVersion is set and
// below principalAccessAPI, so that grants in permission sets cannot deploy.
func grantsBlocked(settings model.Settings) bool {
	v := apiMajor(settings.SourceAPIVersion)
	return v > 0 && v < principalAccessAPI
}

// blockedGrants returns the permission set grants that NC101 reports as
// unable to deploy below principalAccessAPI (enabled grants of a principal
// that nothing else grants, of an external credential a named credential
// uses), by the span of their externalCredentialPrincipalAccesses element.
// NC505 leaves these to NC101, which names the same cause with the advice
// to keep the grant and raise the API version.
func blockedGrants(pass *lint.Pass) map[loc.Span]bool {
	g := pass.Graph
	if !grantsBlocked(g.Tree.Settings) {
		return nil
	}
	out := map[loc.Span]bool{}
	for _, ec := range g.Tree.ExternalCredentials {
		if len(g.NamedCredentialsUsing(ec)) == 0 || len(g.UnreadMentioning(ec.Name, model.KindPermissionSet)) > 0 {
			continue
		}
		st := grantStatusOf(pass, ec, true)
		for _, p := range ec.Principals() {
			if p.Name.Value == "" || p.Principal.Value != "" || st.granted[p.Name.Value] {
				continue
			}
			for _, gr := range g.Grants(ec, p.Name.Value) {
				if gr.Enabled() {
					out[gr.Access.Span] = true
				}
			}
		}
	}
	return out
}

func checkPrincipalNotGranted(pass *lint.Pass) {
	g := pass.Graph
	blocked := grantsBlocked(g.Tree.Settings)
	misnamed := misnamedGrants(g)
	for _, ec := range g.Tree.ExternalCredentials {
		users := g.NamedCredentialsUsing(ec)
		if len(users) == 0 {
			continue
		}
		// A permission set that could not be read may hold the grant, if
		// its bytes name the external credential.
		if files := g.UnreadMentioning(ec.Name, model.KindPermissionSet); len(files) > 0 {
			pass.NotEvaluated("external credential "+ec.Name, files...)
			continue
		}
		st := grantStatusOf(pass, ec, blocked)
		st.misnamed = misnamed[ec]
		for _, p := range ec.Principals() {
			// An API 54-57 <principal> element mapped the principal to a
			// permission set; NC504 reports that shape, not this rule.
			if p.Name.Value == "" || p.Principal.Value != "" || st.granted[p.Name.Value] {
				continue
			}
			reportUngranted(pass, ec, p, users, st)
		}
	}
}

// misnamedGrants maps each external credential to the grants that name no
// principal exactly but were meant for one of its principals (NC102
// recognises the form), by principal name.
func misnamedGrants(g *graph.Graph) map[*model.ExternalCredential]map[string][]graph.Grant {
	out := map[*model.ExternalCredential]map[string][]graph.Grant{}
	for _, gr := range g.AllGrants() {
		if _, target := g.GrantTarget(gr.Access.Principal.Value); target != nil {
			continue
		}
		f, ok := recognizeGrant(g, gr.Access.Principal.Value)
		if !ok || f.ec == nil {
			continue
		}
		if out[f.ec] == nil {
			out[f.ec] = map[string][]graph.Grant{}
		}
		out[f.ec][f.principal] = append(out[f.ec][f.principal], gr)
	}
	return out
}

// grantStatus says which principals of one external credential users can
// hold, and how.
type grantStatus struct {
	blocked bool            // grants in permission sets cannot deploy (sourceApiVersion < 59)
	granted map[string]bool // principal name -> granted
	// names lists the granted principals in file order, each with where
	// the grant is ("in Billing_Integration", "per org.granted_principals").
	names   []string
	related []lint.Related // the enabled grants of granted principals
	// misnamed: principal name -> grants meant for it that name no
	// principal exactly (the Setup display form, a label; NC102).
	misnamed map[string][]graph.Grant
}

func grantStatusOf(pass *lint.Pass, ec *model.ExternalCredential, blocked bool) grantStatus {
	g := pass.Graph
	st := grantStatus{blocked: blocked, granted: map[string]bool{}}
	for _, p := range ec.Principals() {
		name := p.Name.Value
		if name == "" || st.granted[name] {
			continue
		}
		switch {
		case pass.Settings.PrincipalGrantedInOrg(g.Local(ec.Name), name):
			st.granted[name] = true
			st.names = append(st.names, fmt.Sprintf("%q (per org.granted_principals)", name))
		case p.Principal.Value != "":
			// The API 54-57 shape maps the principal to a permission set;
			// below API 58 that is how it is granted.
			if v := apiMajor(g.Tree.Settings.SourceAPIVersion); v > 0 && v < 58 {
				st.granted[name] = true
				st.names = append(st.names, fmt.Sprintf("%q (by its <principal> element, in %s)", name, p.Principal.Value))
			}
		case !blocked:
			var in []string
			for _, gr := range g.Grants(ec, name) {
				if gr.Enabled() {
					in = append(in, gr.PermissionSet.Name)
					st.related = append(st.related, lint.Related{Span: gr.Access.Principal.Span,
						Message: fmt.Sprintf("principal %q granted in permission set %s", name, gr.PermissionSet.Name)})
				}
			}
			if len(in) > 0 {
				st.granted[name] = true
				st.names = append(st.names, fmt.Sprintf("%q (in %s)", name, strings.Join(in, ", ")))
			}
		}
	}
	return st
}

func reportUngranted(pass *lint.Pass, ec *model.ExternalCredential, p model.ExternalCredentialParameter, users []*model.NamedCredential, st grantStatus) {
	grants := pass.Graph.Grants(ec, p.Name.Value)
	var ncNames []string
	var related []lint.Related
	for _, nc := range users {
		ncNames = append(ncNames, nc.Name)
		for _, ref := range graph.AuthenticationOf(nc) {
			if pass.Graph.ExternalCredential(ref.Value) == ec {
				related = append(related, lint.Related{Span: ref.Span, Message: "named credential " + nc.Name + " uses " + ec.Name})
			}
		}
	}
	var enabledIn, disabledIn []string
	for _, gr := range grants {
		if gr.Enabled() {
			enabledIn = append(enabledIn, gr.PermissionSet.Name)
			related = append(related, lint.Related{Span: gr.Access.Principal.Span,
				Message: fmt.Sprintf("grant in permission set %s, which cannot deploy below API %d", gr.PermissionSet.Name, principalAccessAPI)})
		} else {
			disabledIn = append(disabledIn, gr.PermissionSet.Name)
			related = append(related, lint.Related{Span: gr.Access.Enabled.Span, Message: "grant disabled in permission set " + gr.PermissionSet.Name})
		}
	}
	// Grants meant for this principal but written in another form (NC102).
	var misnamed []string
	for _, gr := range st.misnamed[p.Name.Value] {
		misnamed = append(misnamed, fmt.Sprintf("%q in %s", gr.Access.Principal.Value, gr.PermissionSet.Name))
		related = append(related, lint.Related{Span: gr.Access.Principal.Span,
			Message: fmt.Sprintf("grant %q in permission set %s names no principal exactly", gr.Access.Principal.Value, gr.PermissionSet.Name)})
	}
	grantName := ec.Name + "-" + p.Name.Value
	ncs := strings.Join(ncNames, ", ")

	// What is wrong with this principal's grants, and the fix.
	var state, fix string
	switch {
	case len(enabledIn) > 0: // only when grants are blocked by the API version
		state = fmt.Sprintf("is granted in permission set %s, but externalCredentialPrincipalAccesses exists only from API %d.0 and "+
			"sourceApiVersion is %s: the grant cannot deploy", strings.Join(enabledIn, ", "), principalAccessAPI, pass.Graph.Tree.Settings.SourceAPIVersion)
		fix = fmt.Sprintf("Raise sourceApiVersion in sfdx-project.json to %d.0 or later.", principalAccessAPI)
	case len(disabledIn) > 0:
		state = fmt.Sprintf("is granted only with <enabled>false</enabled> (in %s)", strings.Join(disabledIn, ", "))
		fix = "Set enabled to true."
	default:
		state = "is not granted by any permission set"
		fix = fmt.Sprintf("Add an externalCredentialPrincipalAccesses entry %q with enabled true to a permission set.", grantName)
		if st.blocked {
			fix = fmt.Sprintf("Grant it in a permission set with an externalCredentialPrincipalAccesses entry %q, which needs "+
				"sourceApiVersion %d.0 or later (it is %s).", grantName, principalAccessAPI, pass.Graph.Tree.Settings.SourceAPIVersion)
		}
	}

	switch len(misnamed) {
	case 0:
	case 1:
		state += fmt.Sprintf(" (the grant %s does not count: it names no principal exactly, see NC102)", misnamed[0])
	default:
		state += fmt.Sprintf(" (the grants %s do not count: they name no principal exactly, see NC102)", strings.Join(misnamed, ", "))
	}
	if len(st.names) > 0 {
		// A sibling principal is granted: callouts work; this one is unused.
		related = append(related, st.related...)
		pass.Report(lint.Finding{
			Level: lint.LevelNote,
			Message: fmt.Sprintf("Principal %q of external credential %s %s, but %s granted, so callouts through %s work "+
				"and %q is unused configuration. Grant it if some users should call out as %q, or delete it.",
				p.Name.Value, ec.Name, state, grantedList(st.names), ncs, p.Name.Value, p.Name.Value),
			Span:     p.Name.Span,
			Related:  related,
			Identity: "ExternalCredential:" + ec.Name + "|principal:" + p.Name.Value,
		})
		return
	}
	others := ""
	if len(ec.Principals()) > 1 {
		others = fmt.Sprintf(" and no other principal of %s is granted either", ec.Name)
	}
	msg := fmt.Sprintf("Principal %q of external credential %s %s%s, so every callout through %s fails before any request is sent: %s %s",
		p.Name.Value, ec.Name, state, others, ncs, calloutAccessError(ec.Name), fix)
	msg += " Grants made on profiles are not metadata and nclint cannot see them; prefer a permission set so the grant deploys, " +
		"or list the principal under org.granted_principals in .nclint.yml."
	pass.Report(lint.Finding{
		Message:  msg,
		Span:     p.Name.Span,
		Related:  related,
		Identity: "ExternalCredential:" + ec.Name + "|principal:" + p.Name.Value,
	})
}

// grantedList phrases the granted principals: `"A" (in PS) is` or
// `"A" (in PS) and "B" (in PS2) are`.
func grantedList(names []string) string {
	if len(names) == 1 {
		return "its principal " + names[0] + " is"
	}
	return "its principals " + strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1] + " are"
}
