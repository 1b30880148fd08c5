package rules

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nclint/nclint/internal/model"
	redaction "github.com/nclint/nclint/internal/redact"
	"github.com/nclint/nclint/internal/safeio"
)

// This file holds what the security rules (NC601-NC603) share: the tests that tell a literal secret from a formula or a placeholder, and
// the list of endpoint URLs in a tree.

// isFormula reports whether a header value is a formula or contains a merge
// field ({!$Credential.X.Y}, {!'Bearer ' & …}): Salesforce evaluates it at
// callout time, so the secret is not in the metadata.
func isFormula(v string) bool { return strings.Contains(v, "{!") }

// replacements are the deploy-time string replacements of sfdx-project.json.
// A value that contains one of their tokens, or a match of one of their
// patterns, is rewritten by the Salesforce CLI before it reaches the org.
type replacements struct {
	tokens   []string
	patterns []*regexp.Regexp
}

// newReplacements reads the replacements of the project. Patterns are
// JavaScript regular expressions; those RE2 cannot compile (look-behind,
// back-references) are left out.
func newReplacements(s model.Settings) replacements {
	r := replacements{}
	for _, t := range s.ReplacementTokens {
		if t != "" {
			r.tokens = append(r.tokens, t)
		}
	}
	for _, p := range s.ReplacementPatterns {
		if re, err := regexp.Compile(p); err == nil {
			r.patterns = append(r.patterns, re)
		}
	}
	return r
}

// strip removes every replacement token and pattern match from v, leaving
// the part of the value that is deployed as written.
func (r replacements) strip(v string) string {
	for _, t := range r.tokens {
		v = strings.ReplaceAll(v, t, "")
	}
	for _, re := range r.patterns {
		v = re.ReplaceAllString(v, "")
	}
	return v
}

// touches reports whether a replacement rewrites part of v.
func (r replacements) touches(v string) bool { return r.strip(v) != v }

// placeholderWords are substrings that mark a value as a stand-in rather
// than a credential (case-insensitive). "Placeholder_Value" is what a
// retrieve writes for AuthProvider secrets.
var placeholderWords = []string{
	"placeholder", "changeme", "change_me", "change-me", "redacted", "dummy", "replace_me", "replace-me",
	"replaceme", "your_", "your-", "yourapikey", "yourtoken", "insert_", "insert-", "xxxx", "todo",
}

// placeholderValues are whole values that are not credentials (case-insensitive).
var placeholderValues = map[string]bool{
	"none": true, "null": true, "nil": true, "n/a": true, "na": true, "tbd": true, "undefined": true,
	"secret": true, "password": true, "token": true, "apikey": true, "api_key": true, "api-key": true,
	"key": true, "value": true, "string": true, "test": true, "bearer": true, "basic": true,
}

// placeholderShape matches stand-ins by their shape: {NAME}, ${NAME},
// <NAME>, [NAME], %NAME%, $NAME, __NAME__.
var placeholderShape = regexp.MustCompile(`^(\$?\{[^{}]*\}|<[^<>]*>|\[[^\[\]]*\]|%[A-Za-z0-9_.-]+%|\$[A-Za-z_][A-Za-z0-9_]*|__[A-Za-z0-9_]+__)$`)

// isPlaceholder reports whether v is obviously not a real credential: empty,
// one character repeated ("xxx", "****"), a placeholder shape such as
// {API_KEY} or <token>, or a value containing a word such as "placeholder",
// "changeme" or "your_".
func isPlaceholder(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" {
		return true
	}
	first, _ := utf8.DecodeRuneInString(v)
	if strings.Trim(strings.ToLower(v), string(unicode.ToLower(first))) == "" {
		return true
	}
	l := strings.ToLower(v)
	if placeholderValues[l] || placeholderShape.MatchString(v) {
		return true
	}
	for _, w := range placeholderWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// minSecretLen is the shortest value taken for a secret: shorter literals
// ("abc", "test1") are placeholders or test values, and no provider issues
// keys that short.
const minSecretLen = 8

// tooShort reports whether v is shorter than minSecretLen characters.
func tooShort(v string) bool { return utf8.RuneCountInString(strings.TrimSpace(v)) < minSecretLen }

// identifierSuffixes are last words of names that identify rather than
// authenticate: client_id, X-Key-Id, account_id, tenantId, username.
var identifierSuffixes = map[string]bool{
	"id": true, "ids": true, "identifier": true, "username": true, "user": true, "login": true, "email": true,
	"clientid": true, "keyid": true, "appid": true, "applicationid": true, "accountid": true, "tenantid": true,
	"userid": true, "orgid": true, "organizationid": true, "subscriptionid": true, "projectid": true,
	"customerid": true, "merchantid": true, "partnerid": true, "kid": true,
}

