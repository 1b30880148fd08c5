// Package redact shows endpoint URLs without revealing the secrets they
// may hold, and tells generated keys from words. Every output of nclint
// that can carry an endpoint URL (rule messages, the access queries, the
// graph, the inventory, the checklist, the access diff) writes it through
// URL, so that no output shows more than another. Secret values themselves
// are shown with safeio.Redact.
package redact

import (
	"math"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Thresholds of LooksGenerated.
const (
	// minGeneratedLen is the shortest value judged by its entropy. Real
	// header keys as short as 17 characters exist.
	minGeneratedLen = 16
	// minEntropy is the Shannon entropy, in bits per character, above which
	// a value reads as random. English words and media types score lower per
	// distinct character, and are also excluded by the word test.
	minEntropy = 3.5
	// minHexEntropy applies to hexadecimal strings of 32 characters or more,
	// whose 16-symbol alphabet caps the entropy at 4.
	minHexEntropy = 3.0
	// maxWordShare is the share of characters in word-like runs ("Word",
	// "word") above which a value reads as text, not as a key.
	maxWordShare = 0.4
)

var (
	uuidPattern         = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	salesforceIDPattern = regexp.MustCompile(`^0[0-9A-Za-z]{14}([0-9A-Za-z]{3})?$`)
	mediaTypePattern    = regexp.MustCompile(`^(?i)(application|text|multipart|image|audio|video|font|model|message)/`)
	hexPattern          = regexp.MustCompile(`^[0-9a-fA-F]+$`)
)

// LooksGenerated reports whether a literal value looks like a generated
// key or token: at least 16 characters, no white space, letters and digits
// both present, not mostly words, and a Shannon entropy of at least 3.5
// bits per character (3.0 for hexadecimal strings of 32 characters or
// more). URLs, media types, UUIDs and Salesforce record IDs are not keys.
func LooksGenerated(v string) bool {
	n := utf8.RuneCountInString(v)
	if n < minGeneratedLen || strings.ContainsFunc(v, unicode.IsSpace) || strings.Contains(v, "://") {
		return false
	}
	if uuidPattern.MatchString(v) || salesforceIDPattern.MatchString(v) || mediaTypePattern.MatchString(v) {
		return false
	}
	if !strings.ContainsFunc(v, unicode.IsLetter) || !strings.ContainsFunc(v, unicode.IsDigit) {
		return false
	}
	if float64(wordChars(v)) >= maxWordShare*float64(n) {
		return false
	}
	if n >= 32 && hexPattern.MatchString(v) {
		return shannonEntropy(v) >= minHexEntropy
	}
	return shannonEntropy(v) >= minEntropy
}

// wordChars counts the characters of v that sit in word-like runs: an
// optional capital and lower-case letters, five or more in all
// ("Salesforce", "json"). Random keys rarely have many.
func wordChars(v string) int {
	total, run := 0, 0
	flush := func() {
		if run >= 5 {
			total += run
		}
		run = 0
	}
	for _, r := range v {
		switch {
		case unicode.IsLower(r):
			run++
		case unicode.IsUpper(r):
			flush()
			run = 1
		default:
			flush()
		}
	}
	flush()
	return total
}

// shannonEntropy is the Shannon entropy of the characters of s, in bits per character.
func shannonEntropy(s string) float64 {
	counts := map[rune]int{}
	n := 0
	for _, r := range s {
		counts[r]++
		n++
	}
	h := 0.0
	for _, c := range counts {
		p := float64(c) / float64(n)
		h -= p * math.Log2(p)
	}
	return h
}

// URLParts is an endpoint URL cut into the pieces the security rules look
// at. The cut is textual, so deploy-time placeholders ({API_URL}) survive.
type URLParts struct {
	Scheme   string // as written, without "://"; "" when there is none
	HasUser  bool   // an "@" in the authority
	Userinfo string // between "//" and "@"
	Hostport string // the authority without the userinfo
	Host     string // lower case, without port or brackets
	Path     string
	HasQuery bool
	Query    string // after "?", up to "#"
	Fragment bool   // a "#" follows
}

// Split cuts an endpoint URL textually, so deploy-time placeholders
// ({API_URL}) survive.
func Split(v string) URLParts {
	var u URLParts
	after := v
	if scheme, rest, ok := strings.Cut(v, "://"); ok {
		u.Scheme, after = scheme, rest
	}
	authority, rest := after, ""
	if i := strings.IndexAny(after, "/?#"); i >= 0 {
		authority, rest = after[:i], after[i:]
	}
	if i := strings.LastIndex(authority, "@"); i >= 0 {
		u.HasUser, u.Userinfo, authority = true, authority[:i], authority[i+1:]
	}
	u.Hostport = authority
	host := authority
	if strings.HasPrefix(host, "[") {
		if i := strings.Index(host, "]"); i >= 0 {
			host = host[1:i]
		}
	} else if i := strings.LastIndex(host, ":"); i >= 0 {
		host = host[:i]
	}
	u.Host = strings.ToLower(host)
	rest, _, u.Fragment = strings.Cut(rest, "#")
	u.Path, u.Query, u.HasQuery = strings.Cut(rest, "?")
	return u
}

// QueryParam is one name=value pair of a query string.
type QueryParam struct{ Name, Value string }

// Params splits a query string (after "?") into its pairs.
func Params(query string) []QueryParam {
	var out []QueryParam
	for _, kv := range strings.Split(query, "&") {
		if kv == "" {
			continue
		}
		name, value, _ := strings.Cut(kv, "=")
		out = append(out, QueryParam{name, value})
	}
	return out
}

// URL writes an endpoint for a message with every possible secret
// left out: the userinfo becomes "***@" (a user name can be a token, as in
// https://TOKEN:x-oauth-basic@host), path segments that look like
// generated keys (webhook URLs), the values of query parameters and the
// fragment become "…".
func URL(v string) string {
	u := Split(v)
	var b strings.Builder
	if u.Scheme != "" {
		b.WriteString(u.Scheme + "://")
	}
	if u.HasUser {
		b.WriteString("***@") // the user name may be a token too
	}
	b.WriteString(u.Hostport)
	segments := strings.Split(u.Path, "/")
	for i, seg := range segments {
		if LooksGenerated(seg) {
			segments[i] = "…"
		}
	}
	b.WriteString(strings.Join(segments, "/"))
	if u.HasQuery {
		b.WriteString("?")
		for i, p := range Params(u.Query) {
			if i > 0 {
				b.WriteString("&")
			}
			if p.Value == "" && LooksGenerated(p.Name) {
				b.WriteString("…") // a bare key: ?AIzaSy…
				continue
			}
			b.WriteString(p.Name)
			if p.Value != "" {
				b.WriteString("=…")
			}
		}
	}
	if u.Fragment {
		b.WriteString("#…")
	}
	return b.String()
}
