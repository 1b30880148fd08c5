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
// groups. Sorted; nil when the evidence is complete.
func unreadAccessFiles(g *graph.Graph, ps *model.PermissionSet) []string {
	const object = "UserExternalCredential"
	var out []string
	if ps.MayMention(object) {
		out = append(out, ps.File)
	}
	out = append(out, g.UnreadMentioning(ps.Name, model.KindPermissionSetGroup)...)
	for _, grp := range g.GroupsContaining(ps) {
		for _, m := range grp.PermissionSets {
			if other := g.PermissionSet(m.Value); other != nil && other != ps && other.MayMention(object) {
				out = append(out, other.File)
			}
		}
	}
	out = append(out, g.UnreadAreas(model.KindPermissionSet)...)
	slices.Sort(out)
	return slices.Compact(out)
}

// atLine returns sp, or its file's first line when sp has no position (a
// component whose file could not be parsed), so every format has a line.
func atLine(sp loc.Span) loc.Span {
	if !sp.Start.IsValid() {
		sp.Start, sp.End = loc.Pos{Line: 1, Col: 1}, loc.Pos{}
	}
	return sp
}
