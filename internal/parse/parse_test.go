package parse

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/project"
)

const xmlDecl = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

const ncSecured = xmlDecl + `<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <allowMergeFieldsInBody>false</allowMergeFieldsInBody>
    <allowMergeFieldsInHeader>true</allowMergeFieldsInHeader>
    <calloutStatus>Enabled</calloutStatus>
    <generateAuthorizationHeader>true</generateAuthorizationHeader>
    <label>Billing &amp; Invoicing</label>
    <!-- nclint-ignore NC104: the header is a formula -->
    <namedCredentialParameters>
        <parameterName>Url</parameterName>
        <parameterType>Url</parameterType>
        <parameterValue>https://billing.example.com/api</parameterValue>
    </namedCredentialParameters>
    <namedCredentialParameters>
        <externalCredential>Billing</externalCredential>
        <parameterName>ExternalCredential</parameterName>
        <parameterType>Authentication</parameterType>
    </namedCredentialParameters>
    <namedCredentialParameters>
        <parameterName>AllowedNamespace_uzZcsFg1707504847643</parameterName>
        <parameterType>AllowedManagedPackageNamespaces</parameterType>
        <parameterValue>lexitas</parameterValue>
    </namedCredentialParameters>
    <namedCredentialParameters>
        <parameterName>x-api-version</parameterName>
        <parameterType>HttpHeader</parameterType>
        <parameterValue>&quot;2024-01&quot;</parameterValue>
        <sequenceNumber>1</sequenceNumber>
    </namedCredentialParameters>
    <namedCredentialType>SecuredEndpoint</namedCredentialType>
</NamedCredential>
`

const ncLegacy = xmlDecl + `<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <allowMergeFieldsInBody>false</allowMergeFieldsInBody>
    <allowMergeFieldsInHeader>false</allowMergeFieldsInHeader>
    <authProvider>SalesforceAPIAuthProvider</authProvider>
    <calloutStatus>Enabled</calloutStatus>
    <certificate>npe_api_cert</certificate>
    <endpoint>https://webapi.example.com/stest/</endpoint>
    <generateAuthorizationHeader>true</generateAuthorizationHeader>
    <jwtSigningCertificate>MembershipCertificate</jwtSigningCertificate>
    <label>LAYER7_CERT</label>
    <oauthScope>refresh_token full</oauthScope>
    <password>hunter2</password>
    <principalType>NamedUser</principalType>
    <protocol>Oauth</protocol>
    <username>integration@example.com</username>
</NamedCredential>
`

// The label line has non-ASCII text before the <label> element.
const ecBilling = xmlDecl + `<ExternalCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <authenticationProtocol>Custom</authenticationProtocol>
    <description>Zugriff für das Büro – Straße</description><label>Billing</label>
    <externalCredentialParameters>
        <parameterGroup>Billing Principal</parameterGroup>
        <parameterName>Billing Principal</parameterName>
        <parameterType>NamedPrincipal</parameterType>
        <sequenceNumber>1</sequenceNumber>
    </externalCredentialParameters>
    <externalCredentialParameters>
        <parameterGroup>DefaultGroup</parameterGroup>
        <parameterName>Authorization</parameterName>
        <parameterType>AuthHeader</parameterType>
        <parameterValue>{!&apos;token &apos; &amp; $Credential.Billing.ApiKey}</parameterValue>
        <sequenceNumber>1</sequenceNumber>
    </externalCredentialParameters>
    <externalCredentialParameters>
        <authProvider>Zoom</authProvider>
        <certificate>integrationcert</certificate>
        <externalAuthIdentityProvider>Loopback</externalAuthIdentityProvider>
        <parameterName>Legacy</parameterName>
        <parameterType>PerUserPrincipal</parameterType>
        <principal>Apex_Agents</principal>
    </externalCredentialParameters>
</ExternalCredential>
`

func checkPos(t *testing.T, what string, sp loc.Span, file string, line, col int) {
	t.Helper()
	if sp.File != file || sp.Start.Line != line || sp.Start.Col != col {
		t.Errorf("%s at %s:%d:%d, want %s:%d:%d", what, sp.File, sp.Start.Line, sp.Start.Col, file, line, col)
	}
}

func checkText(t *testing.T, what string, got model.Text, want string) {
	t.Helper()
	if !got.Present() {
		t.Errorf("%s absent, want %q", what, want)
		return
	}
	if got.Value != want {
		t.Errorf("%s = %q, want %q", what, got.Value, want)
	}
}

func noProblems(t *testing.T, tr *model.Tree) {
	t.Helper()
	for _, p := range tr.Problems {
		t.Errorf("unexpected problem %s: %s", p.Span, p.Message)
	}
	for _, n := range tr.Notices {
		t.Errorf("unexpected notice %s: %s", n.File, n.Message)
	}
}

