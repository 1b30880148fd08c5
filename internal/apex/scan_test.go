package apex

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/model"
)

const testFile = "force-app/main/default/classes/T.cls"

func parse(t testing.TB, src string) (*model.ApexSource, []model.Problem) {
	t.Helper()
	meta := model.Meta{Kind: model.KindApexClass, Name: "T", File: testFile}
	out, probs := Parse(meta, []byte(src))
	checkSpans(t, []byte(src), testFile, out, probs)
	return out, probs
}

func TestCalloutName(t *testing.T) {
	tests := []struct {
		expr    string
		callout bool
		name    string
		literal string
	}{
		{`'callout:Billing_NC/v1/invoices'`, true, "Billing_NC", "callout:Billing_NC/v1/invoices"},
		{`'Callout:Gemini?key=' + k`, true, "Gemini", "Callout:Gemini?key="},
		{`'CALLOUT:daypack01__package_api_nc/WeatherForecast'`, true, "daypack01__package_api_nc", "CALLOUT:daypack01__package_api_nc/WeatherForecast"},
		{`'callout:NC'`, true, "NC", "callout:NC"},
		{`'callout:' + nc + '/chat'`, true, "", "callout:"},
		{`'callout:'`, true, "", "callout:"},
		{`'callout:Weather_' + env`, true, "", "callout:Weather_"},
		{`'callout:ns__' + name`, true, "", "callout:ns__"},
		{`'callout:Weather_'`, true, "Weather_", "callout:Weather_"},
		{`'callout:Base_NC' + path`, true, "Base_NC", "callout:Base_NC"},
		{`String.format('callout:{0}/services/data/v{1}', args)`, true, "", "callout:{0}/services/data/v{1}"},
		{`'callout:My NC'`, true, "My", "callout:My NC"},
		{`'\u0063allout:Esc\'d'`, true, "Esc", "callout:Esc'd"},
		{`' callout:X'`, false, "", ""},
		{`'callouts:X'`, false, "", ""},
		{`'callout'`, false, "", ""},
		{`'https://example.com/callout:X'`, false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			src := "class T { void m() { x = " + tt.expr + "; } }"
			out, _ := parse(t, src)
			if !tt.callout {
				if len(out.Callouts) != 0 {
					t.Fatalf("got callouts %+v, want none", out.Callouts)
				}
				return
			}
			if len(out.Callouts) != 1 {
				t.Fatalf("got %d callouts, want 1", len(out.Callouts))
			}
			c := out.Callouts[0]
			if c.Name != tt.name || c.Literal != tt.literal || c.Type != "T" || c.Method != "m" {
				t.Errorf("got name %q literal %q in %s.%s, want %q %q in T.m", c.Name, c.Literal, c.Type, c.Method, tt.name, tt.literal)
			}
			q := strings.Index(src, "'")
			if c.Span.Start.Col != q+1 || c.Span.Start.Line != 1 || c.Span.Start.Offset != q {
				t.Errorf("callout starts at %v offset %d", c.Span.Start, c.Span.Start.Offset)
			}
		})
	}
}

func TestPositionsBOMAndCRLF(t *testing.T) {
	src := "\uFEFFpublic class A {\r\n  void m() {\r\n    x('callout:N');\r\n  }\r\n}\r\n"
	out, _ := parse(t, src)
	if len(out.Types) != 1 || len(out.Callouts) != 1 {
		t.Fatalf("got %d types, %d callouts", len(out.Types), len(out.Callouts))
	}
	ty := out.Types[0]
	if got := fmt.Sprintf("%v/%d-%v", ty.Span.Start, ty.Span.Start.Offset, ty.Span.End); got != "1:14/16-1:15" {
		t.Errorf("type span %s, want 1:14/16-1:15", got)
	}
	m := ty.Methods[0]
	if got := fmt.Sprintf("%v-%v", m.Span.Start, m.Span.End); got != "2:8-2:9" {
		t.Errorf("method span %s, want 2:8-2:9", got)
	}
	c := out.Callouts[0]
	if got := fmt.Sprintf("%v/%d-%v/%d", c.Span.Start, c.Span.Start.Offset, c.Span.End, c.Span.End.Offset); got != "3:7/41-3:18/52" {
		t.Errorf("callout span %s, want 3:7/40-3:18/51", got)
	}
	if c.Span.File != testFile {
		t.Errorf("span file %q", c.Span.File)
	}
}

