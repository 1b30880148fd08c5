package safeio

import (
	"fmt"
	"unicode/utf8"
)

// Redact shows a secret without revealing it: its first characters, an
// ellipsis and its length, e.g. `"sk_l…" (36 characters)`. Four characters
// are shown when the value has at least 12; a shorter value shows a third
// of its length (rounded down), so "abc" becomes `"a…" (3 characters)`.
// Every security finding prints secrets only through Redact; Excerpt masks
// the secret-looking runs of other input text the same way (four
// characters and "…").
func Redact(v string) string {
	n := utf8.RuneCountInString(v)
	keep := 4
	if n < 12 {
		keep = n / 3
	}
	prefix := string([]rune(v)[:keep])
	unit := "characters"
	if n == 1 {
		unit = "character"
	}
	return fmt.Sprintf("%q (%d %s)", prefix+"…", n, unit)
}
