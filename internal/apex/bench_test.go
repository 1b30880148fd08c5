package apex

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/model"
)

// bigClass generates a realistic class of about size bytes: methods with
// callouts, SOQL, comments, annotations and collection literals.
func bigClass(size int) []byte {
	var b strings.Builder
	b.WriteString("/**\n * Generated.\n */\npublic with sharing class Big implements Queueable, Database.AllowsCallouts {\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, `    // Method %d calls out. 'callout:NotThis'
    @future(callout=true)
    public static void call%d(Id recordId, List<String> names) {
        HttpRequest req = new HttpRequest();
        req.setEndpoint('callout:Billing_NC/v1/items/' + recordId + '?page=%d');
        req.setHeader('Authorization', 'Bearer {!$Credential.Billing_EC.Token}');
        Map<String, List<Integer>> m = new Map<String, List<Integer>>{ 'a' => new List<Integer>{ 1, 2, %d } };
        List<Account> accs = [SELECT Id, Name FROM Account WHERE Name IN :names LIMIT 200];
        /* Block comment with 'quotes' and /* an opener. */
        HttpResponse res = new Http().send(req);
        if (res.getStatusCode() != 200) { Logger.error('Café failed: ' + res.getBody()); }
        System.enqueueJob(new Worker%d(accs));
    }

`, i, i, i, i, i%50)
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

func BenchmarkLex(b *testing.B) {
	src := bigClass(1 << 20)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Lex(src)
	}
}

func BenchmarkParse(b *testing.B) {
	src := bigClass(1 << 20)
	meta := model.Meta{Kind: model.KindApexClass, Name: "Big", File: "classes/Big.cls"}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Parse(meta, src)
	}
}

// TestBigClass makes sure the benchmark input parses as intended.
func TestBigClass(t *testing.T) {
	src := bigClass(1 << 20)
	out, probs := Parse(model.Meta{File: "classes/Big.cls"}, src)
	n := strings.Count(string(src), "public static void call")
	if len(probs) != 0 || len(out.Types) != 1 || len(out.Types[0].Methods) != n ||
		len(out.Callouts) != n || len(out.CredentialRefs) != n {
		t.Errorf("got %d problems, %d types, %d methods, %d callouts, %d credentials; want %d of each",
			len(probs), len(out.Types), len(out.Types[0].Methods), len(out.Callouts), len(out.CredentialRefs), n)
	}
}

func BenchmarkComments(b *testing.B) {
	src := bigClass(1 << 20)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Comments(src)
	}
}