// isIdentifierName reports whether a header or query parameter name says
// its value identifies a client, key, account, tenant or user, which is
// not a secret (client_id, X-Key-Id, X-Tenant-Id, username). A name that
// also says secret, password or token (client_secret, token_id) is not an
// identifier.
func isIdentifierName(name string) bool {
	l := strings.ToLower(strings.TrimSpace(name))
	for _, s := range []string{"secret", "passw", "token", "authorization", "credential"} {
		if strings.Contains(l, s) {
			return false
		}
	}
	// Split camelCase (clientId) as well as - _ . and spaces.
	var b strings.Builder
	prevLower := false
	for _, r := range strings.TrimSpace(name) {
		if unicode.IsUpper(r) && prevLower {
			b.WriteByte(' ')
		}
		prevLower = unicode.IsLower(r) || unicode.IsDigit(r)
		b.WriteRune(unicode.ToLower(r))
	}
	words := strings.FieldsFunc(b.String(), func(r rune) bool { return r == '-' || r == '_' || r == '.' || r == ' ' })
	return len(words) > 0 && identifierSuffixes[words[len(words)-1]]
}

// keyQualifiers are words that, before "key", make a name a key that is
// not a credential (Idempotency-Key, Cache-Key).
var keyQualifiers = map[string]bool{
	"idempotency": true, "cache": true, "partition": true, "sort": true, "routing": true,
	"dedup": true, "deduplication": true, "correlation": true, "primary": true, "foreign": true,
}

// keyWords are one-word names that end in "key" and name a credential.
var keyWords = []string{"apikey", "accesskey", "secretkey", "privatekey", "subscriptionkey", "functionskey",
	"authkey", "clientkey", "appkey", "licensekey", "masterkey"}

// isCredentialName reports whether a header or query parameter name says it
// carries a credential: Authorization, anything with token, secret,
// password, credential or api-key/apikey/api_key in it, and "key" names such
// as X-Api-Key, Ocp-Apim-Subscription-Key or key (but not Idempotency-Key).
func isCredentialName(name string) bool {
	l := strings.ToLower(strings.TrimSpace(name))
	for _, s := range []string{"authorization", "token", "secret", "passw", "credential", "apikey", "api-key", "api_key"} {
		if strings.Contains(l, s) {
			return true
		}
	}
	words := strings.FieldsFunc(l, func(r rune) bool { return r == '-' || r == '_' || r == '.' || r == ' ' })
	for i, w := range words {
		switch w {
		case "key":
			if i == 0 || !keyQualifiers[words[i-1]] {
				return true
			}
		case "pwd", "sig", "signature", "auth":
			return true
		default:
			for _, k := range keyWords {
				if strings.HasSuffix(w, k) {
					return true
				}
			}
		}
	}
	return false
}

// authScheme splits a header value that starts with an HTTP authorization
// scheme ("Bearer ", "Basic ", "token ", case-insensitive) into the scheme
// as written and the credential after it.
func authScheme(v string) (scheme, credential string, ok bool) {
	for _, s := range []string{"bearer ", "basic ", "token "} {
		if len(v) > len(s) && strings.EqualFold(v[:len(s)], s) {
			return v[:len(s)-1], strings.TrimSpace(v[len(s):]), true
		}
	}
	return "", "", false
}

// literalSecret decides whether a header value (HttpHeader or AuthHeader
// parameter) is a credential written into the metadata. Values shorter
// than minSecretLen and headers that name an identifier (client_id,
// X-Key-Id) are not. It returns a
// description of the finding built around the redacted value, or ok false. Formulas, values touched by a
// replacement and placeholders are not secrets.
func literalSecret(header, value string, repl replacements) (desc string, ok bool) {
	if value == "" || isFormula(value) || repl.touches(value) {
		return "", false
	}
	if scheme, cred, found := authScheme(value); found {
		if isPlaceholder(cred) || tooShort(cred) {
			return "", false
		}
		return fmt.Sprintf("holds a literal %s credential %s", scheme, safeio.Redact(cred)), true
	}
	switch {
	case isPlaceholder(value) || tooShort(value) || isIdentifierName(header):
		return "", false
	case isCredentialName(header):
		return fmt.Sprintf("holds the literal value %s, and its name says it is a credential", safeio.Redact(value)), true
	case looksGenerated(value):
		return fmt.Sprintf("holds the literal value %s, which looks like a generated key (a long random string)", safeio.Redact(value)), true
	}
	return "", false
}

