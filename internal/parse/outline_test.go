package parse

import (
	"fmt"
	"strings"
	"testing"
)

// TestOutline checks the element outline that NC505 reads: two levels
// below the root, in file order, with the text of leaf elements only and
// exact spans.
func TestOutline(t *testing.T) {
	const nc = `<?xml version="1.0" encoding="UTF-8"?>
<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <calloutStatus>Enabled</calloutStatus>
    <label>Billing</label>
    <namedCredentialParameters>
        <parameterName>Url</parameterName>
        <parameterType>Url</parameterType>
        <parameterValue>https://x.example.com</parameterValue>
    </namedCredentialParameters>
</NamedCredential>
`
	p := writeProject(t, map[string]string{"namedCredentials/Billing.namedCredential-meta.xml": nc})
	tree := Tree(p, Options{Workers: 1})
	if len(tree.NamedCredentials) != 1 {
		t.Fatalf("NamedCredentials = %d", len(tree.NamedCredentials))
	}
	var got []string
	for _, e := range tree.NamedCredentials[0].Elements {
		got = append(got, fmt.Sprintf("%s=%q@%d:%d", e.Path, e.Value, e.Span.Start.Line, e.Span.Start.Col))
	}
	want := []string{
		`calloutStatus="Enabled"@3:5`,
		`label="Billing"@4:5`,
		`namedCredentialParameters=""@5:5`,
		`namedCredentialParameters/parameterName="Url"@6:9`,
		`namedCredentialParameters/parameterType="Url"@7:9`,
		`namedCredentialParameters/parameterValue="https://x.example.com"@8:9`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("outline:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
