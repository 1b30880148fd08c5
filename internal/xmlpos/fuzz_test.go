package xmlpos

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/beevik/etree"

	"github.com/nclint/nclint/internal/loc"
)

// naivePos computes the position of off the slow, obvious way, to check
// the incremental cursor against.
func naivePos(data []byte, off int) loc.Pos {
	start := 0
	if bytes.HasPrefix(data, utf8BOM) {
		start = len(utf8BOM)
	}
	line, lineStart := 1, start
	for i := start; i < off; i++ {
		switch data[i] {
		case '\n':
			line++
			lineStart = i + 1
		case '\r':
			if i+1 < len(data) && data[i+1] == '\n' {
				continue
			}
			line++
			lineStart = i + 1
		}
	}
	seg := data[lineStart:off]
	seg = bytes.TrimSuffix(seg, []byte("\r")) // a CR before LF is not a column
	return loc.Pos{Line: line, Col: utf8.RuneCount(seg) + 1, Offset: off}
}

func before(a, b loc.Pos) bool {
	return a.Line < b.Line || (a.Line == b.Line && a.Col <= b.Col)
}

// checkDocument verifies every element and comment span of d against data.
func checkDocument(t *testing.T, data []byte, d *Document) {
	t.Helper()
	var walk func(e *etree.Element, parent loc.Span)
	walk = func(e *etree.Element, parent loc.Span) {
		for _, tok := range e.Child {
			var sp loc.Span
			var openTok, closeTok string
			switch c := tok.(type) {
			case *etree.Element:
				sp, openTok, closeTok = d.Span(c), "<", ">"
			case *etree.Comment:
				sp, openTok, closeTok = d.CommentSpan(c), "<!--", "-->"
			default:
				continue
			}
			if !sp.IsValid() {
				t.Fatalf("token %v has no span", tok)
			}
			s, en := sp.Start, sp.End
			if s.Offset < 0 || en.Offset > len(data) || s.Offset > en.Offset {
				t.Fatalf("span offsets %d..%d outside input of %d bytes", s.Offset, en.Offset, len(data))
			}
			if !before(s, en) || s.Line < 1 || s.Col < 1 {
				t.Fatalf("span %v..%v out of order", s, en)
			}
			if !bytes.HasPrefix(data[s.Offset:], []byte(openTok)) || !bytes.HasSuffix(data[:en.Offset], []byte(closeTok)) {
				t.Fatalf("span %d..%d is %q, not a whole %s...%s", s.Offset, en.Offset, data[s.Offset:en.Offset], openTok, closeTok)
			}
			if parent.IsValid() && (s.Offset < parent.Start.Offset || en.Offset > parent.End.Offset) {
				t.Fatalf("child span %d..%d outside parent %d..%d", s.Offset, en.Offset, parent.Start.Offset, parent.End.Offset)
			}
			if n := naivePos(data, s.Offset); n != s {
				t.Fatalf("start %+v, naive %+v", s, n)
			}
			if n := naivePos(data, en.Offset); n != en {
				t.Fatalf("end %+v, naive %+v", en, n)
			}
			if c, ok := tok.(*etree.Element); ok {
				walk(c, sp)
			}
		}
	}
	walk(&d.Element, loc.Span{})
	if d.Root() == nil {
		t.Fatalf("success without a root element")
	}
}

