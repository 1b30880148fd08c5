package rules

// didYouMean formats a suggestion suffix (from internal/suggest), or ""
// when there is none.
func didYouMean(s string) string {
	if s == "" {
		return ""
	}
	return " Did you mean \"" + s + "\"?"
}