func TestNamedCredential(t *testing.T) {
	const dir = "force-app/main/default/namedCredentials/"
	p := writeProject(t, map[string]string{
		dir + "Billing.namedCredential-meta.xml":     ncSecured,
		dir + "LAYER7_CERT.namedCredential-meta.xml": ncLegacy,
	})
	p.Files[0].PackageDir, p.Files[0].Namespace = "force-app", "acme"
	tr := Tree(p, Options{})
	noProblems(t, tr)
	if len(tr.NamedCredentials) != 2 || tr.FilesScanned != 2 {
		t.Fatalf("got %d named credentials, %d files", len(tr.NamedCredentials), tr.FilesScanned)
	}
	nc := tr.NamedCredentials[0]
	file := dir + "Billing.namedCredential-meta.xml"
	want := model.Meta{
		Kind: model.KindNamedCredential, Name: "Billing", File: file, PackageDir: "force-app", Namespace: "acme",
		Root: loc.Span{File: file, Start: loc.Pos{Line: 2, Col: 1, Offset: len(xmlDecl)},
			End: loc.Pos{Line: 31, Col: 19, Offset: len(ncSecured) - 1}},
	}
	if nc.Meta != want {
		t.Errorf("Meta = %+v\nwant   %+v", nc.Meta, want)
	}
	checkText(t, "label", nc.Label, "Billing & Invoicing")
	checkPos(t, "label", nc.Label.Span, file, 7, 5)
	if nc.Label.Span.End.Col != 43 {
		t.Errorf("label ends at col %d, want 43", nc.Label.Span.End.Col)
	}
	checkText(t, "type", nc.Type, "SecuredEndpoint")
	checkText(t, "calloutStatus", nc.CalloutStatus, "Enabled")
	checkText(t, "generateAuthorizationHeader", nc.GenerateAuthorizationHeader, "true")
	checkText(t, "allowMergeFieldsInHeader", nc.AllowMergeFieldsInHeader, "true")
	checkText(t, "allowMergeFieldsInBody", nc.AllowMergeFieldsInBody, "false")
	if nc.IsLegacy() || nc.Endpoint.Present() || nc.Password.Present() {
		t.Errorf("new-style credential read as legacy")
	}
	if len(nc.Parameters) != 4 {
		t.Fatalf("%d parameters, want 4", len(nc.Parameters))
	}
	prm := nc.Parameters
	checkPos(t, "parameter 0", prm[0].Span, file, 9, 5)
	if prm[0].Span.End.Line != 13 {
		t.Errorf("parameter 0 ends on line %d, want 13", prm[0].Span.End.Line)
	}
	checkText(t, "p0 value", prm[0].Value, "https://billing.example.com/api")
	checkPos(t, "p0 value", prm[0].Value.Span, file, 12, 9)
	checkText(t, "p1 externalCredential", prm[1].ExternalCredential, "Billing")
	checkText(t, "p1 type", prm[1].Type, "Authentication")
	checkPos(t, "p1 externalCredential", prm[1].ExternalCredential.Span, file, 15, 9)
	checkText(t, "p2 value", prm[2].Value, "lexitas")
	checkText(t, "p3 value", prm[3].Value, `"2024-01"`)
	checkText(t, "p3 sequence", prm[3].SequenceNumber, "1")
	if got := nc.ParametersOfType("url"); len(got) != 1 || got[0].Name.Value != "Url" {
		t.Errorf("ParametersOfType(url) = %+v", got)
	}

	lg := tr.NamedCredentials[1]
	if !lg.IsLegacy() {
		t.Errorf("legacy credential not legacy")
	}
	for name, got := range map[string]model.Text{
		"endpoint": lg.Endpoint, "protocol": lg.Protocol, "principalType": lg.PrincipalType,
		"certificate": lg.Certificate, "jwtSigningCertificate": lg.JwtSigningCertificate,
		"authProvider": lg.AuthProvider, "username": lg.Username, "password": lg.Password, "oauthScope": lg.OAuthScope,
	} {
		if !got.Present() || got.Value == "" {
			t.Errorf("legacy %s not read", name)
		}
	}
	checkText(t, "legacy password", lg.Password, "hunter2")
	checkPos(t, "legacy password", lg.Password.Span, dir+"LAYER7_CERT.namedCredential-meta.xml", 13, 5)
	if lg.OAuthToken.Present() || lg.AwsAccessSecret.Present() {
		t.Errorf("absent legacy fields reported present")
	}
}