func TestCredentialRefs(t *testing.T) {
	src := "class T {\n" +
		"  String a = 'Bearer {!$Credential.OpenAI.API_KEY}';\n" +
		"  String b = '{!$Credential.Password} {!$CREDENTIAL.x.y.z} {!HTMLENCODE($Credential.Username)}';\n" +
		"  // '{!$Credential.InComment.Key}'\n" +
		"  String c = '€ {!\\'token \\' & $credential.Gearset.ApiKey} $Credential.Two.Parts';\n" +
		"}\n"
	out, _ := parse(t, src)
	var got []string
	for _, c := range out.CredentialRefs {
		got = append(got, fmt.Sprintf("%s.%s@%v-%v", c.ExternalCredential, c.Parameter, c.Span.Start, c.Span.End))
	}
	want := []string{
		"OpenAI.API_KEY@2:24-2:50",
		"Gearset.ApiKey@5:32-5:58",
		"Two.Parts@5:60-5:81",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("credential refs\n got %v\nwant %v", got, want)
	}
}

func TestTrigger(t *testing.T) {
	src := "/* header */\ntrigger OrderSync on ns__Order_Event__e (after insert, after update) {\n" +
		"    new Http().send(req('callout:Orders'));\n}\n"
	out, _ := parse(t, src)
	tr := out.Trigger
	if tr == nil {
		t.Fatal("no trigger")
	}
	if tr.Name != "OrderSync" || tr.Object != "ns__Order_Event__e" || tr.Span.Start.String() != "2:22" || tr.Span.End.String() != "2:40" {
		t.Errorf("trigger %+v", *tr)
	}
	if len(out.Types) != 0 {
		t.Errorf("trigger declares types %+v", out.Types)
	}
	if len(out.Callouts) != 1 || out.Callouts[0].Type != "" || out.Callouts[0].Method != "" || out.Callouts[0].Span.Start.String() != "3:25" {
		t.Errorf("callouts %+v", out.Callouts)
	}
	if got := refNames(out.Refs); got != "Http" {
		t.Errorf("refs %s, want Http", got)
	}
}

func refNames(rs []model.Ref) string {
	var names []string
	for _, r := range rs {
		names = append(names, r.Name)
	}
	return strings.Join(names, " ")
}

func TestRefs(t *testing.T) {
	src := `public class Scheduler implements Schedulable {
    @TestVisible(Label.Foo) private static Map<String, Helper> cache = new Map<String, Helper>();
    public void execute(SchedulableContext ctx) {
        System.enqueueJob(new Worker());
        Database.executeBatch(new BatchJob(), 200);
        CalloutService.send(Endpoints.BILLING);
        worker w = new WORKER();
        Integer n = helper(ctx);
        Type t = Target.class;
        List<Account> accs = [SELECT Id, Name FROM Account WHERE Id IN :Ids.all() AND Name = 'x'];
        String s = String.valueOf(n);
        Ns.Util.go();
        Foo[] arr = null;
    }
    private Integer helper(Object o) { return Other.VALUE; }
    public enum Level { LOW, HIGH }
}`
	out, _ := parse(t, src)
	if got, want := refNames(out.Refs),
		"Schedulable Helper cache SchedulableContext Worker Database BatchJob CalloutService Endpoints ctx Type Target Account accs Ids n Ns Foo Other"; got != want {
		t.Errorf("file refs\n got %s\nwant %s", got, want)
	}
	if len(out.Types) != 2 || len(out.Types[0].Methods) != 2 {
		t.Fatalf("types %+v", out.Types)
	}
	m := out.Types[0].Methods[0]
	if got, want := refNames(m.Refs), "Worker Database BatchJob CalloutService Endpoints ctx Type Target Account accs Ids n Ns Foo"; got != want {
		t.Errorf("method refs\n got %s\nwant %s", got, want)
	}
	if r := m.Refs[0]; r.Span.Start.String() != "4:31" || r.Span.End.String() != "4:37" {
		t.Errorf("first ref at %v-%v, want 4:31-4:37", r.Span.Start, r.Span.End)
	}
	if got := refNames(out.Types[0].Methods[1].Refs); got != "Other" {
		t.Errorf("helper refs %s, want Other", got)
	}
}

