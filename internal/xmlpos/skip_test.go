package xmlpos

import (
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/beevik/etree"
)

// skipSeeds put errors inside a child of the root, where SkipChild applies.
var skipSeeds = []string{
	"<r><s><a></b></s></r>",
	"<r><s><a x='1' x='2'/></s></r>",
	"<r><s a='1' a='2'/></r>",
	"<r><s><!DOCTYPE x></s></r>",
	"<r><s><!ENTITY x></s></r>",
	"<r><s><?xml version='1.0'?></s></r>",
	"<r><s><?pi x?><!-- c --><![CDATA[x]]>t</s></r>",
	"<r><s><a>",
	"<r><s><a></a>",
	"<r><s>&bogus;</s></r>",
	"<r><s>\xff</s></r>",
	"<r><s><a><b><c><d><e><f/></e></d></c></b></a></s></r>",
	"<r><s/><k>1</k><s><a/></s><k><s/></k></r>",
	"<r>\n<s>\n  <a>é</a>\n</s>\n<k>x</k>\n</r>\n",
	"<r><s></r>",
	"<r><s><a>x &amp; y &lt;&gt;&quot;&apos;</a><b/><c.d-e_1>t</c.d-e_1></s><k>z</k></r>",
	"<r><s><a>x &amp y</a></s></r>",
	"<r><s><a>]]></a></s></r>",
	"<r><s><a>\x01</a></s></r>",
	"<r><s><a></a ></s></r>",
	"<r><s><a><b></a></b></s></r>",
	"<r><s><a/ ></s></r>",
	"<r><s><1/></s></r>",
	"<r><s>\r\n<a>\r</a>\t</s>\r\n<k/></r>",
	"<r><s><a></a></s ></r>",
	"<r><s><a></a></t></r>",
	"<r><s><a></a>",
	"<r><s><a></a></s>",
	"<r><s><: x='1' x='2'/></s></r>",
	"<r>\n  <s><a>1</a></s>\n  <s><a>2</a></s>\n  <s/>\n  <s/><s><b/></s>\n  <k>x</k>\n  <s><a>3</a></s>\n</r>\n",
	"<r>\n<s><a>1</a></s>\r\n<s><a>2</a></s>\n</r>",
	"<r>\n<s><a>1</a></s>\n<s a='1'><a>2</a></s>\n<s><a>3</a></s></r>",
	"<r>\n<s><a>1</a></s>\n<s><a>é</a></s>\n<s><a>3</a></s></r>",
	"<r>\n<s><a>1</a></s>\n<s><a>2</b></s>\n<s><a>3</a></s></r>",
	"<r>\n<s><a>1</a></s>\n<s/>\n<s/>\n<s></r>",
	"<r><s></s><s></s><s></s><s></s><s></s><s></s><s></s></r>",
	"<r><s/><s/><s/><s/><s/><s/><s/><s/></r>",
	"<r><s><a/><a/></s> <s><a/><a/></s> <s><a/></s></r>",
	"<r><s>x</s><s>y</s>text<s>z</s></r>",
	"<r><s>x</s> <!-- c --> <s>z</s></r>",
	"<r><s><a:b:c></a:b:c></s></r>",
	"<r><s></s></r><r/>",
	"<r><s><a b=\"1\" c=\"2\" d=\"3\"/>" + strings.Repeat("<x/>", 40) + "</s></r>",
	"<r><s " + strings.Repeat("a", 1) + "='1'" + func() string {
		var b strings.Builder
		for i := 0; i < 20; i++ {
			fmt.Fprintf(&b, " n%d='1'", i)
		}
		return b.String()
	}() + " a='2'/></r>",
}

// sameWithSkip parses data with and without SkipChild (skipping every
// child named s, or every child when all is set) and fails when the
// outcomes differ: the same error (message, position, Limit), or for a
// document, the same root with the same kept children at the same spans.
func sameWithSkip(t *testing.T, data []byte, opts Options, all bool) {
	t.Helper()
	full, ferr := ParseOptions("f.xml", data, opts)
	opts.SkipChild = func(root, child string) bool { return all || child == "s" }
	part, perr := ParseOptions("f.xml", data, opts)
	if (ferr == nil) != (perr == nil) {
		t.Fatalf("%q: error without skipping %v, with %v", data, ferr, perr)
	}
	if ferr != nil {
		var fe, pe *SyntaxError
		if !errors.As(ferr, &fe) || !errors.As(perr, &pe) {
			t.Fatalf("%q: errors %T %T", data, ferr, perr)
		}
		if *fe != *pe {
			t.Fatalf("%q: error without skipping %+v, with %+v", data, *fe, *pe)
		}
		return
	}
	fr, pr := full.Root(), part.Root()
	if fr.Tag != pr.Tag || full.Span(fr) != part.Span(pr) {
		t.Fatalf("%q: root %s %v, with skipping %s %v", data, fr.Tag, full.Span(fr), pr.Tag, part.Span(pr))
	}
	var kept []*etree.Element
	for _, c := range fr.ChildElements() {
		if !all && c.Tag != "s" {
			kept = append(kept, c)
		}
	}
	got := pr.ChildElements()
	if len(got) != len(kept) {
		t.Fatalf("%q: %d children kept, want %d", data, len(got), len(kept))
	}
	for i := range got {
		if got[i].Tag != kept[i].Tag || part.Span(got[i]) != full.Span(kept[i]) || got[i].Text() != kept[i].Text() {
			t.Fatalf("%q: child %d is %s %v, want %s %v", data, i, got[i].Tag, part.Span(got[i]), kept[i].Tag, full.Span(kept[i]))
		}
	}
}

