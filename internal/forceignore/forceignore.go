// Package forceignore matches paths against a .forceignore file the way the
// Salesforce CLI does.
//
// The CLI (@salesforce/source-deploy-retrieve, "SDR") parses .forceignore
// with the npm "ignore" package, so the syntax is .gitignore's: "#"
// comments, "!" negation, a trailing "/" for directory-only patterns, a
// leading or middle "/" to anchor a pattern at the .forceignore's
// directory, "**" for any number of directories, and the last matching
// pattern wins. Matching is case-insensitive. A path inside an ignored
// directory stays ignored even when a later pattern re-includes it. SDR
// prepends DefaultPatterns, but only when a .forceignore file exists.
//
// Patterns are translated to github.com/bmatcuk/doublestar/v4 patterns and
// matched against slash-separated paths relative to the directory holding
// the .forceignore. Patterns that cannot be translated are dropped with a
// Warning, as git and the CLI silently drop them.
package forceignore

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/nclint/nclint/internal/safeio"
)

// FileName is the name of the ignore file.
const FileName = ".forceignore"

// DefaultPatterns are the patterns SDR 13.7 puts before the contents of
// every .forceignore file (source-deploy-retrieve src/resolve/forceIgnore.ts).
// They are not applied when there is no .forceignore at all.
var DefaultPatterns = []string{
	"**/*.dup",
	"**/.*",
	"!.sf",
	"**/.sf/**",
	"!**/.sf/orgs",
	"!**/.sf/orgs/**",
	"**/.sf/orgs/*/**",
	"!**/.sf/orgs/*/remoteMetadata",
	"!**/.sf/orgs/*/remoteMetadata/**",
	"**/package2-descriptor.json",
	"**/package2-manifest.json",
}

// Warning is a problem with one line of a .forceignore file. The line is
// still used unless the message says it is ignored.
type Warning struct {
	// Line is the 1-based line number in the file.
	Line int
	// Message describes the problem.
	Message string
}

// String formats w as "line N: message".
func (w Warning) String() string { return fmt.Sprintf("line %d: %s", w.Line, w.Message) }

// Options control how Compile reads patterns.
type Options struct {
	// CaseSensitive matches case-sensitively, like git on Linux. The
	// Salesforce CLI is case-insensitive, which is the default.
	CaseSensitive bool
	// NoDefaults leaves out DefaultPatterns.
	NoDefaults bool
}

// Matcher decides whether paths are ignored. The nil *Matcher ignores
// nothing, which is what the CLI does when there is no .forceignore.
// A Matcher is safe for concurrent use.
type Matcher struct {
	rules      []rule
	ignoreCase bool
}

// rule is one translated pattern.
type rule struct {
	pattern string // doublestar pattern, lower-cased when matching ignores case
	negate  bool   // the line started with "!"
	dirOnly bool   // the line ended with "/"
	line    int    // 1-based line in the file, 0 for a default pattern
	// lit is a run of literal characters every path the pattern matches
	// contains ("" when there is none worth checking): a cheap test that
	// rules out most patterns before doublestar runs.
	lit string
	// base is set for a pattern "**/X" where X cannot match across a
	// "/": such a pattern matches a path exactly when X matches its last
	// element, which is quicker to check.
	base string
}

// Parse compiles the contents of a .forceignore file the way the Salesforce
// CLI does: DefaultPatterns first, then the file's lines, case-insensitive.
// The warnings name lines that use a backslash as a folder separator, lines
// that were dropped because they are not valid patterns, and the
// "**/unpackaged/**" rule the CLI also warns about.
func Parse(content []byte) (*Matcher, []Warning) {
	return Compile(content, Options{})
}

// Compile compiles the lines of an ignore file with the given options.
// A UTF-8 byte order mark and carriage returns at line ends are removed.
func Compile(content []byte, opts Options) (*Matcher, []Warning) {
	m := &Matcher{ignoreCase: !opts.CaseSensitive}
	if !opts.NoDefaults {
		for _, p := range DefaultPatterns {
			if r, ok := m.translate(p); ok {
				m.rules = append(m.rules, r)
			}
		}
	}
	content = bytes.TrimPrefix(content, []byte("\uFEFF"))
	var warnings []Warning
	for i, raw := range strings.Split(string(content), "\n") {
		line := strings.TrimSuffix(raw, "\r")
		if line == "" || line[0] == '#' || strings.TrimSpace(line) == "" {
			continue
		}
		n := i + 1
		if hasSeparatorBackslash(line) {
			warnings = append(warnings, Warning{Line: n, Message: fmt.Sprintf(
				"%s uses the backslash (\"\\\") as a folder separator; .forceignore needs the slash (\"/\"), so the rule will not work as expected", safeio.Quote(line))})
		}
		if strings.Contains(line, "**/unpackaged/**") {
			warnings = append(warnings, Warning{Line: n, Message: fmt.Sprintf(
				"%s makes the Salesforce CLI ignore every file during a retrieve", safeio.Quote(line))})
		}
		r, ok := m.translate(line)
		if !ok {
			warnings = append(warnings, Warning{Line: n, Message: fmt.Sprintf(
				"%s is not a valid pattern and is ignored", safeio.Quote(line))})
			continue
		}
		r.line = n
		m.rules = append(m.rules, r)
	}
	return m, warnings
}