func TestStructure(t *testing.T) {
	src := `@IsTest
global abstract with sharing class Outer extends Base.Impl implements Database.Batchable<Map<Id, List<String>>>, Iface {
    static final Map<String, List<String>> M = new Map<String, List<String>>{ 'a' => new List<String>{ 'callout:InField' } };
    static { init('callout:InStaticInit'); }
    { x = 1; }
    public String prop { get { return 'callout:InGetter'; } private set; }
    public Outer() { super(); }
    public override String toString() { return 'callout:InMethod'; }
    abstract void noBody(Integer x);
    @Deprecated webservice static String ws(String a) { if (a == null) { return 'callout:Nested'; } return a; }
    public interface Iface2 { void run(); }
    public class Inner {
        Inner() { }
        void go() { String s = 'callout:InInner'; }
    }
    void after() { String s = 'callout:AfterInner'; }
}
}}
public class Second { void x() {} }
`
	out, probs := parse(t, src)
	if len(probs) != 0 {
		t.Errorf("problems %v", probs)
	}
	var types []string
	for _, ty := range out.Types {
		var ms []string
		for _, m := range ty.Methods {
			s := m.Name
			if m.Static {
				s += "/static"
			}
			for _, a := range m.Annotations {
				s += "/@" + a.Name
			}
			ms = append(ms, s)
		}
		var anns []string
		for _, a := range ty.Annotations {
			anns = append(anns, a.Name)
		}
		types = append(types, fmt.Sprintf("%s %s<%s> mods=%v anns=%v ext=%s impl=%v methods=%v",
			ty.Kind, ty.Name, ty.Outer, ty.Modifiers, anns, ty.Extends, ty.Implements, ms))
	}
	wantTypes := []string{
		"class Outer<> mods=[global abstract with sharing] anns=[istest] ext=Base.Impl impl=[Database.Batchable<Map<Id,List<String>>> Iface] methods=[Outer toString ws/static/@deprecated after]",
		"interface Iface2<Outer> mods=[public] anns=[] ext= impl=[] methods=[]",
		"class Inner<Outer> mods=[public] anns=[] ext= impl=[] methods=[Inner go]",
		"class Second<> mods=[public] anns=[] ext= impl=[] methods=[x]",
	}
	if strings.Join(types, "\n") != strings.Join(wantTypes, "\n") {
		t.Errorf("types\n got:\n%s\nwant:\n%s", strings.Join(types, "\n"), strings.Join(wantTypes, "\n"))
	}
	var callouts []string
	for _, c := range out.Callouts {
		callouts = append(callouts, fmt.Sprintf("%s@%s.%s", c.Name, c.Type, c.Method))
	}
	wantCallouts := "InField@Outer. InStaticInit@Outer. InGetter@Outer. InMethod@Outer.toString Nested@Outer.ws InInner@Inner.go AfterInner@Outer.after"
	if got := strings.Join(callouts, " "); got != wantCallouts {
		t.Errorf("callouts\n got %s\nwant %s", got, wantCallouts)
	}
}