func TestExternalCredential(t *testing.T) {
	file := "force-app/main/default/externalCredentials/Billing.externalCredential-meta.xml"
	tr := Tree(writeProject(t, map[string]string{file: ecBilling}), Options{})
	noProblems(t, tr)
	if len(tr.ExternalCredentials) != 1 {
		t.Fatalf("%d external credentials", len(tr.ExternalCredentials))
	}
	ec := tr.ExternalCredentials[0]
	checkText(t, "protocol", ec.AuthenticationProtocol, "Custom")
	checkText(t, "label", ec.Label, "Billing")
	// "    <description>Zugriff für das Büro – Straße</description>" is 60
	// code points but 65 bytes: the column counts code points.
	checkPos(t, "label", ec.Label.Span, file, 4, 61)
	if off := strings.Index(ecBilling, "<label>"); ec.Label.Span.Start.Offset != off {
		t.Errorf("label offset %d, want %d", ec.Label.Span.Start.Offset, off)
	}
	if len(ec.Parameters) != 3 {
		t.Fatalf("%d parameters", len(ec.Parameters))
	}
	pr := ec.Principals()
	if len(pr) != 2 || pr[0].Name.Value != "Billing Principal" || pr[1].Name.Value != "Legacy" {
		t.Errorf("principals = %+v", pr)
	}
	checkPos(t, "principal", pr[0].Span, file, 5, 5)
	checkText(t, "group", pr[0].Group, "Billing Principal")
	checkText(t, "header formula", ec.Parameters[1].Value, "{!'token ' & $Credential.Billing.ApiKey}")
	p2 := ec.Parameters[2]
	checkText(t, "authProvider", p2.AuthProvider, "Zoom")
	checkText(t, "certificate", p2.Certificate, "integrationcert")
	checkText(t, "eaip", p2.ExternalAuthIdentityProvider, "Loopback")
	checkText(t, "principal", p2.Principal, "Apex_Agents")
	checkPos(t, "obsolete principal", p2.Principal.Span, file, 24, 9)
}

func TestBOMAndCRLFFile(t *testing.T) {
	src := "\ufeff" + strings.ReplaceAll(ecBilling, "\n", "\r\n")
	file := "force-app/main/default/externalCredentials/Billing.externalCredential-meta.xml"
	tr := Tree(writeProject(t, map[string]string{file: src}), Options{})
	noProblems(t, tr)
	ec := tr.ExternalCredentials[0]
	checkPos(t, "root", ec.Root, file, 2, 1)
	checkPos(t, "label", ec.Label.Span, file, 4, 61)
	if ec.Label.Span.End.Col != 61+len("<label>Billing</label>") {
		t.Errorf("label end col %d", ec.Label.Span.End.Col)
	}
	if off := strings.Index(src, "<label>"); ec.Label.Span.Start.Offset != off {
		t.Errorf("label offset %d, want %d", ec.Label.Span.Start.Offset, off)
	}
	// The root element ends before the final CRLF.
	if end := ec.Root.End; end.Line != 26 || end.Col != 22 {
		t.Errorf("root end = %v, want 26:22", end)
	}
}

// problemCase is a project whose parse must report exactly the listed problems.
type problemCase struct {
	name  string
	files map[string]string
	want  []wantProblem
}

type wantProblem struct {
	file      string
	line, col int
	msg       string
}

func runProblemCases(t *testing.T, cases []problemCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tr := Tree(writeProject(t, tc.files), Options{})
			if len(tr.Notices) != 0 {
				t.Errorf("notices: %+v", tr.Notices)
			}
			if len(tr.Problems) != len(tc.want) {
				for _, p := range tr.Problems {
					t.Logf("got %s: %s", p.Span, p.Message)
				}
				t.Fatalf("%d problems, want %d", len(tr.Problems), len(tc.want))
			}
			for i, w := range tc.want {
				g := tr.Problems[i]
				if g.Span.File != w.file || g.Span.Start.Line != w.line || g.Span.Start.Col != w.col || g.Message != w.msg {
					t.Errorf("problem %d:\n got  %s: %s\n want %s:%d:%d: %s", i, g.Span, g.Message, w.file, w.line, w.col, w.msg)
				}
			}
		})
	}
}