// Load reads dir/.forceignore and compiles it with Parse. When the file does
// not exist it returns a nil Matcher (which ignores nothing, as the CLI
// applies no default patterns without a .forceignore) and no error.
//
// The file must be a regular file of at most safeio.MaxConfigSize bytes
// that lies in dir after resolving symbolic links: a named pipe, device or
// link out of dir is refused at once with an error that quotes nothing of
// the target.
func Load(dir string) (*Matcher, []Warning, error) {
	file := filepath.Join(dir, FileName)
	data, err := safeio.ReadFile(file, safeio.Options{Root: dir, MaxSize: safeio.MaxConfigSize})
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", FileName, safeio.Cause(err))
	}
	m, w := Parse(data)
	return m, w, nil
}

// Find returns the directory holding the nearest .forceignore at or above
// dir, as SDR searches upward from the path it resolves, or "" when there
// is none up to the file system root. dir should be absolute. A location
// that cannot be examined (permissions) counts as having no .forceignore.
func Find(dir string) string {
	dir = filepath.Clean(dir)
	for {
		if fi, err := os.Stat(filepath.Join(dir, FileName)); err == nil && !fi.IsDir() {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Ignored reports whether rel is ignored: whether any of its parent
// directories is ignored, or else whether the last pattern matching rel
// itself is not a negation. rel is slash-separated and relative to the
// .forceignore's directory ("force-app/main/default/x.cls"); isDir says
// whether it names a directory (a trailing "/" also says so).
func (m *Matcher) Ignored(rel string, isDir bool) bool {
	if m == nil || len(m.rules) == 0 {
		return false
	}
	rel, isDir = m.normalize(rel, isDir)
	if rel == "" {
		return false
	}
	for i := 0; i < len(rel); i++ {
		if rel[i] == '/' && m.match(rel[:i], true) {
			return true
		}
	}
	return m.match(rel, isDir)
}

// Match reports whether the last pattern matching rel itself ignores it,
// without looking at rel's parent directories. A walker that already skips
// ignored directories (returning fs.SkipDir when Match(dir, true) is true)
// gets the same answers as Ignored at a fraction of the cost.
func (m *Matcher) Match(rel string, isDir bool) bool {
	if m == nil || len(m.rules) == 0 {
		return false
	}
	rel, isDir = m.normalize(rel, isDir)
	if rel == "" {
		return false
	}
	return m.match(rel, isDir)
}

// Len returns the number of compiled patterns, defaults included.
func (m *Matcher) Len() int {
	if m == nil {
		return 0
	}
	return len(m.rules)
}

// normalize trims "./" and "/" from rel and folds its case when needed.
func (m *Matcher) normalize(rel string, isDir bool) (string, bool) {
	for strings.HasPrefix(rel, "./") {
		rel = rel[2:]
	}
	rel = strings.TrimLeft(rel, "/")
	if strings.HasSuffix(rel, "/") {
		isDir = true
		rel = strings.TrimRight(rel, "/")
	}
	if rel == "." {
		rel = ""
	}
	if m.ignoreCase {
		rel = strings.ToLower(rel)
	}
	return rel, isDir
}

// match applies the rules to rel alone: the last matching rule decides.
func (m *Matcher) match(rel string, isDir bool) bool {
	name := rel[strings.LastIndexByte(rel, '/')+1:]
	for i := len(m.rules) - 1; i >= 0; i-- {
		r := &m.rules[i]
		if r.dirOnly && !isDir || r.lit != "" && !strings.Contains(rel, r.lit) {
			continue
		}
		if r.base != "" && doublestar.MatchUnvalidated(r.base, name) ||
			r.base == "" && doublestar.MatchUnvalidated(r.pattern, rel) {
			return !r.negate
		}
	}
	return false
}

// Literal returns a run of characters that every path the doublestar
// pattern matches contains, or "" when there is none worth checking: a
// path without it need not be matched (see literal).
func Literal(pattern string) string { return literal(pattern) }

// literal returns the longest run of literal characters in the doublestar
// pattern pat that any path it matches must contain: runs end at "/"
// (which "**/" may match with nothing) and at wildcards, escapes are not
// looked into, and nothing after a character class or an alternation
// counts. It returns "" for a run of one character, which rules out too
// little to be worth a search, and for a run that is not valid UTF-8 or
// holds U+FFFD: doublestar compares runes, and every invalid byte decodes
// to U+FFFD, so such a run may match other bytes.
func literal(pat string) string {
	best, start := "", 0
	for i := 0; i <= len(pat); i++ {
		if i < len(pat) && !strings.ContainsRune(`/*?\[]{}`, rune(pat[i])) {
			continue
		}
		if i-start > len(best) {
			best = pat[start:i]
		}
		if i < len(pat) && strings.ContainsRune("[{", rune(pat[i])) {
			break
		}
		if i < len(pat) && pat[i] == '\\' {
			i++ // the escaped character is not part of a run
		}
		start = i + 1
	}
	if len(best) < 2 || strings.ContainsRune(best, utf8.RuneError) { // also true for invalid UTF-8
		return ""
	}
	return best
}

// basePattern returns X when pat is "**/X" and X matches no "/" (it has
// no "/", no character class, which may, no alternation and no "**"),
// else "".
func basePattern(pat string) string {
	x, ok := strings.CutPrefix(pat, "**/")
	if !ok || x == "" || strings.ContainsAny(x, "/[{") || strings.Contains(x, "**") {
		return ""
	}
	return x
}

// translate turns one non-blank, non-comment gitignore line into a
// doublestar rule. ok is false when the line holds no usable pattern.
func (m *Matcher) translate(line string) (r rule, ok bool) {
	l := trimTrailingSpace(line)
	if strings.HasPrefix(l, "!") {
		r.negate = true
		l = l[1:]
	}
	if strings.HasSuffix(l, "/") {
		r.dirOnly = true
		l = strings.TrimRight(l, "/")
	}
	if l == "" {
		return r, false
	}
	anchored := strings.Contains(l, "/")
	l = strings.TrimLeft(l, "/")
	if l == "" {
		return r, false
	}
	l = escapeAlternation(l)
	if !anchored {
		l = "**/" + l
	}
	// Git's "foo/**" matches everything inside foo but not foo itself;
	// doublestar's also matches foo.
	if l == "**" || strings.HasSuffix(l, "/**") {
		l += "/*"
	}
	if m.ignoreCase {
		l = strings.ToLower(l)
	}
	if !doublestar.ValidatePattern(l) {
		return r, false
	}
	r.pattern = l
	r.lit = literal(l)
	r.base = basePattern(l)
	return r, true
}

// trimTrailingSpace removes trailing white space, keeping one space after
// an escaping backslash ("foo\ " stays "foo\ "), as node-ignore does.
func trimTrailingSpace(s string) string {
	end := len(s)
	for end > 0 && isSpace(s[end-1]) {
		end--
	}
	if end == len(s) {
		return s
	}
	// Count the backslashes before the white space: an odd number means
	// the first white space character is escaped.
	n := 0
	for i := end - 1; i >= 0 && s[i] == '\\'; i-- {
		n++
	}
	if n%2 == 1 {
		return s[:end] + " "
	}
	return s[:end]
}

// isSpace reports whether c is ASCII white space.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r'
}

// escapeAlternation escapes "{", "}" and "," outside character classes:
// gitignore has no alternation, doublestar always has.
func escapeAlternation(s string) string {
	if !strings.ContainsAny(s, "{},") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 4)
	inClass := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			b.WriteByte(c)
			i++
			b.WriteByte(s[i])
			continue
		case inClass:
			if c == ']' {
				inClass = false
			}
		case c == '[':
			inClass = true
			// A "]" right after "[" or "[!" is part of the class in git; let
			// doublestar reject it rather than mis-tracking the class here.
		case c == '{' || c == '}' || c == ',':
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// hasSeparatorBackslash reports whether line holds a backslash that does not
// escape a character gitignore gives a meaning to, i.e. one that looks like
// a Windows folder separator ("force-app\main").
func hasSeparatorBackslash(line string) bool {
	for i := 0; i < len(line); i++ {
		if line[i] != '\\' {
			continue
		}
		if i+1 < len(line) && strings.IndexByte(`\#! *?[]{},`, line[i+1]) >= 0 {
			i++
			continue
		}
		return true
	}
	return false
}
