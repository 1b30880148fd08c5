package rules

import (
	"strings"
)

// squash normalises a name for "did you mean" comparisons: lower case,
// no spaces, underscores or hyphens.
func squash(s string) string {
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
