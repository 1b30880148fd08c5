package rules

import (
	"slices"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
)

// referenceKinds maps the target of an NC501 reference ("external
// credential") to its metadata type, to ask which unread directories may
// hold the missing component.
var referenceKinds = map[string]model.Kind{
	"external credential":             model.KindExternalCredential,
	"named credential":                model.KindNamedCredential,
	"auth provider":                   model.KindAuthProvider,
	"external auth identity provider": model.KindExternalAuthIdentityProvider,
	"outbound network connection":     model.KindOutboundNetworkConnection,
	"external service":                model.KindExternalServiceRegistration,
	"permission set":                  model.KindPermissionSet,
	"muting permission set":           model.KindMutingPermissionSet,
}

// unreadHolding returns the unread directories that may hold the missing
// target of a reference (see referenceKinds); nil when the tree is
// complete for that type.
func unreadHolding(g *graph.Graph, target string) []string {
	k, ok := referenceKinds[target]
	if !ok {
		return nil
	}
	return g.UnreadAreas(k)
}

// unreadAccessFiles returns the files that could not be read and may give
// the users of ps object access on UserExternalCredential: ps's own
// unparsed files when their bytes mention the object, an unreadable
// permission set group that names ps, an unreadable member of a group
// containing ps, and unread directories that may hold permission sets or
// groups. Sorted; nil when the evidence is complete. The members of each
// group are looked at once per run (memo), not once per permission set in
// it: with every grant in one group of 8,000 that was 64 million lookups.
func unreadAccessFiles(g *graph.Graph, ps *model.PermissionSet, memo *groupMemo) []string {
	const object = "UserExternalCredential"
	var out []string
	if ps.MayMention(object) {
		out = append(out, ps.File)
	}
	out = append(out, g.UnreadMentioning(ps.Name, model.KindPermissionSetGroup)...)
	for _, grp := range g.GroupsContaining(ps) {
		// ps itself may be among the group's files: it is already in out
		// exactly when it mentions the object, so the result is the same.
		out = append(out, memo.unreadMembers(g, grp, object)...)
	}
	out = append(out, g.UnreadAreas(model.KindPermissionSet)...)
	slices.Sort(out)
	return slices.Compact(out)
}

// groupMemo keeps what NC104 works out about each permission set group
// for one run, so that the cost per grant does not grow with the size of
// the groups it is in. A group's access unit is the same for every member
// (graph.AccessUnits), so its facts are too.
type groupMemo struct {
	unread map[*model.PermissionSetGroup][]string
	access map[*model.PermissionSetGroup]unitAccess
}

type unitAccess struct {
	access, mutedAway graph.UECPerms
	muters            []string
}

func newGroupMemo() *groupMemo {
	return &groupMemo{
		unread: map[*model.PermissionSetGroup][]string{},
		access: map[*model.PermissionSetGroup]unitAccess{},
	}
}

// unreadMembers returns the files of grp's members that could not be read
// and may mention object.
func (m *groupMemo) unreadMembers(g *graph.Graph, grp *model.PermissionSetGroup, object string) []string {
	if files, ok := m.unread[grp]; ok {
		return files
	}
	var files []string
	for _, mem := range grp.PermissionSets {
		if other := g.PermissionSet(mem.Value); other != nil && other.MayMention(object) {
			files = append(files, other.File)
		}
	}
	m.unread[grp] = files
	return files
}

// unitUECAccess is graph.UnitUECAccess, once per group. The muters slice
// is shared: callers must not modify it.
func (m *groupMemo) unitUECAccess(u graph.AccessUnit) (access, mutedAway graph.UECPerms, muters []string) {
	if u.Group == nil {
		return graph.UnitUECAccess(u)
	}
	a, ok := m.access[u.Group]
	if !ok {
		a.access, a.mutedAway, a.muters = graph.UnitUECAccess(u)
		m.access[u.Group] = a
	}
	return a.access, a.mutedAway, a.muters
}

// atLine returns sp, or its file's first line when sp has no position (a
// component whose file could not be parsed), so every format has a line.
func atLine(sp loc.Span) loc.Span {
	if !sp.Start.IsValid() {
		sp.Start, sp.End = loc.Pos{Line: 1, Col: 1}, loc.Pos{}
	}
	return sp
}
