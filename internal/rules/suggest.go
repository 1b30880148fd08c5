package rules

import (
	"github.com/nclint/nclint/internal/suggest"
)

// squash normalises a name for "did you mean" comparisons: lower case,
// no spaces, underscores or hyphens.
func squash(s string) string { return suggest.Squash(s) }

// nearMatch returns the candidate that differs from name only by case,
// spacing or underscores, or "" when there is none (or name itself matches).
func nearMatch(name string, candidates []string) string {
	want := squash(name)
	for _, c := range candidates {
		if c != name && squash(c) == want {
			return c
		}
	}
	return ""
}

// didYouMean formats a suggestion suffix, or "" when there is none.
func didYouMean(s string) string {
	if s == "" {
		return ""
	}
	return " Did you mean \"" + s + "\"?"
}

// suggestName returns the candidate most likely meant by name: one that
// differs only by case, spacing or underscores, else the single candidate
// within a small edit distance (at most 2, and less than a third of the
// name), else "".
func suggestName(name string, candidates []string) string {
	if m := nearMatch(name, candidates); m != "" {
		return m
	}
	want := squash(name)
	limit := min(2, (len(want)-1)/3)
	best, bestDist, ties := "", limit+1, 0
	for _, c := range candidates {
		sc := squash(c)
		if len(sc) > len(want)+limit || len(want) > len(sc)+limit {
			continue // the distance is at least the length difference: too far to count, even as a tie
		}
		d := editDistance(want, sc)
		switch {
		case d < bestDist:
			best, bestDist, ties = c, d, 1
		case d == bestDist:
			ties++
		}
	}
	if ties != 1 || bestDist == 0 {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int { return suggest.EditDistance(a, b) }
