package apex

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// fixtures returns the Apex files in testdata.
func fixtures(t testing.TB) []string {
	t.Helper()
	var files []string
	for _, pat := range []string{"testdata/*.cls", "testdata/*.trigger"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no fixtures in testdata")
	}
	slices.Sort(files)
	return files
}

func metaFor(path string) model.Meta {
	base := filepath.Base(path)
	ext := filepath.Ext(base)
	kind := model.KindApexClass
	if ext == ".trigger" {
		kind = model.KindApexTrigger
	}
	return model.Meta{Kind: kind, Name: strings.TrimSuffix(base, ext), File: "force-app/main/default/classes/" + base}
}

// TestGolden parses every fixture and compares the facts with the
// hand-checked .golden file beside it. Run with -update to rewrite them
// (then review the diff).
func TestGolden(t *testing.T) {
	for _, path := range fixtures(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			meta := metaFor(path)
			out, probs := Parse(meta, src)
			checkSpans(t, src, meta.File, out, probs)
			got := render(out, probs)
			golden := strings.TrimSuffix(path, filepath.Ext(path)) + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("missing golden file (run go test -update and review it): %v", err)
			}
			if got != string(want) {
				t.Errorf("facts differ from %s\n--- got\n%s\n--- want\n%s", golden, got, want)
			}
		})
	}
}

// render prints the facts one per line, positions as line:col-line:col.
func render(out *model.ApexSource, probs []model.Problem) string {
	var b strings.Builder
	sp := func(s loc.Span) string {
		return fmt.Sprintf("%d:%d-%d:%d", s.Start.Line, s.Start.Col, s.End.Line, s.End.Col)
	}
	anns := func(indent string, as []model.Annotation) {
		for _, a := range as {
			keys := make([]string, 0, len(a.Params))
			for k := range a.Params {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			var ps []string
			for _, k := range keys {
				ps = append(ps, fmt.Sprintf("%s=%s", k, a.Params[k]))
			}
			fmt.Fprintf(&b, "%sannotation %s %s params=[%s]\n", indent, a.Name, sp(a.Span), strings.Join(ps, " "))
		}
	}
	refs := func(indent string, rs []model.Ref) {
		if len(rs) == 0 {
			return
		}
		var parts []string
		for _, r := range rs {
			parts = append(parts, fmt.Sprintf("%s@%d:%d", r.Name, r.Span.Start.Line, r.Span.Start.Col))
		}
		fmt.Fprintf(&b, "%srefs %s\n", indent, strings.Join(parts, " "))
	}
	if tr := out.Trigger; tr != nil {
		fmt.Fprintf(&b, "trigger %s on %s %s\n", tr.Name, tr.Object, sp(tr.Span))
	}
	for _, ty := range out.Types {
		fmt.Fprintf(&b, "%s %s %s outer=%q mods=[%s] extends=%q implements=[%s]\n",
			ty.Kind, ty.Name, sp(ty.Span), ty.Outer, strings.Join(ty.Modifiers, " "), ty.Extends, strings.Join(ty.Implements, " "))
		anns("  ", ty.Annotations)
		for _, m := range ty.Methods {
			fmt.Fprintf(&b, "  method %s %s static=%v\n", m.Name, sp(m.Span), m.Static)
			anns("    ", m.Annotations)
			refs("    ", m.Refs)
		}
	}
	for _, c := range out.Callouts {
		fmt.Fprintf(&b, "callout %s name=%q literal=%q type=%q method=%q\n", sp(c.Span), c.Name, c.Literal, c.Type, c.Method)
	}
	for _, c := range out.CredentialRefs {
		fmt.Fprintf(&b, "credential %s ec=%q param=%q\n", sp(c.Span), c.ExternalCredential, c.Parameter)
	}
	refs("", out.Refs)
	for i, r := range out.Requests {
		esc := "-"
		if r.Escapes {
			esc = sp(r.EscapeSpan)
		}
		fmt.Fprintf(&b, "request #%d %s %s origin=%s type=%q method=%q escapes=%s\n", i, r.Name, sp(r.Span), r.Origin, r.Type, r.Method, esc)
	}
	for _, c := range out.RequestCalls {
		args := "unread"
		if c.Args != nil {
			var as []string
			for _, a := range c.Args {
				as = append(as, renderExpr(a))
			}
			args = "[" + strings.Join(as, ", ") + "]"
		}
		fmt.Fprintf(&b, "call %s %s.%s request=%d type=%q method=%q args=%s\n", sp(c.Span), c.Receiver, c.Name, c.Request, c.Type, c.Method, args)
	}
	for _, p := range probs {
		fmt.Fprintf(&b, "problem %s %s\n", sp(p.Span), p.Message)
	}
	return b.String()
}

// renderExpr writes an argument: literal parts quoted, unknown parts as
// "?", joined by " + "; an expression that is not a concatenation is "<?>".
func renderExpr(e model.ApexExpr) string {
	if e.Parts == nil {
		return "<?>"
	}
	var ps []string
	for _, p := range e.Parts {
		if p.Literal {
			ps = append(ps, strconv.Quote(p.Value))
		} else {
			ps = append(ps, "?")
		}
	}
	return strings.Join(ps, " + ")
}

// refPos computes the position of byte offset off independently of the
// lexer: a leading BOM is skipped, "\n", "\r\n" and "\r" end lines, and
// columns count code points as utf8.DecodeRune sees them.
func refPos(src []byte, off int) (line, col int) {
	line, col = 1, 1
	i := 0
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		i = 3
	}
	for i < off {
		switch src[i] {
		case '\n':
			line, col = line+1, 1
			i++
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				if i+1 == off {
					// off points between \r and \n: still on this line.
					return line, col + 1
				}
				i++
			}
			line, col = line+1, 1
			i++
		default:
			_, w := utf8.DecodeRune(src[i:])
			i += w
			col++
		}
	}
	return line, col
}