func TestAnnotationParams(t *testing.T) {
	src := `class T {
    @InvocableMethod(label='Go' callout=true description='a, b')
    @SuppressWarnings('PMD.ApexCRUDViolation')
    @JsonAccess(serializable='always', deserializable='never')
    @ future ( callout = true )
    @RestResource(urlMapping='/callout:Weird/*')
    @Broken(a=1
    ;
    static void m() {}
}`
	out, _ := parse(t, src)
	if len(out.Types) != 1 || len(out.Types[0].Methods) != 1 {
		t.Fatalf("types %+v", out.Types)
	}
	var got []string
	for _, a := range out.Types[0].Methods[0].Annotations {
		got = append(got, fmt.Sprintf("%s %v %v-%v", a.Name, a.Params, a.Span.Start, a.Span.End))
	}
	// @Broken is cut off by ";", which also ends the member: only the
	// annotations after it belong to m.
	if len(got) != 0 {
		t.Errorf("annotations of m after ';': %v", got)
	}

	src = strings.Replace(src, "@Broken(a=1\n    ;\n", "", 1)
	out, _ = parse(t, src)
	got = got[:0]
	for _, a := range out.Types[0].Methods[0].Annotations {
		got = append(got, fmt.Sprintf("%s %v %v-%v", a.Name, a.Params, a.Span.Start, a.Span.End))
	}
	want := []string{
		"invocablemethod map[callout:true description:'a, b' label:'Go'] 2:5-2:65",
		"suppresswarnings map[:'PMD.ApexCRUDViolation'] 3:5-3:47",
		"jsonaccess map[deserializable:'never' serializable:'always'] 4:5-4:63",
		"future map[callout:true] 5:5-5:32",
		"restresource map[urlmapping:'/callout:Weird/*'] 6:5-6:49",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("annotations\n got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(out.Callouts) != 0 {
		t.Errorf("'/callout:Weird/*' is not a callout: %+v", out.Callouts)
	}
}

func TestProblems(t *testing.T) {
	src := "class T {\n  String s = 'open;\n  String t = 'callout:Ok';\n  /* never closed\n}"
	out, probs := parse(t, src)
	var got []string
	for _, p := range probs {
		got = append(got, fmt.Sprintf("%v %v-%v %s", p.Span.File, p.Span.Start, p.Span.End, p.Message))
	}
	want := []string{
		testFile + " 2:14-2:20 " + msgUnterminatedString,
		testFile + " 4:3-5:2 " + msgUnterminatedComment,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems\n got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(out.Callouts) != 1 || out.Callouts[0].Name != "Ok" || out.Callouts[0].Span.Start.String() != "3:14" {
		t.Errorf("callouts after the bad line: %+v", out.Callouts)
	}
}

func TestEmptyAndGarbage(t *testing.T) {
	for _, src := range []string{"", "\uFEFF", "}}}}", "{{{{", "class", "class X", "trigger", "trigger X on", "@", "@x(", "'", "/*", "[select", "class X implements A<B<C {"} {
		out, _ := parse(t, src)
		if out == nil {
			t.Fatalf("%q: nil result", src)
		}
	}
}

// pathological are inputs that would make a backtracking scanner quadratic.
// TestPathological checks the scanner's results on them; BenchmarkPathological
// measures them (performance is measured with benchmarks, not timed tests).
func pathological() map[string]string {
	const n = pathologicalN
	inputs := map[string]string{
		"headers":     strings.Repeat("class A implements B<C, ", n),
		"annotations": strings.Repeat("@a(b=c ", n),
		"parens":      "class T { void m" + strings.Repeat("(", n) + strings.Repeat(")", n) + " {}}",
		"braces":      strings.Repeat("{", n) + strings.Repeat("}", n),
		"strings":     strings.Repeat("'callout:X' + '$Credential.A.B' ", n),
		"soql":        strings.Repeat("[select [ ", n),
		"quotes":      strings.Repeat("'\n", n),
		"comments":    strings.Repeat("/* a */ // b\n", n),
		"methods":     "class T {" + strings.Repeat("void m(){ x('callout:Y'); }", n) + "}",
		// Request tracking: many variables in one scope, each looked up
		// (the first one again and again), and nested request calls whose
		// argument lists all run to the end of the input.
		"requests": "class T { void m() {" + func() string {
			var b strings.Builder
			for i := range n {
				fmt.Fprintf(&b, "HttpRequest r%d = new HttpRequest(); r0.setBody('x'); r%d.setMethod('GET');", i, i)
			}
			return b.String()
		}() + "}}",
		"calls": "class T { void m() {" + strings.Repeat("req.setBody(", n) + strings.Repeat(")", n) + ";}}",
	}
	return inputs
}

const pathologicalN = 40000

func TestPathological(t *testing.T) {
	const n = pathologicalN
	for name, src := range pathological() {
		// Parse, not parse: checkSpans is quadratic by design.
		out, _ := Parse(model.Meta{File: testFile}, []byte(src))
		if name == "strings" && len(out.Callouts) != n {
			t.Errorf("strings: got %d callouts, want %d", len(out.Callouts), n)
		}
		if name == "requests" && (len(out.Requests) != n || len(out.RequestCalls) != 2*n || out.RequestCalls[2*n-2].Request != 0 || out.Requests[0].Escapes) {
			t.Errorf("requests: got %d requests, %d calls", len(out.Requests), len(out.RequestCalls))
		}
		if name == "calls" && (len(out.RequestCalls) != n || out.RequestCalls[n-1].Args == nil || out.RequestCalls[0].Args != nil) {
			t.Errorf("calls: got %d calls; the innermost must be read, the outermost not", len(out.RequestCalls))
		}
		if name == "methods" && (len(out.Types) != 1 || len(out.Types[0].Methods) != n || len(out.Callouts) != n) {
			t.Errorf("methods: got %d types, %d callouts", len(out.Types), len(out.Callouts))
		}
	}
}

func BenchmarkPathological(b *testing.B) {
	for name, src := range pathological() {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				Parse(model.Meta{File: testFile}, []byte(src))
			}
		})
	}
}

// requestFacts renders the requests and calls of src compactly for the
// request-tracking tests.
func requestFacts(t *testing.T, src string) []string {
	t.Helper()
	out, _ := parse(t, src)
	var got []string
	for _, r := range out.Requests {
		esc := ""
		if r.Escapes {
			esc = fmt.Sprintf(" escapes@%v", r.EscapeSpan.Start)
		}
		got = append(got, fmt.Sprintf("var %s@%v %s in %s.%s%s", r.Name, r.Span.Start, r.Origin, r.Type, r.Method, esc))
	}
	for _, c := range out.RequestCalls {
		var as []string
		for _, a := range c.Args {
			as = append(as, renderExpr(a))
		}
		got = append(got, fmt.Sprintf("%s.%s@%v #%d (%s)", c.Receiver, c.Name, c.Span.Start, c.Request, strings.Join(as, ", ")))
	}
	return got
}