func TestXMLProblems(t *testing.T) {
	const nc = "force-app/main/default/namedCredentials/Billing.namedCredential-meta.xml"
	const ec = "force-app/main/default/externalCredentials/Billing.externalCredential-meta.xml"
	runProblemCases(t, []problemCase{
		{"mismatched end tag", map[string]string{nc: strings.Replace(ncSecured, "</calloutStatus>", "</calloutstatus>", 1)},
			[]wantProblem{{nc, 5, 27, "not well-formed XML: end tag </calloutstatus> does not match start tag <calloutStatus> opened at 5:5"}}},
		{"truncated file", map[string]string{nc: truncateBefore(ncSecured, "<namedCredentialType>")},
			[]wantProblem{{nc, 30, 5, "not well-formed XML: unexpected end of file: <NamedCredential> opened at 2:1 is not closed"}}},
		{"bare ampersand", map[string]string{nc: strings.Replace(ncSecured, "Billing &amp; Invoicing", "Billing & Invoicing", 1)},
			[]wantProblem{{nc, 7, 20, "not well-formed XML: invalid character entity & (no semicolon) (only &amp; &lt; &gt; &quot; &apos; and numeric character references are allowed; write a literal & as &amp;)"}}},
		{"empty file", map[string]string{nc: ""},
			[]wantProblem{{nc, 1, 1, "not well-formed XML: empty file"}}},
		{"doctype", map[string]string{nc: xmlDecl + "<!DOCTYPE NamedCredential>\n" + ncSecured[len(xmlDecl):]},
			[]wantProblem{{nc, 2, 1, "not well-formed XML: DOCTYPE not allowed in Salesforce metadata"}}},
		{"latin-1", map[string]string{nc: strings.Replace(ncSecured, "UTF-8", "ISO-8859-1", 1)},
			[]wantProblem{{nc, 1, 1, `not well-formed XML: encoding "ISO-8859-1" is not supported; Salesforce metadata must be UTF-8`}}},
		{"wrong root", map[string]string{nc: ecBilling},
			[]wantProblem{{nc, 2, 1, "the root element is <ExternalCredential>, but a .namedCredential-meta.xml file must have the root element <NamedCredential>"}}},
		{"named credential without label", map[string]string{nc: strings.Replace(ncSecured, "    <label>Billing &amp; Invoicing</label>\n", "", 1)},
			[]wantProblem{{nc, 2, 1, `NamedCredential "Billing" has no <label>, which Salesforce requires`}}},
		{"empty label", map[string]string{nc: strings.Replace(ncSecured, "Billing &amp; Invoicing", "  ", 1)},
			[]wantProblem{{nc, 7, 5, `NamedCredential "Billing" has an empty <label>, which Salesforce requires to have a value`}}},
		{"parameter without name and type", map[string]string{nc: strings.Replace(strings.Replace(ncSecured,
			"        <parameterName>ExternalCredential</parameterName>\n", "", 1),
			"        <parameterType>Url</parameterType>\n", "", 1)},
			[]wantProblem{
				{nc, 9, 5, `<namedCredentialParameters> entry "Url" has no <parameterType>, which Salesforce requires`},
				{nc, 13, 5, `<namedCredentialParameters> entry has no <parameterName>, which Salesforce requires`},
			}},
		{"external credential without protocol and label", map[string]string{ec: strings.Replace(strings.Replace(ecBilling,
			"    <authenticationProtocol>Custom</authenticationProtocol>\n", "", 1), "<label>Billing</label>", "", 1)},
			[]wantProblem{
				{ec, 2, 1, `ExternalCredential "Billing" has no <authenticationProtocol>, which Salesforce requires`},
				{ec, 2, 1, `ExternalCredential "Billing" has no <label>, which Salesforce requires`},
			}},
		{"external credential parameter without type", map[string]string{ec: strings.Replace(ecBilling,
			"        <parameterType>AuthHeader</parameterType>\n", "", 1)},
			[]wantProblem{{ec, 11, 5, `<externalCredentialParameters> entry "Authorization" has no <parameterType>, which Salesforce requires`}}},
	})
}

func TestOtherRequiredElements(t *testing.T) {
	const ps = "force-app/main/default/permissionsets/Callout_User.permissionset-meta.xml"
	const psg = "force-app/main/default/permissionsetgroups/Agents.permissionsetgroup-meta.xml"
	const crt = "force-app/main/default/certs/Signing.crt-meta.xml"
	runProblemCases(t, []problemCase{
		{"permission set without label and principal", map[string]string{ps: xmlDecl + `<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <externalCredentialPrincipalAccesses>
        <enabled>true</enabled>
    </externalCredentialPrincipalAccesses>
    <hasActivationRequired>false</hasActivationRequired>
</PermissionSet>
`}, []wantProblem{
			{ps, 2, 1, `PermissionSet "Callout_User" has no <label>, which Salesforce requires`},
			{ps, 3, 5, `<externalCredentialPrincipalAccesses> entry has no <externalCredentialPrincipal>, which Salesforce requires`},
		}},
		{"permission set group without label", map[string]string{psg: xmlDecl + `<PermissionSetGroup xmlns="http://soap.sforce.com/2006/04/metadata">
    <permissionSets>Callout_User</permissionSets>
    <status>Updated</status>
</PermissionSetGroup>
`}, []wantProblem{{psg, 2, 1, `PermissionSetGroup "Agents" has no <label>, which Salesforce requires`}}},
		{"certificate without masterLabel and content", map[string]string{crt: xmlDecl + `<Certificate xmlns="http://soap.sforce.com/2006/04/metadata">
    <caSigned>false</caSigned>
    <keySize>2048</keySize>
</Certificate>
`}, []wantProblem{
			{crt, 2, 1, `Certificate "Signing" has no <masterLabel>, which Salesforce requires`},
			{crt, 2, 1, "certificate Signing has no Signing.crt beside it; the Salesforce CLI fails with ExpectedSourceFilesError"},
		}},
	})
}

