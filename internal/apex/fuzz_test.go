package apex

import (
	"os"
	"testing"

	"github.com/nclint/nclint/internal/model"
)

// FuzzParse checks that Parse never panics, terminates, and returns spans
// that lie in the input and agree with their offsets. It is seeded with the
// testdata fixtures and a few malformed fragments.
func FuzzParse(f *testing.F) {
	for _, path := range fixtures(f) {
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	for _, s := range []string{
		"", "\uFEFF'", "'\\", "/*", "@ (", "class X implements A<B<C {",
		"trigger T on O (after insert) { 'callout:X' }", "'{!$Credential.A.B}'", "\r\r\n\xff'é'",
		"class T { void m(HttpRequest p) { HttpRequest r = new HttpRequest(); r.setHeader('a' + x, ); r = p; sign(r); { p.setBody(( } } }",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1<<16 {
			return // checkSpans is quadratic; large inputs add nothing here
		}
		const file = "classes/F.cls"
		out, probs := Parse(model.Meta{Kind: model.KindApexClass, File: file}, src)
		if out == nil {
			t.Fatal("nil result")
		}
		checkSpans(t, src, file, out, probs)

		toks, _ := Lex(src)
		last := 0
		for _, tk := range toks {
			if tk.Start.Offset < last || tk.End.Offset <= tk.Start.Offset || tk.End.Offset > len(src) {
				t.Fatalf("token %s out of order or outside the input", tok(tk))
			}
			if string(src[tk.Start.Offset:tk.End.Offset]) != tk.Text {
				t.Fatalf("token %s: text differs from the source", tok(tk))
			}
			checkPos(t, src, "token start", tk.Start)
			checkPos(t, src, "token end", tk.End)
			last = tk.End.Offset
		}
	})
}