// checkPos asserts that p is consistent with its offset.
func checkPos(t testing.TB, src []byte, what string, p loc.Pos) {
	t.Helper()
	if p.Offset < 0 || p.Offset > len(src) {
		t.Errorf("%s: offset %d outside the input (len %d)", what, p.Offset, len(src))
		return
	}
	if l, c := refPos(src, p.Offset); l != p.Line || c != p.Col {
		t.Errorf("%s: position %d:%d, offset %d is at %d:%d", what, p.Line, p.Col, p.Offset, l, c)
	}
}

func checkSpan(t testing.TB, src []byte, file, what string, s loc.Span) string {
	t.Helper()
	if s.File != file {
		t.Errorf("%s: span file %q, want %q", what, s.File, file)
	}
	checkPos(t, src, what+" start", s.Start)
	checkPos(t, src, what+" end", s.End)
	if s.Start.Offset > s.End.Offset || s.End.Offset > len(src) || s.Start.Offset < 0 {
		t.Errorf("%s: bad span offsets %d..%d (len %d)", what, s.Start.Offset, s.End.Offset, len(src))
		return ""
	}
	return string(src[s.Start.Offset:s.End.Offset])
}

// checkSpans asserts every span is in the file, consistent with its offsets
// and covers the text it claims to.
func checkSpans(t testing.TB, src []byte, file string, out *model.ApexSource, probs []model.Problem) {
	t.Helper()
	if tr := out.Trigger; tr != nil {
		if txt := checkSpan(t, src, file, "trigger object", tr.Span); txt != tr.Object {
			t.Errorf("trigger object span covers %q, want %q", txt, tr.Object)
		}
	}
	for _, ty := range out.Types {
		if txt := checkSpan(t, src, file, "type "+ty.Name, ty.Span); txt != ty.Name {
			t.Errorf("type span covers %q, want %q", txt, ty.Name)
		}
		for _, a := range ty.Annotations {
			if txt := checkSpan(t, src, file, "annotation", a.Span); !strings.HasPrefix(txt, "@") {
				t.Errorf("annotation span covers %q", txt)
			}
		}
		for _, m := range ty.Methods {
			if txt := checkSpan(t, src, file, "method "+m.Name, m.Span); txt != m.Name {
				t.Errorf("method span covers %q, want %q", txt, m.Name)
			}
			for _, a := range m.Annotations {
				if txt := checkSpan(t, src, file, "annotation", a.Span); !strings.HasPrefix(txt, "@") {
					t.Errorf("annotation span covers %q", txt)
				}
			}
			for _, r := range m.Refs {
				if txt := checkSpan(t, src, file, "method ref", r.Span); txt != r.Name {
					t.Errorf("method ref span covers %q, want %q", txt, r.Name)
				}
			}
		}
	}
	for _, c := range out.Callouts {
		txt := checkSpan(t, src, file, "callout", c.Span)
		if len(txt) < 2 || txt[0] != '\'' || txt[len(txt)-1] != '\'' || unquote(txt) != c.Literal {
			t.Errorf("callout span covers %q, literal %q", txt, c.Literal)
		}
	}
	for _, c := range out.CredentialRefs {
		txt := checkSpan(t, src, file, "credential", c.Span)
		if want := "$Credential." + c.ExternalCredential + "." + c.Parameter; !strings.EqualFold(txt, want) {
			t.Errorf("credential span covers %q, want %q", txt, want)
		}
	}
	for _, r := range out.Refs {
		if txt := checkSpan(t, src, file, "ref", r.Span); txt != r.Name {
			t.Errorf("ref span covers %q, want %q", txt, r.Name)
		}
	}
	for _, r := range out.Requests {
		if txt := checkSpan(t, src, file, "request", r.Span); txt != r.Name {
			t.Errorf("request span covers %q, want %q", txt, r.Name)
		}
		if r.Escapes {
			if txt := checkSpan(t, src, file, "escape", r.EscapeSpan); !strings.EqualFold(txt, r.Name) {
				t.Errorf("escape span covers %q, want %q", txt, r.Name)
			}
		}
	}
	for _, c := range out.RequestCalls {
		txt := checkSpan(t, src, file, "request call", c.Span)
		if !strings.HasPrefix(txt, c.Receiver) || c.Args != nil && !strings.HasSuffix(txt, ")") {
			t.Errorf("request call span covers %q", txt)
		}
		if c.Request >= len(out.Requests) {
			t.Errorf("request call %s: request index %d out of range", txt, c.Request)
		}
		for _, a := range c.Args {
			if a.Parts == nil && a.Span == (loc.Span{}) {
				continue
			}
			checkSpan(t, src, file, "argument", a.Span)
			for _, p := range a.Parts {
				ptxt := checkSpan(t, src, file, "argument part", p.Span)
				if p.Literal && unquote(ptxt) != p.Value {
					t.Errorf("literal part span covers %q, value %q", ptxt, p.Value)
				}
			}
		}
	}
	for _, p := range probs {
		checkSpan(t, src, file, "problem", p.Span)
	}
}
