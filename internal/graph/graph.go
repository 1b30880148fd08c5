// Package graph links the parsed model into one index: named credentials to
// external credentials to principals, permission sets to the principals they
// grant, groups to permission sets, certificates by developer name, and
// callers (Apex, flows, external services, data sources) to named credentials.
package graph

import "github.com/nclint/nclint/internal/model"

// Graph is the linked view of one source tree that rules query.
type Graph struct {
	// Tree is the parsed model the graph was built from.
	Tree *model.Tree
}

// New links tree into a graph.
func New(tree *model.Tree) *Graph {
	return &Graph{Tree: tree}
}