func TestDuplicates(t *testing.T) {
	const a = "force-app/main/default/namedCredentials/Billing.namedCredential-meta.xml"
	const b = "other-app/namedCredentials/billing.namedCredential-meta.xml"
	const c = "force-app/main/default/namedCredentials/Billing.namedCredential"
	tr := Tree(writeProject(t, map[string]string{a: ncSecured, b: ncSecured, c: ncSecured}), Options{})
	if len(tr.NamedCredentials) != 3 {
		t.Errorf("%d named credentials, want all 3 kept", len(tr.NamedCredentials))
	}
	var got []string
	for _, p := range tr.Problems {
		got = append(got, p.Span.String()+": "+p.Message)
	}
	want := []string{
		a + ":2:1: duplicate component: NamedCredential \"Billing\" is also defined in " + c + "; Salesforce allows one definition per component",
		b + ":2:1: duplicate component: NamedCredential \"billing\" is also defined in " + c + "; Salesforce allows one definition per component",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestDuplicatesOnlyForCredentialTypes: duplicate Apex classes, flows and
// profiles are another tool's business; nclint reports duplicates only of
// the credential components it reads in full.
func TestDuplicatesOnlyForCredentialTypes(t *testing.T) {
	const cls = "public class Sync {}\n"
	const flow = xmlDecl + `<Flow xmlns="http://soap.sforce.com/2006/04/metadata">
    <label>Sync</label>
</Flow>
`
	tr := Tree(writeProject(t, map[string]string{
		"force-app/main/default/classes/Sync.cls":         cls,
		"other-app/classes/Sync.cls":                      cls,
		"force-app/main/default/flows/Sync.flow-meta.xml": flow,
		"other-app/flows/Sync.flow-meta.xml":              flow,
	}), Options{})
	if len(tr.Apex) != 2 || len(tr.Flows) != 2 {
		t.Fatalf("%d classes and %d flows, want 2 of each", len(tr.Apex), len(tr.Flows))
	}
	for _, p := range tr.Problems {
		t.Errorf("problem: %s: %s", p.Span, p.Message)
	}
}

func TestApex(t *testing.T) {
	const dir = "force-app/main/default/classes/"
	tr := Tree(writeProject(t, map[string]string{
		dir + "BillingService.cls":                        "public class BillingService {\n  String e = 'callout:Billing/v1';\n}\n",
		dir + "BillingService.cls-meta.xml":               xmlDecl + "<ApexClass/>",
		"force-app/main/default/triggers/Invoice.trigger": "trigger Invoice on Invoice__c (after insert) {}\n",
	}), Options{})
	noProblems(t, tr)
	if len(tr.Apex) != 2 || tr.FilesScanned != 2 {
		t.Fatalf("%d apex sources, %d files scanned; want 2 and 2 (the -meta.xml is not read)", len(tr.Apex), tr.FilesScanned)
	}
	if m := tr.Apex[0].Meta; m.Kind != model.KindApexClass || m.Name != "BillingService" || m.File != dir+"BillingService.cls" || m.Root != loc.FileSpan(m.File) {
		t.Errorf("class meta = %+v", m)
	}
	if m := tr.Apex[1].Meta; m.Kind != model.KindApexTrigger || m.Name != "Invoice" {
		t.Errorf("trigger meta = %+v", m)
	}
}

func TestTreeCopiesProjectAndSorts(t *testing.T) {
	p := writeProject(t, map[string]string{
		"b/namedCredentials/Zeta.namedCredential-meta.xml":  ncSecured,
		"a/namedCredentials/Alpha.namedCredential-meta.xml": ncSecured,
		"a/namedCredentials/Bad.namedCredential-meta.xml":   "<NamedCredential>",
	})
	p.Settings = model.Settings{ProjectFile: "sfdx-project.json", Namespace: "acme", SourceAPIVersion: "62.0",
		SourceBehaviorOptions: []string{"decomposePermissionSetBeta2"}}
	p.Problems = []model.Problem{{Span: loc.Span{File: "z/late.xml", Start: loc.Pos{Line: 1, Col: 1}}, Message: "from discovery"}}
	p.Notices = []model.Notice{{File: "zz/unreadable", Message: "permission denied"}, {File: "aa/loop", Message: "symlink loop"}}
	tr := Tree(p, Options{Workers: 3})
	if tr.Root != p.Root || !reflect.DeepEqual(tr.Settings, p.Settings) {
		t.Errorf("Root/Settings not copied: %q %+v", tr.Root, tr.Settings)
	}
	var names []string
	for _, nc := range tr.NamedCredentials {
		names = append(names, nc.Name)
	}
	if strings.Join(names, ",") != "Alpha,Bad,Zeta" {
		t.Errorf("order = %v", names)
	}
	if len(tr.Problems) != 2 || tr.Problems[0].Span.File != "a/namedCredentials/Bad.namedCredential-meta.xml" || tr.Problems[1].Message != "from discovery" {
		t.Errorf("problems = %+v", tr.Problems)
	}
	if len(tr.Notices) != 2 || tr.Notices[0].File != "aa/loop" {
		t.Errorf("notices = %+v", tr.Notices)
	}
	// A broken file still names its component, so references to it do
	// not dangle; its Root is the whole file.
	if bad := tr.NamedCredentials[1]; bad.Root != loc.FileSpan(bad.File) || bad.Label.Present() {
		t.Errorf("broken component = %+v", bad)
	}
}

func TestRobustness(t *testing.T) {
	p := writeProject(t, map[string]string{
		"namedCredentials/A.namedCredential-meta.xml":    ncSecured,
		"namedCredentials/Gone.namedCredential-meta.xml": ncSecured,
		"namedCredentials/Big.namedCredential-meta.xml":  ncSecured + strings.Repeat("<!-- padding -->\n", 100),
		"namedCredentials/Dir.namedCredential-meta.xml":  ncSecured,
		"namedCredentials/Boom.namedCredential-meta.xml": ncSecured,
	})
	for i := range p.Files {
		f := &p.Files[i]
		switch f.Name {
		case "Gone": // deleted between discovery and parsing
			if err := os.Remove(f.Abs); err != nil {
				t.Fatal(err)
			}
		case "Dir":
			if err := os.Remove(f.Abs); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(f.Abs, 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	fileHook = func(f project.File) {
		if f.Name == "Boom" {
			panic("simulated parser bug")
		}
	}
	defer func() { fileHook = nil }()
	tr := Tree(p, Options{Workers: 2, MaxFileSize: int64(len(ncSecured) + 100)})
	want := []model.Notice{
		{File: "namedCredentials/Big.namedCredential-meta.xml", Message: "skipped: 3 KiB exceeds the 1 KiB limit"},
		{File: "namedCredentials/Boom.namedCredential-meta.xml", Message: "skipped: internal error while parsing this file (simulated parser bug); please report it"},
		{File: "namedCredentials/Dir.namedCredential-meta.xml", Message: "skipped: cannot read the file: is a directory"},
		{File: "namedCredentials/Gone.namedCredential-meta.xml", Message: "skipped: cannot read the file: no such file or directory"},
	}
	if !reflect.DeepEqual(tr.Notices, want) {
		t.Errorf("notices:\n%+v\nwant\n%+v", tr.Notices, want)
	}
	if tr.FilesScanned != 1 {
		t.Errorf("scanned %d files, want 1", tr.FilesScanned)
	}
	// Every file stays in the tree, known by name: only A was read; the
	// others are Unparsed with unknown content (Mentions nil), so no rule
	// takes them for absent.
	var got []string
	for _, nc := range tr.NamedCredentials {
		got = append(got, fmt.Sprintf("%s unparsed=%v mayMentionAnything=%v", nc.Name, nc.Unparsed, nc.MayMention("Anything")))
	}
	wantNC := []string{"A unparsed=false mayMentionAnything=false", "Big unparsed=true mayMentionAnything=true",
		"Boom unparsed=true mayMentionAnything=true", "Dir unparsed=true mayMentionAnything=true", "Gone unparsed=true mayMentionAnything=true"}
	if !reflect.DeepEqual(got, wantNC) {
		t.Errorf("named credentials:\n%q\nwant\n%q", got, wantNC)
	}
	if len(tr.Problems) != 0 {
		t.Errorf("problems: %+v", tr.Problems)
	}
}

func TestDescribeTooLarge(t *testing.T) {
	if got := describeTooLarge(210<<20, DefaultMaxFileSize); got != "210 MiB exceeds the 50 MiB limit" {
		t.Errorf("message = %q", got)
	}
	// Just over the limit, the rounded sizes would read the same.
	if got := describeTooLarge(DefaultMaxFileSize+1, DefaultMaxFileSize); got != "52428801 bytes exceeds the 50 MiB (52428800 bytes) limit" {
		t.Errorf("message = %q", got)
	}
}

func TestDeterministicAcrossWorkers(t *testing.T) {
	files := map[string]string{}
	for i := 0; i < 40; i++ {
		files[fmt.Sprintf("force-app/namedCredentials/N%02d.namedCredential-meta.xml", i)] = ncSecured
		files[fmt.Sprintf("force-app/externalCredentials/E%02d.externalCredential-meta.xml", i)] = ecBilling
	}
	files["force-app/namedCredentials/Broken.namedCredential-meta.xml"] = "<NamedCredential><label>x</NamedCredential>"
	for k, v := range decomposedBeta2 {
		files[k] = v
	}
	for k, v := range decomposedBeta {
		files[k] = v
	}
	p := writeProject(t, files)
	one := Tree(p, Options{Workers: 1})
	for _, w := range []int{2, 8, 0} {
		if other := Tree(p, Options{Workers: w}); !reflect.DeepEqual(one, other) {
			t.Errorf("Workers=%d differs from Workers=1", w)
		}
	}
	if _, err := os.Stat(filepath.Join(p.Root, "force-app")); err != nil {
		t.Fatal(err)
	}
}

// truncateBefore cuts s just before marker, failing loudly if it is absent.
func truncateBefore(s, marker string) string {
	i := strings.Index(s, marker)
	if i < 0 {
		panic("marker not found: " + marker)
	}
	return s[:i]
}

func TestNamedCredentialLegacyJwtAndAws(t *testing.T) {
	const file = "force-app/main/default/namedCredentials/Tokens.namedCredential-meta.xml"
	p := writeProject(t, map[string]string{file: xmlDecl + `<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <authTokenEndpointUrl>https://auth.example.com/token</authTokenEndpointUrl>
    <awsRegion>eu-west-1</awsRegion>
    <awsService>s3</awsService>
    <endpoint>https://api.example.com</endpoint>
    <jwtAudience>https://auth.example.com</jwtAudience>
    <jwtFormulaSubject>$User.Email</jwtFormulaSubject>
    <jwtIssuer>salesforce</jwtIssuer>
    <jwtTextSubject>integration</jwtTextSubject>
    <jwtValidityPeriodSeconds>300</jwtValidityPeriodSeconds>
    <label>Tokens</label>
    <principalType>NamedUser</principalType>
    <protocol>JwtExchange</protocol>
</NamedCredential>
`})
	tr := Tree(p, Options{})
	noProblems(t, tr)
	nc := tr.NamedCredentials[0]
	checkText(t, "authTokenEndpointUrl", nc.AuthTokenEndpointURL, "https://auth.example.com/token")
	checkPos(t, "authTokenEndpointUrl", nc.AuthTokenEndpointURL.Span, file, 3, 5)
	checkText(t, "awsRegion", nc.AwsRegion, "eu-west-1")
	checkText(t, "awsService", nc.AwsService, "s3")
	checkText(t, "jwtAudience", nc.JwtAudience, "https://auth.example.com")
	checkText(t, "jwtFormulaSubject", nc.JwtFormulaSubject, "$User.Email")
	checkText(t, "jwtIssuer", nc.JwtIssuer, "salesforce")
	checkText(t, "jwtTextSubject", nc.JwtTextSubject, "integration")
	checkText(t, "jwtValidityPeriodSeconds", nc.JwtValidityPeriodSeconds, "300")
}

// TestNodeLimit: a file with more XML nodes than the limit is a problem at
// the node that crosses it (not "not well-formed") and its component is
// kept by name only, like any file that could not be read; the other files
// are still read.
func TestNodeLimit(t *testing.T) {
	p := writeProject(t, map[string]string{
		"namedCredentials/A.namedCredential-meta.xml": ncSecured,
		"namedCredentials/Big.namedCredential-meta.xml": strings.Replace(ncSecured, "</NamedCredential>",
			strings.Repeat("    <x/>\n", 200)+"</NamedCredential>", 1),
	})
	tr := Tree(p, Options{Workers: 2, MaxNodes: 100})
	if len(tr.Problems) != 1 {
		t.Fatalf("problems: %+v", tr.Problems)
	}
	pr := tr.Problems[0]
	if pr.Span.File != "namedCredentials/Big.namedCredential-meta.xml" ||
		pr.Message != "not read: the file has more than 100 XML nodes (elements, attributes, comments), the limit that bounds memory (real metadata has far fewer)" {
		t.Errorf("problem = %+v", pr)
	}
	if len(tr.NamedCredentials) != 2 || tr.NamedCredentials[0].Unparsed || !tr.NamedCredentials[1].Unparsed {
		t.Errorf("named credentials: %+v", tr.NamedCredentials)
	}
	if len(tr.Notices) != 0 {
		t.Errorf("notices: %+v", tr.Notices)
	}
}

// TestParseBudget: files whose parse could each hold the whole node budget
// are parsed one at a time however many workers run, a file that grew
// after discovery reserves by its real size, and every reservation is
// given back.
func TestParseBudget(t *testing.T) {
	const maxNodes = 1000
	big := strings.Replace(ncSecured, "</NamedCredential>", strings.Repeat(" ", 4*maxNodes)+"</NamedCredential>", 1)
	files := map[string]string{}
	for _, n := range []string{"A", "B", "C", "D", "E", "F"} {
		files["namedCredentials/"+n+".namedCredential-meta.xml"] = big
	}
	p := writeProject(t, files)
	p.Files[0].Size = 10 // these two grew after discovery
	p.Files[1].Size = 10
	var mu sync.Mutex
	inside, most := 0, 0
	fileHook = func(project.File) {
		mu.Lock()
		inside++
		most = max(most, inside)
		mu.Unlock()
		time.Sleep(5 * time.Millisecond) // give another worker the chance to overlap
		mu.Lock()
		inside--
		mu.Unlock()
	}
	defer func() { fileHook = nil }()
	tr := Tree(p, Options{Workers: 4, MaxNodes: maxNodes})
	if most != 1 {
		t.Errorf("%d files were parsed at once, want 1", most)
	}
	if len(tr.NamedCredentials) != 6 || len(tr.Problems) != 0 {
		t.Errorf("named credentials %d, problems %+v", len(tr.NamedCredentials), tr.Problems)
	}

	b := newBudget(100)
	r := b.reserve(40) // cost 11
	if r.n != 11 || b.free != 89 {
		t.Errorf("reserve(40): held %d, free %d", r.n, b.free)
	}
	r.grow(20)  // smaller: nothing changes
	r.grow(200) // cost 51
	if r.n != 51 || b.free != 49 || b.peak != 51 {
		t.Errorf("after grow: held %d, free %d, peak %d", r.n, b.free, b.peak)
	}
	r.release()
	r = b.reserve(1 << 30) // capped at the whole budget
	if r.n != 100 || b.free != 0 || b.peak != 100 {
		t.Errorf("reserve(1 GiB): held %d, free %d, peak %d", r.n, b.free, b.peak)
	}
	r.release()
	r.release()
	if b.free != 100 {
		t.Errorf("free after release = %d", b.free)
	}
}

// TestOutlineCap: the element outline kept for the whole run stops at
// maxOutline entries, with a warning notice naming the file; a real file
// keeps its whole outline and gets no notice.
func TestOutlineCap(t *testing.T) {
	p := writeProject(t, map[string]string{
		"namedCredentials/A.namedCredential-meta.xml": ncSecured,
		"namedCredentials/Dense.namedCredential-meta.xml": strings.Replace(ncSecured, "</NamedCredential>",
			strings.Repeat("<x/>", maxOutline)+"</NamedCredential>", 1),
	})
	tr := Tree(p, Options{Workers: 2})
	if len(tr.NamedCredentials) != 2 {
		t.Fatalf("named credentials: %d", len(tr.NamedCredentials))
	}
	a, dense := tr.NamedCredentials[0], tr.NamedCredentials[1]
	if n := len(a.Elements); n == 0 || n >= maxOutline {
		t.Errorf("A: %d outline entries", n)
	}
	if len(dense.Elements) != maxOutline || dense.Elements[maxOutline-1].Path != "x" {
		t.Errorf("Dense: %d outline entries", len(dense.Elements))
	}
	if len(tr.Notices) != 1 || tr.Notices[0].File != "namedCredentials/Dense.namedCredential-meta.xml" || !tr.Notices[0].Warning ||
		!strings.Contains(tr.Notices[0].Message, "only the first 10000 elements are checked against the API version") {
		t.Errorf("notices: %+v", tr.Notices)
	}
}

// TestTokenLimit: an Apex file with more tokens than the limit is an
// NC901-style problem at the token that crosses it, its class is kept by
// name only (Unparsed) and has no suppressions; the other class is read.
func TestTokenLimit(t *testing.T) {
	p := writeProject(t, map[string]string{
		"classes/Small.cls": "public class Small { void f() { new Http().send(new HttpRequest()); } }\n",
		"classes/Big.cls":   "// nclint-ignore NC201: not read\npublic class Big {\n" + strings.Repeat(";", 200) + "\n}\n",
	})
	tr := Tree(p, Options{Workers: 2, MaxTokens: 100})
	if len(tr.Problems) != 1 {
		t.Fatalf("problems: %+v", tr.Problems)
	}
	pr := tr.Problems[0]
	if pr.Span.File != "classes/Big.cls" || pr.ID != "token-limit" || pr.Span.Start.Line != 3 || pr.Span.Start.Col != 96 ||
		pr.Message != "not read: the file has more than 100 Apex tokens, the limit that bounds memory (real Apex has far fewer)" {
		t.Errorf("problem = %+v", pr)
	}
	if len(tr.Apex) != 2 || !tr.Apex[0].Unparsed || tr.Apex[0].Name != "Big" ||
		tr.Apex[1].Unparsed || len(tr.Apex[1].Types) != 1 {
		t.Errorf("apex sources: %+v", tr.Apex)
	}
	if len(tr.Suppressions) != 0 {
		t.Errorf("suppressions of an unread file: %+v", tr.Suppressions)
	}
}