func skipCorpus(t testing.TB) [][]byte {
	var out [][]byte
	for _, s := range append(append([]string{namedCredential}, hostileSeeds...), skipSeeds...) {
		out = append(out, []byte(s))
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "*.xml"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return append(out, generatedProfile(8<<10))
}

// TestSkipChildSameOutcome: skipping a subtree gives every error the full
// parse gives, at the same position, and keeps the other children as they
// are; the limits count inside skipped subtrees too.
func TestSkipChildSameOutcome(t *testing.T) {
	for _, data := range skipCorpus(t) {
		for _, all := range []bool{false, true} {
			sameWithSkip(t, data, Options{}, all)
			sameWithSkip(t, data, Options{MaxDepth: 4}, all)
			sameWithSkip(t, data, Options{MaxNodes: 5}, all)
		}
	}
}

// TestSkipChildBuildsNothing: a skipped field permission leaves no element
// behind, and the profile's other children are read.
func TestSkipChildBuildsNothing(t *testing.T) {
	data := generatedProfile(64 << 10)
	d, err := ParseOptions("p", data, Options{SkipChild: func(root, child string) bool {
		return root == "Profile" && child == "fieldPermissions"
	}})
	if err != nil {
		t.Fatal(err)
	}
	var tags []string
	for _, c := range d.Root().ChildElements() {
		tags = append(tags, c.Tag)
	}
	if got := strings.Join(tags, ","); got != "custom,objectPermissions,userLicense" {
		t.Errorf("children %s", got)
	}
	// Profile, custom, objectPermissions with allowRead and object, userLicense.
	if n := len(d.elems); n != 6 {
		t.Errorf("%d elements built, want 6", n)
	}
	checkDocument(t, data, d)
}

func FuzzSkipChild(f *testing.F) {
	for _, b := range skipCorpus(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sameWithSkip(t, data, Options{MaxDepth: 16, MaxNodes: 200}, false)
		sameWithSkip(t, data, Options{MaxDepth: 16, MaxNodes: 200}, true)
	})
}

func BenchmarkParseProfile5MBSkip(b *testing.B) {
	data := generatedProfile(5 << 20)
	opts := Options{SkipChild: func(root, child string) bool { return child == "fieldPermissions" }}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseOptions("p.profile-meta.xml", data, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// TestFastSkip: plain content is checked byte by byte (and the decoder
// resumes after it); anything else is left to encoding/xml.
func TestFastSkip(t *testing.T) {
	cases := []struct {
		content string
		fast    bool
	}{
		{"<a>x</a><b/>\n  <c>&amp;</c></s>", true},
		{"</s>", true},
		{"<a x='1'/></s>", false},
		{"<a>é</a></s>", false},
		{"<!-- c --></s>", false},
		{"<a></b></s>", false},
		{"<a>x</a>", false},
	}
	for _, c := range cases {
		data := []byte("<r><s>" + c.content + "<k/></r>")
		p := newParser("f", data, Options{SkipChild: func(root, child string) bool { return child == "s" }})
		p.decodeFrom(0)
		p.names = map[string]string{}
		if got := p.fastSkip(etree.NewElement("r"), xml.StartElement{Name: xml.Name{Local: "s"}}, len("<r><s>")); got != c.fast {
			t.Errorf("%q: fast %v, want %v", c.content, got, c.fast)
			continue
		}
		if c.fast {
			if tok, before, _, err := p.token(); err != nil || before != len(data)-len("<k/></r>") {
				t.Errorf("%q: decoder resumes at %d with %v %v", c.content, before, tok, err)
			}
		}
	}
}

// TestCursorFastPath: positions computed in long steps (the fast path for
// runs without "\r") equal the naive ones, for text with and without
// "\r", multi-byte and invalid UTF-8, at every step size.
func TestCursorFastPath(t *testing.T) {
	inputs := []string{
		strings.Repeat("abc é\n", 40),
		strings.Repeat("x", 300),
		strings.Repeat("a\r\nb\rc\n", 30),
		strings.Repeat("日本\n\xff\xfe z", 30),
		"\ufeff" + strings.Repeat("<a>é</a>\n", 30),
	}
	for _, in := range inputs {
		data := []byte(in)
		for _, step := range []int{1, 7, 65, 100, 1000} {
			start := 0
			if strings.HasPrefix(in, "\ufeff") {
				start = 3
			}
			c := cursor{data: data, off: start, line: 1, col: 1}
			for off := start; off <= len(data); off += step {
				for off < len(data) && !utf8.RuneStart(data[off]) {
					off++ // token boundaries are rune starts
				}
				if got, want := c.advance(off), naivePos(data, off); got != want {
					t.Fatalf("%.20q step %d at %d: %+v, want %+v", in, step, off, got, want)
				}
			}
		}
	}
}
