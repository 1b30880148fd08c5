package graph

import (
	"slices"
	"sync"

	"github.com/nclint/nclint/internal/model"
)

// What could not be read: rules ask these before they conclude anything
// from the absence of an element, and report lint.Pass.NotEvaluated with
// the files returned instead of a finding.

// unreadCache holds the Meta of every Unparsed component, by kind, built
// on first use so that asking per component stays linear in the number of
// unreadable files rather than in the size of the tree.
type unreadCache struct {
	once   sync.Once
	byKind map[model.Kind][]*model.Meta
}

// unparsed returns the unparsed components of kind k.
func (g *Graph) unparsed(k model.Kind) []*model.Meta {
	g.unread.once.Do(func() {
		g.unread.byKind = map[model.Kind][]*model.Meta{}
		for _, m := range g.Tree.Metas() {
			if m.Unparsed {
				g.unread.byKind[m.Kind] = append(g.unread.byKind[m.Kind], m)
			}
		}
	})
	return g.unread.byKind[k]
}

// UnreadAreas returns the directories that could not be listed and may
// hold components of kind k: a component of that kind missing from the
// tree may be there.
func (g *Graph) UnreadAreas(k model.Kind) []string {
	var out []string
	for _, a := range g.Tree.Unread {
		if a.Holds(k) {
			out = append(out, a.Path)
		}
	}
	return out
}

// UnreadMentioning returns the files of components of the given kinds
// that could not be read (or parsed) and whose bytes may name word, and
// the unread directories that may hold such components, sorted. An empty
// result means the tree's evidence about word is complete for those kinds.
func (g *Graph) UnreadMentioning(word string, kinds ...model.Kind) []string {
	var out []string
	for _, k := range kinds {
		for _, m := range g.unparsed(k) {
			// A grant or reference may spell a namespaced name without
			// its prefix (ns__Billing_EC as Billing_EC).
			if m.MayMention(word) || m.MayMention(g.Local(word)) {
				out = append(out, m.File)
			}
		}
		out = append(out, g.UnreadAreas(k)...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
