package rules

import (
	"fmt"
	"strings"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/model"
)

// UserExternalCredentialAccess (NC104) reports principal grants whose users
// lack the UserExternalCredential object permissions the principal needs.
var UserExternalCredentialAccess = &lint.Rule{
	ID:        "NC104",
	Name:      "user-external-credential-access",
	Level:     lint.LevelWarning,
	Precision: "medium",
	Tags:      []string{"access", "callout"},
	Short:     "Principal granted without the UserExternalCredential access it needs",
	Full: "A permission set grants an external credential principal, but neither it nor any permission set group " +
		"containing it grants the object permissions on UserExternalCredential that the principal needs: Read, Create, " +
		"Edit and Delete for a per-user principal, at least Read for a named principal. Users then fail with a missing " +
		"access error even though the principal is granted.",
	Help: `## Why it breaks

Salesforce stores the tokens and credentials of external credential principals in the standard object
` + "`UserExternalCredential`" + `. Users who call out need object access to it: a per-user principal creates, reads,
updates and deletes the user's own record during the OAuth flow and token refresh; a named principal needs at
least Read. Standard profiles usually include it, but custom permission sets, minimum-access and integration
profiles do not, and the callout fails with an insufficient-access error.

Access granted by the users' profile is not visible to nclint; if your users get it there, the finding is expected.

## How to fix

Add the object permission to the permission set that grants the principal (or to a permission set in the same
permission set group):

` + "```xml" + `
<objectPermissions>
    <allowCreate>true</allowCreate>
    <allowDelete>true</allowDelete>
    <allowEdit>true</allowEdit>
    <allowRead>true</allowRead>
    <modifyAllRecords>false</modifyAllRecords>
    <object>UserExternalCredential</object>
    <viewAllRecords>false</viewAllRecords>
</objectPermissions>
` + "```" + `
`,
	Check: checkUserExternalCredentialAccess,
}

// uecAccess is a set of UserExternalCredential permissions.
type uecAccess struct{ read, create, edit, del bool }

func (a *uecAccess) add(op model.ObjectPermission) {
	all := op.ModifyAllRecords.Bool()
	a.read = a.read || all || op.AllowRead.Bool() || op.ViewAllRecords.Bool()
	a.create = a.create || all || op.AllowCreate.Bool()
	a.edit = a.edit || all || op.AllowEdit.Bool()
	a.del = a.del || all || op.AllowDelete.Bool()
}

func (a uecAccess) missing(perUser bool) []string {
	var out []string
	if !a.read {
		out = append(out, "Read")
	}
	if perUser {
		if !a.create {
			out = append(out, "Create")
		}
		if !a.edit {
			out = append(out, "Edit")
		}
		if !a.del {
			out = append(out, "Delete")
		}
	}
	return out
}

// uecAccessOf collects the UserExternalCredential permissions of ps and of
// every permission set in the groups that contain it. Each group's union
// is computed once per run and kept in groups (a group of n permission sets
// would otherwise cost n for each of its n members).
func uecAccessOf(g *graph.Graph, ps *model.PermissionSet, groups map[*model.PermissionSetGroup]uecAccess) uecAccess {
	addSet := func(a *uecAccess, p *model.PermissionSet) {
		for _, op := range p.ObjectPermissions {
			if strings.EqualFold(op.Object.Value, "UserExternalCredential") {
				a.add(op)
			}
		}
	}
	var a uecAccess
	addSet(&a, ps)
	for _, grp := range g.GroupsContaining(ps) {
		ga, ok := groups[grp]
		if !ok {
			for _, m := range grp.PermissionSets {
				if other := g.PermissionSet(m.Value); other != nil {
					addSet(&ga, other)
				}
			}
			groups[grp] = ga
		}
		a = uecAccess{a.read || ga.read, a.create || ga.create, a.edit || ga.edit, a.del || ga.del}
	}
	return a
}

// grantedPrincipal resolves an enabled grant to its principal in the tree.
func grantedPrincipal(g *graph.Graph, a model.PrincipalAccess) (*model.ExternalCredential, *model.ExternalCredentialParameter) {
	if !a.Enabled.Bool() {
		return nil, nil
	}
	ecName, principal, ok := model.SplitPrincipal(a.Principal.Value)
	if !ok {
		return nil, nil
	}
	ec := g.ExternalCredential(ecName)
	if ec == nil {
		return nil, nil
	}
	for _, p := range ec.Principals() {
		if p.Name.Value == principal {
			return ec, &p
		}
	}
	return ec, nil
}

func checkUserExternalCredentialAccess(pass *lint.Pass) {
	g := pass.Graph
	groups := map[*model.PermissionSetGroup]uecAccess{}
	for _, ps := range g.Tree.PermissionSets {
		var access *uecAccess
		for _, a := range ps.PrincipalAccesses {
			ec, p := grantedPrincipal(g, a)
			if p == nil {
				continue
			}
			if access == nil {
				acc := uecAccessOf(g, ps, groups)
				access = &acc
			}
			perUser := p.Type.Is(model.PerUserPrincipal)
			miss := access.missing(perUser)
			if len(miss) == 0 {
				continue
			}
			kind, need := "named principal", "Read"
			if perUser {
				kind, need = "per-user principal", "Read, Create, Edit and Delete"
			}
			pass.Report(lint.Finding{
				Message: fmt.Sprintf("Permission set %s grants %s %q of %s, but neither it nor a permission set group containing it "+
					"gives %s on UserExternalCredential (missing: %s); callouts fail with an insufficient access error unless the "+
					"users' profile grants it. Add an objectPermissions entry for UserExternalCredential.",
					ps.Name, kind, p.Name.Value, ec.Name, need, strings.Join(miss, ", ")),
				Span:     a.Principal.Span,
				Related:  []lint.Related{{Span: p.Name.Span, Message: kind + " " + p.Name.Value}},
				Identity: "PermissionSet:" + ps.Name + "|grant:" + a.Principal.Value + "|uec",
			})
		}
	}
}
