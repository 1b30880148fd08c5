package safeio

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxExcerpt is the most characters of input Excerpt keeps.
const MaxExcerpt = 40

// minSecretRun is the shortest run of letters, digits, "+" and "=" that
// Excerpt treats as a possible secret when it mixes letters and digits (API
// keys, passwords, base64 key material). Shorter runs, and names whose
// underscore-separated words are short ("Billing_Service_2024"), stay
// readable.
const minSecretRun = 10

// Excerpt returns a short, safe excerpt of input text for a message: runs
// that look like secrets (minSecretRun or more letters, digits, "+" and "="
// mixing letters and digits) keep their first four characters
// followed by "…", control characters and invalid UTF-8 are escaped
// (\n, \x1b, \xff), and the result is cut to MaxExcerpt characters with
// "…" marking the cut.
func Excerpt(s string) string {
	var b strings.Builder
	n := 0
	cut := false
	for _, part := range maskSecrets(s) {
		for i := 0; i < len(part); {
			r, size := utf8.DecodeRuneInString(part[i:])
			var esc string
			switch {
			case r == utf8.RuneError && size <= 1:
				esc = fmt.Sprintf(`\x%02x`, part[i])
			case r == '\n':
				esc = `\n`
			case r == '\r':
				esc = `\r`
			case r == '\t':
				esc = `\t`
			case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029 || r == 0xfeff:
				esc = strings.Trim(strconv.QuoteRuneToASCII(r), "'")
			default:
				esc = string(r)
			}
			if n+utf8.RuneCountInString(esc) > MaxExcerpt {
				cut = true
				break
			}
			b.WriteString(esc)
			n += utf8.RuneCountInString(esc)
			i += size
		}
		if cut {
			break
		}
	}
	if cut {
		b.WriteString("…")
	}
	return b.String()
}

// Quote returns Excerpt(s) in double quotes (inner quotes escaped), for
// messages that quote input.
func Quote(s string) string {
	return `"` + strings.ReplaceAll(Excerpt(s), `"`, `\"`) + `"`
}

// maskSecrets splits s into parts, replacing secret-looking runs by their
// first four characters and "…".
func maskSecrets(s string) []string {
	var parts []string
	start := 0
	for i := 0; i < len(s); {
		if !isTokenByte(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isTokenByte(s[j]) {
			j++
		}
		if j-i >= minSecretRun && looksSecret(s[i:j]) {
			parts = append(parts, s[start:i], s[i:i+4]+"…")
			start = j
		}
		i = j
	}
	return append(parts, s[start:])
}

func isTokenByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '='
}

// looksSecret reports whether a run of token characters mixes letters and
// digits, as keys, tokens and passwords do (words and paths rarely do).
func looksSecret(run string) bool {
	letters, digits := false, false
	for i := 0; i < len(run); i++ {
		c := run[i]
		switch {
		case c >= '0' && c <= '9':
			digits = true
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letters = true
		}
	}
	return letters && digits
}
