package graph

import (
	"slices"
	"strings"

	"github.com/nclint/nclint/internal/model"
)

// AccessUnit is one way the permissions of a permission set reach a user:
// through a permission set group that lists it (Group set: the user gets
// every member's permissions, minus what the group's muting permission sets
// turn off), or through assigning the permission set alone (Group nil).
type AccessUnit struct {
	// Group is the permission set group, or nil for the permission set
	// assigned alone.
	Group *model.PermissionSetGroup
	// Members are the group's permission sets found in the tree, in the
	// group's order (the permission set itself when Group is nil).
	Members []*model.PermissionSet
	// Muting are the group's muting permission sets found in the tree.
	Muting []*model.PermissionSet
	// Unknown lists the permission sets and muting permission sets the
	// group names that are not in the tree (standard, managed or org-only
	// ones) or could not be read: what they grant or mute is unknown.
	Unknown []string
}

// AccessUnits returns the assignment units through which the permissions
// of ps reach users: one per permission set group listing ps, in tree
// order, or ps alone when no group lists it. Access is combined within a
// unit only, never across units: a user holding one group does not get
// what another group adds.
//
// A group's unit is the same for each of its members, so graph.New builds
// it once and calls share it: the slices of the units returned must not be
// modified. The cost of a call is the number of groups listing ps, not
// their sizes.
func (g *Graph) AccessUnits(ps *model.PermissionSet) []AccessUnit {
	groups := g.GroupsContaining(ps)
	if len(groups) == 0 {
		return []AccessUnit{{Members: []*model.PermissionSet{ps}}}
	}
	units := make([]AccessUnit, 0, len(groups))
	for _, grp := range groups {
		u, ok := g.units[grp]
		if !ok { // a group not in the tree: not indexed
			u = g.groupUnit(grp)
		}
		units = append(units, u)
	}
	return units
}

// groupUnit builds the access unit of grp. Its slices are clipped, so an
// append by a caller copies instead of writing into the shared array.
func (g *Graph) groupUnit(grp *model.PermissionSetGroup) AccessUnit {
	u := AccessUnit{Group: grp}
	for _, m := range grp.PermissionSets {
		switch other := g.PermissionSet(m.Value); {
		case other == nil || other.Unparsed:
			u.Unknown = append(u.Unknown, m.Value)
		default:
			u.Members = append(u.Members, other)
		}
	}
	for _, m := range grp.MutingPermissionSets {
		switch other := g.MutingPermissionSet(m.Value); {
		case other == nil || other.Unparsed:
			u.Unknown = append(u.Unknown, m.Value)
		default:
			u.Muting = append(u.Muting, other)
		}
	}
	u.Members, u.Muting, u.Unknown = slices.Clip(u.Members), slices.Clip(u.Muting), slices.Clip(u.Unknown)
	return u
}

// Principal returns the principal of ec whose parameterName is exactly
// name, or nil.
func Principal(ec *model.ExternalCredential, name string) *model.ExternalCredentialParameter {
	for i := range ec.Parameters {
		if p := &ec.Parameters[i]; p.IsPrincipal() && p.Name.Value == name {
			return p
		}
	}
	return nil
}

// GrantTarget resolves an externalCredentialPrincipal value the way the
// deploy does: the external credential developer name (with or without the
// project namespace prefix), a hyphen, the principal's exact parameterName.
// It returns the external credential (nil when the value names none in the
// tree) and the principal (nil when the external credential has no
// principal of exactly that name). Any other form, such as the Setup UI's
// "EC - Principal" with spaces, names nothing.
func (g *Graph) GrantTarget(value string) (*model.ExternalCredential, *model.ExternalCredentialParameter) {
	ecName, principal, ok := model.SplitPrincipal(value)
	if !ok {
		return nil, nil
	}
	ec := g.ExternalCredential(ecName)
	if ec == nil {
		return nil, nil
	}
	return ec, Principal(ec, principal)
}

// ExternalCredentialsByLabel returns the external credentials whose label
// equals label ignoring case and surrounding spaces, in tree order.
func (g *Graph) ExternalCredentialsByLabel(label string) []*model.ExternalCredential {
	label = strings.TrimSpace(label)
	var out []*model.ExternalCredential
	for _, ec := range g.Tree.ExternalCredentials {
		if label != "" && strings.EqualFold(strings.TrimSpace(ec.Label.Value), label) {
			out = append(out, ec)
		}
	}
	return out
}