// URL redaction lives in internal/redact, shared with the access queries
// (internal/access), so that no output shows more than a finding; values
// are redacted by safeio.Redact.

// looksGenerated reports whether a literal looks like a generated key (redact.LooksGenerated).
func looksGenerated(v string) bool { return redaction.LooksGenerated(v) }

// displayURL writes an endpoint with every possible secret left out (redact.URL).
func displayURL(v string) string { return redaction.URL(v) }

// urlParts is an endpoint URL cut into the pieces the security rules look
// at (redact.Split).
type urlParts struct {
	scheme   string // as written, without "://"; "" when there is none
	hasUser  bool   // an "@" in the authority
	userinfo string // between "//" and "@"
	hostport string // the authority without the userinfo
	host     string // lower case, without port or brackets
	path     string
	hasQuery bool
	query    string // after "?", up to "#"
	fragment bool   // a "#" follows
}

func splitURL(v string) urlParts {
	u := redaction.Split(v)
	return urlParts{scheme: u.Scheme, hasUser: u.HasUser, userinfo: u.Userinfo, hostport: u.Hostport, host: u.Host,
		path: u.Path, hasQuery: u.HasQuery, query: u.Query, fragment: u.Fragment}
}

// queryParam is one name=value pair of a query string.
type queryParam struct{ name, value string }

func (u urlParts) params() []queryParam {
	var out []queryParam
	for _, p := range redaction.Params(u.query) {
		out = append(out, queryParam{p.Name, p.Value})
	}
	return out
}

// isLoopback reports whether host names the machine itself.
func isLoopback(host string) bool {
	return host == "localhost" || strings.HasSuffix(host, ".localhost") || strings.HasPrefix(host, "127.") ||
		host == "::1" || host == "0.0.0.0"
}

// endpoint is one URL a credential component sends requests (or
// credentials) to.
type endpoint struct {
	kind      model.Kind
	component string
	// where names the element for messages: "Url parameter Url",
	// "<endpoint>", "AuthProviderUrl parameter TokenUrl".
	where string
	// id names the element in a finding identity.
	id    string
	value model.Text
	// namedCredentialURL is true for a named credential's callout URL (Url
	// parameter or legacy endpoint).
	namedCredentialURL bool
	// newStyle is true for a named credential Url parameter, which the
	// Setup page requires to begin with https://.
	newStyle bool
	// anonymous is true for a named credential that adds no credentials to
	// its callouts (legacy Anonymous or NoAuthentication, or new-style
	// without an Authentication parameter).
	anonymous bool
}

// endpoints lists the endpoint URLs of the tree: named credential Url
// parameters and legacy <endpoint>s, external credential AuthProviderUrl
// parameters and External Data Source <endpoint>s. Empty values and data
// source "callout:" endpoints (references to a named credential) are left out.
func endpoints(tree *model.Tree) []endpoint {
	var out []endpoint
	for _, nc := range tree.NamedCredentials {
		anonymous := nc.PrincipalType.Is("Anonymous") || nc.Protocol.Is("NoAuthentication")
		if !nc.IsLegacy() {
			anonymous = len(nc.ParametersOfType("Authentication")) == 0
		}
		for _, p := range nc.ParametersOfType("Url") {
			out = append(out, endpoint{kind: model.KindNamedCredential, component: nc.Name, where: "Url parameter " + p.Name.Value,
				id: "Url:" + p.Name.Value, value: p.Value, namedCredentialURL: true, newStyle: true, anonymous: anonymous})
		}
		out = append(out, endpoint{kind: model.KindNamedCredential, component: nc.Name, where: "<endpoint>",
			id: "endpoint", value: nc.Endpoint, namedCredentialURL: true, anonymous: anonymous})
	}
	for _, ec := range tree.ExternalCredentials {
		for _, p := range ec.Parameters {
			if p.Type.Is("AuthProviderUrl") {
				out = append(out, endpoint{kind: model.KindExternalCredential, component: ec.Name,
					where: "AuthProviderUrl parameter " + p.Name.Value, id: "AuthProviderUrl:" + p.Name.Value, value: p.Value})
			}
		}
	}
	for _, ds := range tree.ExternalDataSources {
		if !strings.HasPrefix(strings.ToLower(ds.Endpoint.Value), "callout:") {
			out = append(out, endpoint{kind: model.KindExternalDataSource, component: ds.Name, where: "<endpoint>",
				id: "endpoint", value: ds.Endpoint})
		}
	}
	kept := out[:0]
	for _, e := range out {
		if e.value.Present() && e.value.Value != "" {
			kept = append(kept, e)
		}
	}
	return kept
}
