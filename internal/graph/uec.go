package graph

import (
	"strings"

	"github.com/nclint/nclint/internal/model"
)

// UECPerms is a set of UserExternalCredential object permissions.
type UECPerms uint8

// The UserExternalCredential object permissions, one bit each.
const (
	UECRead UECPerms = 1 << iota
	UECCreate
	UECEdit
	UECDelete
	UECViewAll
	UECModifyAll
)

var uecPermNames = []struct {
	p    UECPerms
	name string
}{
	{UECRead, "Read"}, {UECCreate, "Create"}, {UECEdit, "Edit"}, {UECDelete, "Delete"},
	{UECViewAll, "View All"}, {UECModifyAll, "Modify All Records"},
}

// String lists the permissions in p, in Setup's order.
func (p UECPerms) String() string {
	var out []string
	for _, n := range uecPermNames {
		if p&n.p != 0 {
			out = append(out, n.name)
		}
	}
	return strings.Join(out, ", ")
}

// UECPermsOf returns the UserExternalCredential permissions an entry sets
// to true (0 for another object).
func UECPermsOf(op model.ObjectPermission) UECPerms {
	if !strings.EqualFold(op.Object.Value, "UserExternalCredential") {
		return 0
	}
	var p UECPerms
	for _, f := range []struct {
		t model.Text
		p UECPerms
	}{
		{op.AllowRead, UECRead}, {op.AllowCreate, UECCreate}, {op.AllowEdit, UECEdit},
		{op.AllowDelete, UECDelete}, {op.ViewAllRecords, UECViewAll}, {op.ModifyAllRecords, UECModifyAll},
	} {
		if f.t.Bool() {
			p |= f.p
		}
	}
	return p
}

// Granted is what enabling p gives: Modify All includes every other
// permission, View All includes Read.
func (p UECPerms) Granted() UECPerms {
	if p&UECModifyAll != 0 {
		p |= UECRead | UECCreate | UECEdit | UECDelete | UECViewAll
	}
	if p&UECViewAll != 0 {
		p |= UECRead
	}
	return p
}

// Muted is what muting p turns off: the permissions in p and those that
// depend on them (everything depends on Read; Delete and Modify All on
// Edit; Modify All on Delete and View All).
func (p UECPerms) Muted() UECPerms {
	if p&UECRead != 0 {
		p |= UECCreate | UECEdit | UECDelete | UECViewAll | UECModifyAll
	}
	if p&UECEdit != 0 {
		p |= UECDelete | UECModifyAll
	}
	if p&(UECDelete|UECViewAll) != 0 {
		p |= UECModifyAll
	}
	return p
}

// SetUECPerms is the UserExternalCredential access the permission set's own
// objectPermissions give.
func SetUECPerms(ps *model.PermissionSet) UECPerms {
	var p UECPerms
	for _, op := range ps.ObjectPermissions {
		p |= UECPermsOf(op)
	}
	return p
}

// UnitUECAccess is the UserExternalCredential access one assignment unit
// gives, and what its muting permission sets took away from it.
func UnitUECAccess(u AccessUnit) (access, mutedAway UECPerms, muters []string) {
	for _, m := range u.Members {
		access |= SetUECPerms(m).Granted()
	}
	for _, m := range u.Muting {
		if off := SetUECPerms(m).Muted(); off&access != 0 {
			mutedAway |= off & access
			muters = append(muters, m.Name)
		}
	}
	return access &^ mutedAway, mutedAway, muters
}

// UECPrincipalKind is how a principal is classed for the
// UserExternalCredential access its users need.
type UECPrincipalKind int

// The principal classes of UECRequirement.
const (
	UECPerUser    UECPrincipalKind = iota // a per-user principal, any protocol
	UECOAuthNamed                         // a named principal of an OAuth external credential
	UECOtherNamed                         // a named principal of another protocol (Custom, Basic, AWS)
)

// UECRequirement returns the UserExternalCredential access the users of
// principal p of ec need to call out, the principal's class, and whether
// Salesforce documents that need: Read, Create, Edit and Delete for a
// per-user principal (documented for OAuth only), Modify All for an OAuth
// named principal (documented: Salesforce refreshes the shared token on the
// calling user's behalf), Read otherwise (what vendors document; the Help
// table "Permission Concepts for User External Credentials" gives no level
// nclint could verify for Custom, Basic or AWS principals).
func UECRequirement(ec *model.ExternalCredential, p *model.ExternalCredentialParameter) (need UECPerms, kind UECPrincipalKind, documented bool) {
	oauth := ec.AuthenticationProtocol.Is("Oauth")
	switch {
	case p.Type.Is(model.PerUserPrincipal):
		return UECRead | UECCreate | UECEdit | UECDelete, UECPerUser, oauth
	case p.Type.Is(model.NamedPrincipal) && oauth:
		return UECModifyAll, UECOAuthNamed, true
	default:
		return UECRead, UECOtherNamed, false
	}
}

// UECNeed returns the UserExternalCredential access the users of principal p
// of ec need to call out (see UECRequirement).
func UECNeed(ec *model.ExternalCredential, p *model.ExternalCredentialParameter) UECPerms {
	need, _, _ := UECRequirement(ec, p)
	return need
}
