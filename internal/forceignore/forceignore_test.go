package forceignore

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// oracleCase is one (patterns, path) question with the answer the Salesforce
// CLI (node-ignore, case-insensitive) gives. git marks cases whose answer is
// the same for git (case-sensitive, no default patterns); those are also
// checked against a real git when one is installed.
type oracleCase struct {
	name     string
	patterns []string
	path     string
	isDir    bool
	want     bool
	git      bool
}

var oracle = []oracleCase{
	// Plain names match at any depth.
	{"glob root", []string{"*.cls"}, "a.cls", false, true, true},
	{"glob deep", []string{"*.cls"}, "d/e/a.cls", false, true, true},
	{"glob suffix only", []string{"*.cls"}, "a.cls-meta.xml", false, false, true},
	{"name matches dir", []string{"foo"}, "foo", true, true, true},
	{"name matches file", []string{"foo"}, "x/foo", false, true, true},
	{"name parent", []string{"foo"}, "x/foo/y.cls", false, true, true},

	// Anchoring: a leading or middle slash anchors at the .forceignore's directory.
	{"leading slash root", []string{"/a.cls"}, "a.cls", false, true, true},
	{"leading slash not deep", []string{"/a.cls"}, "d/a.cls", false, false, true},
	{"middle slash anchored", []string{"d/a.cls"}, "d/a.cls", false, true, true},
	{"middle slash not deep", []string{"d/a.cls"}, "x/d/a.cls", false, false, true},
	{"anchored star one level", []string{"a/*.cls"}, "a/x.cls", false, true, true},
	{"anchored star not two levels", []string{"a/*.cls"}, "a/b/x.cls", false, false, true},
	{"doc example", []string{"doc/*.txt"}, "doc/server/arch.txt", false, false, true},
	{"profiles/* anchored", []string{"profiles/*"}, "force-app/main/default/profiles/Admin.profile-meta.xml", false, false, true},
	{"profiles/* at root", []string{"profiles/*"}, "profiles/Admin.profile-meta.xml", false, true, true},

	// Directory-only patterns.
	{"dir-only dir", []string{"foo/"}, "foo", true, true, true},
	{"dir-only file", []string{"foo/"}, "foo", false, false, true},
	{"dir-only content", []string{"foo/"}, "foo/bar.cls", false, true, true},
	{"dir-only deep dir", []string{"foo/"}, "x/foo", true, true, true},
	{"dir-only anchored", []string{"/foo/"}, "x/foo", true, false, true},
	{"abc/**/ dir", []string{"abc/**/"}, "abc/x", true, true, true},
	// node-ignore also ignores the file here; git does not. Follow git.
	{"abc/**/ file", []string{"abc/**/"}, "abc/e.cls", false, false, true},

	// "**" forms.
	{"leading **", []string{"**/foo"}, "foo", false, true, true},
	{"leading ** deep", []string{"**/foo"}, "a/b/foo", false, true, true},
	{"leading ** two segs", []string{"**/foo/bar"}, "foo/bar", false, true, true},
	{"leading ** two segs deep", []string{"**/foo/bar"}, "x/foo/bar", false, true, true},
	{"middle ** zero", []string{"a/**/b"}, "a/b", false, true, true},
	{"middle ** many", []string{"a/**/b"}, "a/x/y/b", false, true, true},
	{"middle ** anchored", []string{"a/**/b"}, "x/a/b", false, false, true},
	{"middle ** glob", []string{"a/**/*.cls"}, "a/b/c/x.cls", false, true, true},
	{"trailing ** not dir itself", []string{"foo/**"}, "foo", true, false, true},
	{"trailing ** content", []string{"foo/**"}, "foo/x", false, true, true},
	{"trailing ** deep", []string{"foo/**"}, "foo/a/b", false, true, true},
	{"trailing ** + negation keeps", []string{"foo/**", "!foo/keep.cls"}, "foo/keep.cls", false, false, true},
	{"trailing ** + negation others", []string{"foo/**", "!foo/keep.cls"}, "foo/other.cls", false, true, true},
	{"trailing ** + negation subdir", []string{"foo/**", "!foo/sub/keep.cls"}, "foo/sub/keep.cls", false, true, true},
	{"tests dir", []string{"**/__tests__/**"}, "force-app/lwc/c/__tests__/c.test.js", false, true, true},
	{"lone **", []string{"**"}, "a/b", false, true, true},
	{"stars inside segment", []string{"a**b"}, "axxb", false, true, true},
	{"stars inside segment no slash", []string{"a**b"}, "ax/b", false, false, true},

	// Negation and order.
	{"negation", []string{"*.cls", "!keep.cls"}, "keep.cls", false, false, true},
	{"negation deep", []string{"*.cls", "!keep.cls"}, "d/keep.cls", false, false, true},
	{"negation others", []string{"*.cls", "!keep.cls"}, "d/x.cls", false, true, true},
	{"last match wins", []string{"!keep.cls", "*.cls"}, "keep.cls", false, true, true},
	{"anchored negation", []string{"*.cls", "!/keep.cls"}, "d/keep.cls", false, true, true},
	{"excluded parent not re-included", []string{"foo/", "!foo/keep.cls"}, "foo/keep.cls", false, true, true},
	{"excluded parent name not re-included", []string{"foo", "!foo/keep.cls"}, "foo/keep.cls", false, true, true},
	{"star then negated dirs: dir", []string{"*", "!*/"}, "d", true, false, true},
	{"star then negated dirs: file in dir", []string{"*", "!*/"}, "d/a.cls", false, true, true},
	{"star then negated dirs: root file", []string{"*", "!*/"}, "a.cls", false, true, true},
	{"dir then negated dir", []string{"build/", "!build/"}, "build/x.cls", false, false, true},
	{"lone !", []string{"!"}, "a", false, false, true},

	// Comments, escapes, white space.
	{"comment", []string{"# a.cls"}, "a.cls", false, false, true},
	{"comment not a pattern", []string{"#a.cls"}, "#a.cls", false, false, true},
	{"escaped hash", []string{`\#a.cls`}, "#a.cls", false, true, true},
	{"escaped bang", []string{`\!a.cls`}, "!a.cls", false, true, true},
	{"trailing spaces", []string{"a.cls   "}, "a.cls", false, true, true},
	{"escaped trailing space", []string{`a\ `}, "a ", false, true, true},
	{"escaped trailing space exact", []string{`a\ `}, "a", false, false, true},
	{"lone slash dropped", []string{"/"}, "a", false, false, true},
	{"trailing backslash dropped", []string{`foo\`}, "foo", false, false, true},
	{"unclosed class dropped", []string{"[ab", "*.x"}, "[ab", false, false, true},

	// Wildcards and classes.
	{"question mark", []string{"?.cls"}, "a.cls", false, true, true},
	{"question mark one char", []string{"?.cls"}, "ab.cls", false, false, true},
	{"class", []string{"[ab].cls"}, "a.cls", false, true, true},
	{"class miss", []string{"[ab].cls"}, "c.cls", false, false, true},
	{"negated class", []string{"[!a].cls"}, "b.cls", false, true, true},
	{"negated class miss", []string{"[!a].cls"}, "a.cls", false, false, true},
	{"range", []string{"x[0-9].cls"}, "x7.cls", false, true, true},
	{"braces are literal", []string{"{a,b}.cls"}, "{a,b}.cls", false, true, true},
	{"braces no alternation", []string{"{a,b}.cls"}, "a.cls", false, false, true},
	{"comma literal", []string{"a,b.cls"}, "a,b.cls", false, true, true},
	{"brace in class", []string{"[{]x"}, "{x", false, true, true},
	{"spaces in names", []string{"My Profile.profile-meta.xml"}, "profiles/My Profile.profile-meta.xml", false, true, true},
	{"percent escapes literal", []string{"R%2FW.profile"}, "R%2FW.profile", false, true, true},

	// Case-insensitivity (node-ignore's default); git on Linux differs.
	{"case pattern upper", []string{"*.CLS"}, "a.cls", false, true, false},
	{"case path upper", []string{"*.cls"}, "A.CLS", false, true, false},
	{"case dir", []string{"Foo/"}, "foo/x.cls", false, true, false},
	{"case negation", []string{"*.cls", "!KEEP.cls"}, "keep.CLS", false, false, false},
}

// compilePatterns compiles lines without default patterns.
func compilePatterns(t testing.TB, lines []string, caseSensitive bool) *Matcher {
	t.Helper()
	m, _ := Compile([]byte(strings.Join(lines, "\n")), Options{NoDefaults: true, CaseSensitive: caseSensitive})
	return m
}

func TestOracle(t *testing.T) {
	for _, c := range oracle {
		t.Run(c.name, func(t *testing.T) {
			m := compilePatterns(t, c.patterns, false)
			if got := m.Ignored(c.path, c.isDir); got != c.want {
				t.Errorf("Ignored(%q, dir=%v) with %q = %v, want %v", c.path, c.isDir, c.patterns, got, c.want)
			}
			if c.git {
				m := compilePatterns(t, c.patterns, true)
				if got := m.Ignored(c.path, c.isDir); got != c.want {
					t.Errorf("case-sensitive Ignored(%q, dir=%v) with %q = %v, want %v", c.path, c.isDir, c.patterns, got, c.want)
				}
			}
		})
	}
}

// TestOracleGit asks a real git for every case marked git and compares.
func TestOracleGit(t *testing.T) {
	gitBin, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git not installed")
	}
	if testing.Short() {
		t.Skip("runs git once per case")
	}
	for _, c := range oracle {
		if !c.git {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			git := func(stdin string, args ...string) (string, error) {
				cmd := exec.Command(gitBin, append([]string{"-c", "core.ignorecase=false", "-c", "core.excludesFile=" + os.DevNull}, args...)...)
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
				cmd.Stdin = strings.NewReader(stdin)
				var out, stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &stderr
				err := cmd.Run()
				if err != nil && stderr.Len() > 0 {
					t.Logf("git %s: %s", strings.Join(args, " "), stderr.String())
				}
				return out.String(), err
			}
			if _, err := git("", "init", "-q", "."); err != nil {
				t.Fatalf("git init: %v", err)
			}
			if err := os.WriteFile(filepath.Join(dir, ".gitignore"), []byte(strings.Join(c.patterns, "\n")+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(dir, filepath.FromSlash(c.path))
			if c.isDir {
				err = os.MkdirAll(p, 0o755)
			} else if err = os.MkdirAll(filepath.Dir(p), 0o755); err == nil {
				err = os.WriteFile(p, nil, 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
			out, err := git(c.path+"\n", "check-ignore", "--no-index", "--stdin")
			var exitErr *exec.ExitError
			if err != nil && (!errors.As(err, &exitErr) || exitErr.ExitCode() != 1) {
				t.Fatalf("git check-ignore: %v", err)
			}
			gitSays := strings.TrimSpace(out) != ""
			if gitSays != c.want {
				t.Errorf("git check-ignore %q with %q = %v, table says %v", c.path, c.patterns, gitSays, c.want)
			}
		})
	}
}

// TestDefaults covers SDR's default patterns, applied by Parse.
func TestDefaults(t *testing.T) {
	cases := []struct {
		content string
		path    string
		isDir   bool
		want    bool
	}{
		{"", ".hidden", true, true},
		{"", "force-app/.hidden/X.namedCredential-meta.xml", false, true},
		{"", "force-app/.eslintrc.json", false, true},
		{"", ".forceignore", false, true},
		{"", "x.cls", false, false},
		{"", "force-app/a.dup", false, true},
		{"", "force-app/package2-descriptor.json", false, true},
		{"", "package2-manifest.json", false, true},
		{"", ".sf", true, false},
		{"", "x/.sf", true, false},
		{"", ".sf/config.json", false, true},
		{"", ".sf/orgs", true, false},
		{"", ".sf/orgs/00D", true, false},
		{"", ".sf/orgs/00D/localSourceTracking", true, true},
		{"", ".sf/orgs/00D/remoteMetadata", true, false},
		{"", ".sf/orgs/00D/remoteMetadata/x.json", false, false},
		{"", ".sfdx", true, true},
		{"# only a comment\n", ".git", true, true},
		{"!.hidden", ".hidden", true, false},
		{"!.hidden", ".hidden/a.cls", false, false},
		{"!.hidden", ".other/a.cls", false, true},
		{"package.xml", "Package.XML", false, true},
		{"package.xml", "src/package.xml", false, true},
		{"\uFEFFpackage.xml\n", "package.xml", false, true},
		{"a.cls\r\nb.cls\r\n", "b.cls", false, true},
		{"a.cls\r\nb.cls\r\n", "a.cls", false, true},
		{"a.cls\t\n", "a.cls", false, true},
		{"**/profiles/**\n!**/profiles/Admin.profile-meta.xml\n", "force-app/main/default/profiles/Admin.profile-meta.xml", false, false},
		{"**/profiles/**\n!**/profiles/Admin.profile-meta.xml\n", "force-app/main/default/profiles/Other.profile-meta.xml", false, true},
		{"**/objects/**/indexes/*.index-meta.xml", "force-app/main/default/objects/A__b/indexes/I.index-meta.xml", false, true},
		{"force-app/main/default/email/unfiled$public/X.email-meta.xml", "force-app/main/default/email/unfiled$public/X.email-meta.xml", false, true},
	}
	for _, c := range cases {
		m, w := Parse([]byte(c.content))
		if len(w) != 0 {
			t.Errorf("Parse(%q) warnings %v", c.content, w)
		}
		if got := m.Ignored(c.path, c.isDir); got != c.want {
			t.Errorf("Parse(%q).Ignored(%q, dir=%v) = %v, want %v", c.content, c.path, c.isDir, got, c.want)
		}
	}
}

func TestNilMatcher(t *testing.T) {
	var m *Matcher
	if m.Ignored(".git", true) || m.Match("a", false) || m.Len() != 0 {
		t.Fatal("nil Matcher must ignore nothing")
	}
	empty, _ := Compile(nil, Options{NoDefaults: true})
	if empty.Ignored(".git", true) {
		t.Fatal("empty Matcher must ignore nothing")
	}
}

func TestPathForms(t *testing.T) {
	m := compilePatterns(t, []string{"foo/"}, false)
	for _, p := range []string{"foo/", "./foo/", "/foo/", "x/foo/"} {
		if !m.Ignored(p, false) || !m.Match(p, false) {
			t.Errorf("%q with a trailing slash is a directory and ignored", p)
		}
	}
	for _, p := range []string{"", ".", "./", "/"} {
		if m.Ignored(p, true) || m.Match(p, true) {
			t.Errorf("the root %q is never ignored", p)
		}
	}
}

func TestWarnings(t *testing.T) {
	content := strings.Join([]string{
		`# comment with \ backslash`, // 1: comments are not checked
		`force-app\main\default\x`,   // 2: separator backslash
		`\#literal-hash`,             // 3: escape, fine
		`\!bang and\ space`,          // 4: escapes, fine
		`[unclosed`,                  // 5: invalid
		`**/unpackaged/**`,           // 6: CLI warns
		`ok.cls`,                     // 7
		`foo\`,                       // 8: trailing backslash: separator-ish and invalid
	}, "\r\n")
	m, w := Parse([]byte(content))
	var lines []int
	for _, x := range w {
		lines = append(lines, x.Line)
		if x.Message == "" || !strings.HasPrefix(x.String(), "line ") {
			t.Errorf("bad warning %+v", x)
		}
	}
	want := []int{2, 5, 6, 8, 8}
	if len(lines) != len(want) {
		t.Fatalf("warning lines %v, want %v (%v)", lines, want, w)
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Fatalf("warning lines %v, want %v (%v)", lines, want, w)
		}
	}
	if !strings.Contains(w[0].Message, "backslash") {
		t.Errorf("line 2 warning %q should mention the backslash", w[0].Message)
	}
	if !m.Ignored("ok.cls", false) || !m.Ignored("#literal-hash", false) {
		t.Error("valid lines after bad ones must still apply")
	}
	if want := len(DefaultPatterns) + 5; m.Len() != want {
		t.Errorf("Len() = %d, want %d (defaults + lines 2,3,4,6,7)", m.Len(), want)
	}
}

func TestLoadAndFind(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	m, w, err := Load(sub)
	if m != nil || w != nil || err != nil {
		t.Fatalf("Load without a file = %v, %v, %v; want nil, nil, nil", m, w, err)
	}
	if got := Find(sub); got != "" && !strings.HasPrefix(root, got) {
		t.Fatalf("Find(%s) = %q without any .forceignore below %s", sub, got, root)
	}
	if err := os.WriteFile(filepath.Join(root, FileName), []byte("*.dup2\nx\\y\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := Find(sub); got != root {
		t.Fatalf("Find(%s) = %q, want %q", sub, got, root)
	}
	m, w, err = Load(root)
	if err != nil || m == nil || len(w) != 1 || w[0].Line != 2 {
		t.Fatalf("Load = %v, %v, %v", m, w, err)
	}
	if !m.Ignored("a/b/c.DUP2", false) || !m.Ignored(".git", true) {
		t.Fatal("loaded matcher misses its own or default patterns")
	}
	// A directory named .forceignore is not an ignore file.
	if err := os.Mkdir(filepath.Join(sub, FileName), 0o755); err != nil {
		t.Fatal(err)
	}
	if got := Find(sub); got != root {
		t.Fatalf("Find(%s) = %q, want %q (a directory is not a .forceignore)", sub, got, root)
	}
	if _, _, err := Load(sub); err == nil || !strings.Contains(err.Error(), FileName) {
		t.Fatalf("Load of a directory named .forceignore: err = %v, want a read error naming the file", err)
	}
}

// TestMatchPrunedEqualsIgnored checks that a walker that prunes ignored
// directories and calls Match gets the same answers as Ignored.
func TestMatchPrunedEqualsIgnored(t *testing.T) {
	patterns := []string{"foo/**", "!foo/keep.cls", "bar/", "!bar/keep.cls", "*.dup", "/top/*", "!top/sub/", "**/deep/x"}
	paths := []string{
		"foo/keep.cls", "foo/sub/keep.cls", "bar/keep.cls", "a/bar/b.cls", "top/sub/y.cls", "top/file.cls",
		"q/deep/x", "q/deep/x/y.cls", "z/a.dup", "z/a.cls", "foo/x.cls",
	}
	m, _ := Parse([]byte(strings.Join(patterns, "\n")))
	for _, p := range paths {
		pruned := false
		parts := strings.Split(p, "/")
		for i := 1; i < len(parts); i++ {
			if m.Match(strings.Join(parts[:i], "/"), true) {
				pruned = true
				break
			}
		}
		walker := pruned || m.Match(p, false)
		if got := m.Ignored(p, false); got != walker {
			t.Errorf("%s: Ignored = %v, pruning walker = %v", p, got, walker)
		}
	}
}

func TestEscapeAlternation(t *testing.T) {
	for in, want := range map[string]string{
		"a{b,c}":   `a\{b\,c\}`,
		`a\{b`:     `a\{b`,
		"[{,}]x,y": `[{,}]x\,y`,
		"plain":    "plain",
	} {
		if got := escapeAlternation(in); got != want {
			t.Errorf("escapeAlternation(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTrimTrailingSpace(t *testing.T) {
	for in, want := range map[string]string{
		"a  ":    "a",
		`a\ `:    `a\ `,
		`a\  `:   `a\ `,
		`a\\ `:   `a\\`,
		"a\t":    "a",
		"a":      "a",
		`a\ b  `: `a\ b`,
	} {
		if got := trimTrailingSpace(in); got != want {
			t.Errorf("trimTrailingSpace(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzMatcher(f *testing.F) {
	f.Add("*.cls\n!keep.cls\nfoo/**\n", "foo/keep.cls", false)
	f.Add("\uFEFF[ab\r\n\\#x\n{a,b}\n/**/\n", "a/b/c", true)
	f.Add("a\\ \n!\n/\n\\", "a ", false)
	f.Add("**/.sf/orgs/*/**\n[!a]\n[]]\n", ".sf/orgs/x/y", true)
	f.Fuzz(func(t *testing.T, patterns, p string, isDir bool) {
		for _, opts := range []Options{{}, {CaseSensitive: true, NoDefaults: true}} {
			m, _ := Compile([]byte(patterns), opts)
			got := m.Ignored(p, isDir)
			_ = m.Match(p, isDir)
			// An ignored directory ignores everything below it.
			if m.Ignored(p, true) && !m.Ignored(strings.TrimRight(p, "/")+"/child", false) && strings.Trim(p, "/.") != "" {
				t.Errorf("%q ignored as a directory but %q/child is not (patterns %q)", p, p, patterns)
			}
			_ = got
			// The shortcuts (lit, base) never change an answer.
			if plain := withoutShortcuts(m); m.Ignored(p, isDir) != plain.Ignored(p, isDir) || m.Match(p, isDir) != plain.Match(p, isDir) {
				t.Errorf("%q (dir %v) with %q: shortcuts give Ignored %v, plain doublestar %v", p, isDir, patterns, m.Ignored(p, isDir), plain.Ignored(p, isDir))
			}
		}
	})
}

// withoutShortcuts returns a copy of m that matches every rule with
// doublestar on the whole path.
func withoutShortcuts(m *Matcher) *Matcher {
	c := &Matcher{ignoreCase: m.ignoreCase}
	for _, r := range m.rules {
		r.lit, r.base = "", ""
		c.rules = append(c.rules, r)
	}
	return c
}

// TestMatchShortcuts checks that the literal and last-element shortcuts
// give the answers of doublestar on the whole path, on patterns where a
// careless shortcut would not: a class that matches "/", "**/" matching
// no folder, escapes, alternations, "**" inside a name.
func TestMatchShortcuts(t *testing.T) {
	patterns := []string{
		"*.cls", "a[!x]b", "a[/]b", "foo\\ bar", "{a,b}.cls", "a/**/b", "**/b/", ".*", "x**y", "jsconfig.json",
		"/abs/x.cls", "__tests__/**", "ab*/c?d", "\\[x]", "*.dup", "sub/", "Keep.cls",
		// doublestar compares runes: every invalid byte is U+FFFD.
		"\x85\x85", "a\uFFFDb", "é*",
	}
	paths := []string{
		"a/b", "a/x/b", "a", "b", "a.cls", "b.cls", "x/a.cls", "{a,b}.cls", "x/{a,b}.cls", "foo bar", "x/foo bar", "foo\\ bar",
		"axyb", "x/y", "xy", "xzzy", "q/xzzy", ".hidden", "d/.hidden/e", "jsconfig.json", "d/jsconfig.json", "d/jsconfig.jsonx",
		"abs/x.cls", "q/abs/x.cls", "__tests__/t.js", "m/__tests__/t.js", "abc/cXd", "abc/c/d", "[x]", "x.dup", "sub", "s/sub",
		"KEEP.CLS", "k/keep.cls", "\xb4\xc6", "d/\xc6\xb4", "a\xffb", "a\uFFFDb", "éa", "\xc3",
	}
	for _, caseSensitive := range []bool{false, true} {
		m := compilePatterns(t, patterns, caseSensitive)
		plain := withoutShortcuts(m)
		for _, p := range paths {
			for _, isDir := range []bool{false, true} {
				if got, want := m.Match(p, isDir), plain.Match(p, isDir); got != want {
					t.Errorf("Match(%q, dir %v) = %v, doublestar says %v", p, isDir, got, want)
				}
				// Each pattern alone, so that an earlier rule cannot hide a wrong answer.
				for _, pat := range patterns {
					one := compilePatterns(t, []string{pat}, caseSensitive)
					if got, want := one.Match(p, isDir), withoutShortcuts(one).Match(p, isDir); got != want {
						t.Errorf("%q: Match(%q, dir %v) = %v, doublestar says %v", pat, p, isDir, got, want)
					}
				}
			}
		}
	}
	// The shortcuts are there where they help.
	for pat, want := range map[string][2]string{
		"jsconfig.json": {"jsconfig.json", "jsconfig.json"},
		"**/.*":         {"", ".*"},
		"*.dup":         {".dup", "*.dup"},
		"a[!x]b":        {"", ""},
		"__tests__/**":  {"__tests__", ""},
		"foo\\ bar":     {"foo", "foo\\ bar"},
	} {
		r := compilePatterns(t, []string{pat}, true).rules[0]
		if r.lit != want[0] || r.base != want[1] {
			t.Errorf("%q: lit %q, base %q; want %q, %q", pat, r.lit, r.base, want[0], want[1])
		}
	}
}

func BenchmarkIgnored(b *testing.B) {
	m, _ := Parse([]byte("package.xml\n**/jsconfig.json\n**/.eslintrc.json\n**/__tests__/**\n**/objects/**/indexes/*.index-meta.xml\n**/*.ts\n**/tsconfig.json\nprofiles/*\n**/settings/*\n!**/settings/Keep.settings-meta.xml\n"))
	paths := []string{
		"force-app/main/default/namedCredentials/Billing.namedCredential-meta.xml",
		"force-app/main/default/classes/AccountService.cls",
		"force-app/main/default/lwc/thing/__tests__/thing.test.js",
		"src/minlopro-integrations/main/permissionsets/Callout_User/objectSettings/UserExternalCredential.objectSettings-meta.xml",
	}
	b.Run("Ignored", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			m.Ignored(paths[i%len(paths)], false)
		}
	})
	b.Run("Match", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			m.Match(paths[i%len(paths)], false)
		}
	})
}

// TestLoadRefusesHostileFiles checks that a .forceignore that is a named
// pipe or a link out of its directory is refused at once, and that
// warnings quote lines only as short redacted excerpts (a key file behind
// a .forceignore must not reach the annotations).
func TestLoadRefusesHostileFiles(t *testing.T) {
	outside := t.TempDir()
	key := "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\\xyz"
	if err := os.WriteFile(filepath.Join(outside, "key.pem"), []byte(key+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	linked := t.TempDir()
	if err := os.Symlink(filepath.Join(outside, "key.pem"), filepath.Join(linked, FileName)); err != nil {
		t.Fatal(err)
	}
	fifo := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(fifo, FileName), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ dir, want string }{
		{linked, "a symbolic link to a file outside"},
		{fifo, "not a regular file but a named pipe (FIFO)"},
	} {
		var err error
		done := make(chan struct{})
		go func() { defer close(done); _, _, err = Load(c.dir) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("Load(%s) did not return", c.dir)
		}
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "MIIE") {
			t.Errorf("Load: %v, want %q and no content", err, c.want)
		}
	}
	_, warnings := Parse([]byte(key + "\n"))
	if len(warnings) == 0 {
		t.Fatal("no backslash warning")
	}
	for _, w := range warnings {
		if strings.Contains(w.Message, key[:12]) {
			t.Errorf("warning quotes the key: %s", w)
		}
	}
}
