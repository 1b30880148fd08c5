package apex

import (
	"fmt"
	"strings"
	"testing"
)

// tok renders a token as "Kind Text@line:col-line:col/offset".
func tok(t Token) string {
	return fmt.Sprintf("%s %s@%d:%d-%d:%d/%d", t.Kind, t.Text, t.Start.Line, t.Start.Col, t.End.Line, t.End.Col, t.Start.Offset)
}

func TestLex(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
		errs []string
	}{
		{
			name: "basics",
			src:  "x.y(1.5, 10L);",
			want: []string{
				"Ident x@1:1-1:2/0", "Punct .@1:2-1:3/1", "Ident y@1:3-1:4/2", "Punct (@1:4-1:5/3",
				"Number 1.5@1:5-1:8/4", "Punct ,@1:8-1:9/7", "Number 10L@1:10-1:13/9",
				"Punct )@1:13-1:14/12", "Punct ;@1:14-1:15/13",
			},
		},
		{
			name: "comments and tricky strings",
			src:  "a = 'it\\'s /* not a comment */'; // 'callout:X'\n/* 'y'\n */ b",
			want: []string{
				"Ident a@1:1-1:2/0", "Punct =@1:3-1:4/2",
				`String 'it\'s /* not a comment */'@1:5-1:32/4`,
				"Punct ;@1:32-1:33/31",
				"LineComment // 'callout:X'@1:34-1:48/33",
				"BlockComment /* 'y'\n */@2:1-3:4/48",
				"Ident b@3:5-3:6/59",
			},
		},
		{
			name: "url with comment opener inside a string",
			src:  "'https://x/*' + y",
			want: []string{"String 'https://x/*'@1:1-1:14/0", "Punct +@1:15-1:16/14", "Ident y@1:17-1:18/16"},
		},
		{
			name: "escaped backslash before the closing quote",
			src:  `'c:\\' x`,
			want: []string{`String 'c:\\'@1:1-1:7/0`, "Ident x@1:8-1:9/7"},
		},
		{
			name: "annotations with and without blanks",
			src:  "@future(callout=true) @ \tAuraEnabled @ 1",
			want: []string{
				"Annotation @future@1:1-1:8/0", "Punct (@1:8-1:9/7", "Ident callout@1:9-1:16/8",
				"Punct =@1:16-1:17/15", "Ident true@1:17-1:21/16", "Punct )@1:21-1:22/20",
				"Annotation @ \tAuraEnabled@1:23-1:37/22", "Punct @@1:38-1:39/37", "Number 1@1:40-1:41/39",
			},
		},
		{
			name: "BOM, CRLF and lone CR",
			src:  "\uFEFFa\r\nb\rc\n\r\nd",
			want: []string{"Ident a@1:1-1:2/3", "Ident b@2:1-2:2/6", "Ident c@3:1-3:2/8", "Ident d@5:1-5:2/12"},
		},
		{
			name: "code points, not bytes",
			src:  "'é€😀' x\u00a0y",
			want: []string{"String 'é€😀'@1:1-1:6/0", "Ident x@1:7-1:8/12", "Other \u00a0@1:8-1:9/13", "Ident y@1:9-1:10/15"},
		},
		{
			name: "invalid UTF-8 and control bytes are tolerated",
			src:  "a\xff\x01b",
			want: []string{"Ident a@1:1-1:2/0", "Other \xff@1:2-1:3/1", "Other \x01@1:3-1:4/2", "Ident b@1:4-1:5/3"},
		},
		{
			name: "unterminated string resumes on the next line",
			src:  "s = 'open;\r\nt = 'callout:X';",
			want: []string{
				"Ident s@1:1-1:2/0", "Punct =@1:3-1:4/2", "Invalid 'open;@1:5-1:11/4",
				"Ident t@2:1-2:2/12", "Punct =@2:3-2:4/14", "String 'callout:X'@2:5-2:16/16", "Punct ;@2:16-2:17/27",
			},
			errs: []string{"1:5: " + msgUnterminatedString},
		},
		{
			name: "backslash at the end of a line does not continue the string",
			src:  "'a\\\nb'",
			want: []string{"Invalid 'a\\@1:1-1:4/0", "Ident b@2:1-2:2/4", "Invalid '@2:2-2:3/5"},
			errs: []string{"1:1: " + msgUnterminatedString, "2:2: " + msgUnterminatedString},
		},
		{
			name: "unterminated block comment",
			src:  "x /* never\nends",
			want: []string{"Ident x@1:1-1:2/0", "BlockComment /* never\nends@1:3-2:5/2"},
			errs: []string{"1:3: " + msgUnterminatedComment},
		},
		{
			name: "comment opener is not its own closer",
			src:  "/*/ x */y",
			want: []string{"BlockComment /*/ x */@1:1-1:9/0", "Ident y@1:9-1:10/8"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks, errs := Lex([]byte(tt.src))
			var got []string
			for _, tk := range toks {
				got = append(got, tok(tk))
				if tt.src[tk.Start.Offset:tk.End.Offset] != tk.Text {
					t.Errorf("token %s: text is not the source at its offsets", tok(tk))
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("tokens:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			var gotErrs []string
			for _, e := range errs {
				gotErrs = append(gotErrs, e.Error())
			}
			if strings.Join(gotErrs, "\n") != strings.Join(tt.errs, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(gotErrs, "\n"), strings.Join(tt.errs, "\n"))
			}
		})
	}
}

func TestLexErrorEnd(t *testing.T) {
	_, errs := Lex([]byte("x = 'abc\ny"))
	if len(errs) != 1 {
		t.Fatalf("got %d errors, want 1", len(errs))
	}
	if got := fmt.Sprintf("%v-%v", errs[0].Start, errs[0].End); got != "1:5-1:9" {
		t.Errorf("error span %s, want 1:5-1:9", got)
	}
}

func TestValue(t *testing.T) {
	tests := []struct{ src, want string }{
		{`'plain'`, "plain"},
		{`'it\'s'`, "it's"},
		{`'a\\b'`, `a\b`},
		{`'t\tn\nr\rb\bf\f"\"'`, "t\tn\nr\rb\bf\f\"\""},
		{`'\u0063allout:X'`, "callout:X"},
		{`'\u00e9\u20AC'`, "é€"},
		{`'\u12'`, `\u12`},
		{`'\d'`, `\d`},
		{"// note", " note"},
		{"/* block */", " block "},
		{"/* open", " open"},
		{"@ future", "future"},
		{"Foo", "Foo"},
	}
	for _, tt := range tests {
		toks, _ := Lex([]byte(tt.src))
		if len(toks) != 1 {
			t.Errorf("%q: got %d tokens, want 1", tt.src, len(toks))
			continue
		}
		if got := toks[0].Value(); got != tt.want {
			t.Errorf("%q: Value() = %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestTokenIs(t *testing.T) {
	toks, _ := Lex([]byte("CLASS { 'x'"))
	if !toks[0].Is("class") || toks[0].Is("classes") {
		t.Error("identifiers compare case-insensitively")
	}
	if !toks[1].Is("{") || toks[1].Is("}") {
		t.Error("punctuation compares exactly")
	}
	if toks[2].Is("'X'") {
		t.Error("strings compare exactly")
	}
}

func TestKindString(t *testing.T) {
	if Ident.String() != "Ident" || Other.String() != "Other" || Kind(0).String() != "Kind(0)" || Kind(200).String() != "Kind(200)" {
		t.Errorf("Kind.String: %s %s %s %s", Ident, Other, Kind(0), Kind(200))
	}
}

func TestComments(t *testing.T) {
	src := "// nclint-ignore NC201: reason\nclass T { 'a // no' /* b\n c */ }\n"
	toks, errs := Comments([]byte(src))
	var got []string
	for _, tk := range toks {
		got = append(got, tok(tk))
	}
	want := []string{
		"LineComment // nclint-ignore NC201: reason@1:1-1:31/0",
		"BlockComment /* b\n c */@2:21-3:6/51",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || len(errs) != 0 {
		t.Errorf("comments:\n%s\nwant:\n%s\nerrors %v", strings.Join(got, "\n"), strings.Join(want, "\n"), errs)
	}
	if v := toks[0].Value(); v != " nclint-ignore NC201: reason" {
		t.Errorf("Value() = %q", v)
	}
}

// TestTokenLimit: lexing stops at the token over the limit, whatever its
// kind (comments and unterminated strings count too), with an error there.
func TestTokenLimit(t *testing.T) {
	for _, c := range []struct {
		src  string
		keep keepMode
		line int
		col  int
	}{
		{strings.Repeat(";", 50), keepScan, 1, 11},
		{strings.Repeat("//c\n", 50), keepScan, 11, 1},
		{strings.Repeat("/**/", 50), keepComments, 1, 41},
		{strings.Repeat("'x\n", 50), keepScan, 11, 1},
		{strings.Repeat("a ", 10), keepScan, 0, 0},
	} {
		toks, errs, limit := lexCompact(c.src, c.keep, 10)
		if c.line == 0 {
			if limit != nil || len(toks) != 10 {
				t.Errorf("%.10q: limit %v with %d tokens", c.src, limit, len(toks))
			}
			continue
		}
		if limit == nil || limit.Start.Line != c.line || limit.Start.Col != c.col ||
			limit.Msg != "not read: the file has more than 10 Apex tokens, the limit that bounds memory (real Apex has far fewer)" {
			t.Errorf("%.10q: limit %+v", c.src, limit)
		}
		if len(toks) > 10 || len(errs) > 10 {
			t.Errorf("%.10q: %d tokens and %d errors kept", c.src, len(toks), len(errs))
		}
	}
	if _, errs := Lex([]byte(strings.Repeat(";", DefaultMaxTokens+1))); len(errs) != 1 || !strings.Contains(errs[0].Msg, "2000000 Apex tokens") {
		t.Errorf("Lex at the default limit: %+v", errs)
	}
}
