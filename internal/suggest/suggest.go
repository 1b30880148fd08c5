// Package suggest finds the names a user most likely meant: the rules' "did
// you mean" hints and the nearest names of an unknown query share it.
package suggest

import (
	"cmp"
	"slices"
	"strings"
)

// Squash normalises a name for "did you mean" comparisons: lower case,
// no spaces, underscores or hyphens.
func Squash(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case ' ', '_', '-', '\t':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// EditDistance is the Levenshtein distance between a and b, in bytes.
func EditDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Nearest returns up to n candidates closest to name, compared squashed:
// those that contain it or are contained in it first, then by edit
// distance, each at most a third of the name's length away (at least 2); ties by name.
func Nearest(name string, candidates []string, n int) []string {
	want := Squash(name)
	type scored struct {
		name string
		d    int
	}
	var out []scored
	seen := map[string]bool{}
	for _, c := range candidates {
		if seen[c] {
			continue
		}
		seen[c] = true
		s := Squash(c)
		d := EditDistance(want, s)
		if want != "" && s != "" && (strings.Contains(s, want) || strings.Contains(want, s)) {
			d = 0
		}
		if d <= max(2, len(want)/3) {
			out = append(out, scored{c, d})
		}
	}
	slices.SortFunc(out, func(a, b scored) int {
		if c := cmp.Compare(a.d, b.d); c != 0 {
			return c
		}
		return cmp.Compare(a.name, b.name)
	})
	var names []string
	for _, s := range out[:min(n, len(out))] {
		names = append(names, s.name)
	}
	return names
}

// Near returns the candidate that differs from name only by case, spacing,
// underscores or hyphens, or "" when there is none (or name itself is one).
func Near(name string, candidates []string) string {
	return NewIndex(candidates).Near(name)
}

// Best returns the one candidate most likely meant by name, for a "did you
// mean" hint: Near's, else the single candidate within a small edit
// distance of the squashed name (at most 2, and less than a third of its
// length), else "". It is stricter than Nearest, which lists candidates: a
// hint names one answer, so ties give none.
func Best(name string, candidates []string) string {
	return NewIndex(candidates).Best(name)
}

// Index holds candidate names prepared once (squashed, case-folded) for
// many questions: a rule asking Best for each of n unresolved names over n
// candidates would otherwise squash n*n names.
type Index struct {
	names    []string
	squashed []string
	bySquash map[string][]int // squashed name -> indices into names, in order
	folded   map[string]bool  // lower-cased names
}

// NewIndex prepares candidates (in their order, which decides Near's answer).
func NewIndex(candidates []string) *Index {
	x := &Index{names: candidates, squashed: make([]string, len(candidates)),
		bySquash: make(map[string][]int, len(candidates)), folded: make(map[string]bool, len(candidates))}
	for i, c := range candidates {
		sc := Squash(c)
		x.squashed[i] = sc
		x.bySquash[sc] = append(x.bySquash[sc], i)
		x.folded[strings.ToLower(c)] = true
	}
	return x
}

// HasFold reports whether a candidate equals name, ignoring case.
func (x *Index) HasFold(name string) bool { return x.folded[strings.ToLower(name)] }

// Near is the package-level Near over the index's candidates.
func (x *Index) Near(name string) string {
	for _, i := range x.bySquash[Squash(name)] {
		if x.names[i] != name {
			return x.names[i]
		}
	}
	return ""
}

// Best is the package-level Best over the index's candidates.
func (x *Index) Best(name string) string {
	if m := x.Near(name); m != "" {
		return m
	}
	want := Squash(name)
	limit := min(2, (len(want)-1)/3)
	best, bestDist, ties := "", limit+1, 0
	for i, sc := range x.squashed {
		if len(sc) > len(want)+limit || len(want) > len(sc)+limit {
			continue // the distance is at least the length difference: too far to count, even as a tie
		}
		d := EditDistance(want, sc)
		switch {
		case d < bestDist:
			best, bestDist, ties = x.names[i], d, 1
		case d == bestDist:
			ties++
		}
	}
	if ties != 1 || bestDist == 0 {
		return ""
	}
	return best
}