func TestRequests(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
	}{
		{"sent and logged only",
			"HttpRequest r = new HttpRequest(); r.setEndpoint('callout:A'); System.debug(r); new Http().send(r);",
			[]string{"var r@1:34 new in T.m", "r.setEndpoint@1:57 #0 (\"callout:A\")"}},
		{"passed to a helper",
			"HttpRequest r = new HttpRequest(); sign(r);",
			[]string{"var r@1:34 new in T.m escapes@1:62"}},
		{"stored in a list",
			"HttpRequest r = new HttpRequest(); reqs.add(r);",
			[]string{"var r@1:34 new in T.m escapes@1:66"}},
		{"returned",
			"HttpRequest r = new HttpRequest(); return r;",
			[]string{"var r@1:34 new in T.m escapes@1:64"}},
		{"another debug is an escape",
			"HttpRequest r = new HttpRequest(); Log.debug(r);",
			[]string{"var r@1:34 new in T.m escapes@1:67"}},
		{"from a factory",
			"HttpRequest r = Factory.build(); r.setBody('x');",
			[]string{"var r@1:34 other in T.m", "r.setBody@1:55 #0 (\"x\")"}},
		{"assigned again",
			"HttpRequest r = new HttpRequest(); r.setBody('a'); r = new HttpRequest(); r.setBody('b');",
			[]string{"var r@1:34 new in T.m escapes@1:73", "var r@1:73 new in T.m", "r.setBody@1:57 #0 (\"a\")", "r.setBody@1:96 #1 (\"b\")"}},
		{"case-insensitive names and methods",
			"system.httprequest R = NEW System.HTTPREQUEST(); r.SetHeader('A', 'b' + 'c');",
			[]string{"var R@1:41 new in T.m", "r.setHeader@1:71 #0 (\"A\", \"b\" + \"c\")"}},
		{"block scope",
			"if (x) { HttpRequest r = new HttpRequest(); } r.setBody('x');",
			[]string{"var r@1:43 new in T.m", "r.setBody@1:68 #-1 (\"x\")"}},
		{"shadowing in an inner block",
			"HttpRequest r = new HttpRequest(); { HttpRequest r = null; r.setBody('in'); } r.setBody('out');",
			[]string{"var r@1:34 new in T.m", "var r@1:71 other in T.m", "r.setBody@1:81 #1 (\"in\")", "r.setBody@1:100 #0 (\"out\")"}},
		{"not a request type",
			"Foo.HttpRequest r = x; MyHttpRequest s = new MyHttpRequest(); s.setBody('x');",
			[]string{"s.setBody@1:84 #-1 (\"x\")"}},
		{"argument shapes",
			"req.setHeader(a ? 'x' : 'y', 'a' + 1 * 2, -1, 'it''s', 'x'.trim(), + 'y', ('z'));",
			[]string{"req.setHeader@1:22 #-1 (<?>, \"a\" + ?, ?, ?, ?, <?>, ?)"}},
		{"escaped quotes decoded",
			`req.setBody('{\'a\':\'{!$Credential.Password}\'}');`,
			[]string{`req.setBody@1:22 #-1 ("{'a':'{!$Credential.Password}'}")`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := requestFacts(t, "class T { void m() { "+tt.body+" } }")
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestRequestParameters(t *testing.T) {
	src := "class T {\n" +
		"  void a(HttpRequest req, String s) { req.setHeader('Authorization', s); }\n" +
		"  void b(System.HttpRequest req) { req.setBody('x'); }\n" +
		"  void c(List<HttpRequest> reqs) { reqs.setBody('y'); }\n" +
		"  HttpRequest f = g(HttpRequest x);\n" +
		"  void d() { x.setBody('z'); }\n" +
		"}\n" +
		"trigger Tr on Account (after insert) { HttpRequest t = new HttpRequest(); t.setEndpoint('https://h/'); }\n"
	got := requestFacts(t, src)
	want := []string{
		"var req@2:22 parameter in T.a",
		"var req@3:29 parameter in T.b",
		"var t@8:52 new in .",
		"req.setHeader@2:39 #0 (\"Authorization\", ?)",
		"req.setBody@3:36 #1 (\"x\")",
		"reqs.setBody@4:36 #-1 (\"y\")",
		"x.setBody@6:14 #-1 (\"z\")",
		"t.setEndpoint@8:75 #2 (\"https://h/\")",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