var hostileSeeds = []string{
	"",
	"\ufeff",
	"<a/>",
	"<a>\r\n<b/>\r</a>",
	"\ufeff<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>é</a>",
	"<a></b>",
	"<a><b></a></b>",
	"<a/><b/>",
	"<a/>x",
	"<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>",
	"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\xe9</a>",
	"\xff\xfe<\x00",
	"<a x='1' x='2'/>",
	"<a><![CDATA[<b>]]></a>",
	"<a><!-- c --></a><!-- d -->",
	"<a>&#0;</a>",
	"<a>&#x10FFFF;</a>",
	"<a>\xed\xa0\x80</a>",
	"<a:b xmlns:a='u'><a:c/></a:b>",
	"<" + strings.Repeat("a", 1000) + "/>",
	strings.Repeat("<a>", 300) + strings.Repeat("</a>", 300),
	"<a>\r</a>\r\n\r",
	"<?xml version=\"1.0\"?><?xml version=\"1.0\"?><a/>",
	"<a><?pi x?></a>",
	"<a b=\"&lt;\"/>",
	"< a/>",
	"<a\n\n/>",
	"<a>&\xff</a>",
	"<!\x01\xfe>",
}

func FuzzParse(f *testing.F) {
	for _, s := range hostileSeeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(namedCredential))
	files, _ := filepath.Glob(filepath.Join("testdata", "*.xml"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ParseOptions("fuzz.xml", data, Options{MaxDepth: 64})
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %T is not a *SyntaxError: %v", err, err)
			}
			if strings.Contains(se.Msg, "internal error") {
				t.Fatalf("recovered panic: %v", err)
			}
			// The message reaches terminals, SARIF and annotations: it
			// must be printable text whatever bytes the input holds.
			if !utf8.ValidString(se.Msg) || strings.ContainsFunc(se.Msg, unicode.IsControl) {
				t.Fatalf("message is not printable UTF-8: %q", se.Msg)
			}
			if se.Pos.Line < 1 || se.Pos.Col < 1 || se.Pos.Offset < 0 || se.Pos.Offset > len(data) {
				t.Fatalf("bad error position %+v for %d bytes", se.Pos, len(data))
			}
			if n := naivePos(data, se.Pos.Offset); n != se.Pos && utf8.Valid(data) {
				t.Fatalf("error position %+v, naive %+v", se.Pos, n)
			}
			return
		}
		if d == nil {
			t.Fatalf("nil Document without error")
		}
		checkDocument(t, data, d)
	})
}

// TestSeedsWellFormedSpans runs the fuzz checks on the seeds that parse,
// so they also run under a plain `go test`.
func TestSeedsWellFormedSpans(t *testing.T) {
	seeds := append([]string{namedCredential}, hostileSeeds...)
	files, _ := filepath.Glob(filepath.Join("testdata", "*.xml"))
	if len(files) == 0 {
		t.Fatal("no testdata files")
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(p, b); err != nil {
			t.Errorf("%s: %v", p, err)
		}
		seeds = append(seeds, string(b))
	}
	ok := 0
	for i, s := range seeds {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			d, err := Parse("seed", []byte(s))
			if err != nil {
				return
			}
			ok++
			checkDocument(t, []byte(s), d)
		})
	}
	if ok < 10 {
		t.Errorf("only %d seeds parsed", ok)
	}
}

// generatedProfile builds a Profile of about size bytes, shaped like a real
// admin profile: thousands of fieldPermissions.
func generatedProfile(size int) []byte {
	var b bytes.Buffer
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Profile xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n")
	b.WriteString("    <custom>false</custom>\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "    <fieldPermissions>\n        <editable>true</editable>\n        <field>Account.Field_%d__c</field>\n        <readable>true</readable>\n    </fieldPermissions>\n", i)
	}
	b.WriteString("    <objectPermissions>\n        <allowRead>true</allowRead>\n        <object>UserExternalCredential</object>\n    </objectPermissions>\n")
	b.WriteString("    <userLicense>Salesforce</userLicense>\n</Profile>\n")
	return b.Bytes()
}

func BenchmarkParseProfile5MB(b *testing.B) {
	data := generatedProfile(5 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("p.profile-meta.xml", data); err != nil {
			b.Fatal(err)
		}
	}
}

func TestGeneratedProfileSpans(t *testing.T) {
	data := generatedProfile(64 << 10)
	d, err := Parse("p", data)
	if err != nil {
		t.Fatal(err)
	}
	checkDocument(t, data, d)
}
