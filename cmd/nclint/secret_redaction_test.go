package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/driver"
	"github.com/nclint/nclint/internal/rules"
)

// redactionSecrets are the secrets written into redactionTree, each with the
// redacted form its NC601/NC602 message must show instead. None contains a
// character that JSON would escape, so a raw search of the SARIF bytes is
// meaningful.
var redactionSecrets = []struct{ secret, redacted string }{
	{"Hx7pLegacyPassw0rd2026", `"Hx7p…" (22 characters)`},
	{"at.Q2mZx81LkP0vRt6YbN3cWq7HsD5jE", `"at.Q…" (32 characters)`},
	{"rt.Wn9bLz4vXy7kPq2mA8sD3fG6hJ1kL0", `"rt.W…" (33 characters)`},
	{"aws/Kp7MzW3dE9bHc4FyGs6Ju1Ra0XoPnQ8vT2x", `"aws/…" (39 characters)`},
	{"tk_fake_Zr2mKx7Lw4Np9Vt3Bq6Yc1Hd8Jf0Se5", `"tk_f…" (39 characters)`},
	{"eyJhbGciOiJub25lIn0.eyJzdWIiOiJyZWRhY3QifQ.c2lnbmF0dXJlMDEyMzQ1", `"eyJh…" (63 characters)`},
	{"q8Zr!2mKx7Lw4Np9VtY", `"q8Zr…" (19 characters)`},
	{"Gk9Lq7Vb3nTm8Wc1Rz5Hp0Yj6UeD4kF9x2", `"Gk9L…" (34 characters)`},
	{"DsPassw0rdQ4Fk2Lq7", `"DsPa…" (18 characters)`},
	{"Tr0ub4dor-3-horse-battery", `"Tr0u…" (25 characters)`},
	// In a file that is not well-formed XML: the unescaped "&" breaks it,
	// and the byte scan still finds the password.
	{"Pr0d&Passw0rd2024xyzQ", `"Pr0d…" (21 characters)`},
}

// Secrets placed where only parts of them used to leak: the entity name
// after an unescaped "&" (NC901), text after the root element (NC901),
// and a token used as the user name of a URL (NC602/NC603). None of these
// may appear in any output.
const (
	tokenAfterRoot = "ghp_R2mKx7Lw4Np9Vt3Bq6Yc1Hd8Jf0Se5Ua7Zxy"
	tokenAsURLUser = "ghp_Wn9bLz4vXy7kPq2mA8sD3fG6hJ1kL0cT5rQe"
)

var redactionLeaks = []string{"Passw0rd2024xyzQ", tokenAfterRoot, tokenAsURLUser, "R2mKx7Lw", "Wn9bLz4v"}

func redactionTree(t *testing.T) string {
	t.Helper()
	const decl = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
	const ncd = "force-app/main/default/namedCredentials/"
	s := func(i int) string { return redactionSecrets[i].secret }
	return writeTree(t, map[string]string{
		"sfdx-project.json": `{"packageDirectories":[{"path":"force-app","default":true}],"sourceApiVersion":"62.0"}`,
		ncd + "Legacy_ERP.namedCredential-meta.xml": decl + `<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <endpoint>https://erp.example.com/soap</endpoint>
    <label>Legacy ERP</label>
    <oauthRefreshToken>` + s(2) + `</oauthRefreshToken>
    <oauthToken>` + s(1) + `</oauthToken>
    <password>` + s(0) + `</password>
    <principalType>NamedUser</principalType>
    <protocol>Password</protocol>
</NamedCredential>
`,
		ncd + "Legacy_S3.namedCredential-meta.xml": decl + `<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <awsAccessSecret>` + s(3) + `</awsAccessSecret>
    <endpoint>https://archive.s3.eu-west-1.amazonaws.com</endpoint>
    <label>Legacy S3</label>
    <principalType>NamedUser</principalType>
    <protocol>AwsSv4</protocol>
</NamedCredential>
`,
		ncd + "Legacy_Feed.namedCredential-meta.xml": decl + `<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <endpoint>http://reader:` + s(9) + `@feeds.example.com/rss</endpoint>
    <label>Legacy Feed</label>
    <principalType>Anonymous</principalType>
    <protocol>NoAuthentication</protocol>
</NamedCredential>
`,
		ncd + "Tracking_API.namedCredential-meta.xml": decl + `<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <label>Tracking API</label>
    <namedCredentialParameters>
        <parameterName>Url</parameterName>
        <parameterType>Url</parameterType>
        <parameterValue>https://api.example.com/v2?key=` + s(7) + `</parameterValue>
    </namedCredentialParameters>
    <namedCredentialParameters>
        <parameterName>X-Api-Key</parameterName>
        <parameterType>HttpHeader</parameterType>
        <parameterValue>` + s(4) + `</parameterValue>
    </namedCredentialParameters>
    <namedCredentialParameters>
        <parameterName>X-Partner-Ref</parameterName>
        <parameterType>HttpHeader</parameterType>
        <parameterValue>` + s(6) + `</parameterValue>
    </namedCredentialParameters>
    <namedCredentialType>SecuredEndpoint</namedCredentialType>
</NamedCredential>
`,
		"force-app/main/default/externalCredentials/Tracking_EC.externalCredential-meta.xml": decl + `<ExternalCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <authenticationProtocol>Custom</authenticationProtocol>
    <externalCredentialParameters>
        <parameterGroup>DefaultGroup</parameterGroup>
        <parameterName>Authorization</parameterName>
        <parameterType>AuthHeader</parameterType>
        <parameterValue>Bearer ` + s(5) + `</parameterValue>
    </externalCredentialParameters>
    <label>Tracking EC</label>
</ExternalCredential>
`,
		ncd + "Broken_Pwd.namedCredential-meta.xml": decl + `<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <endpoint>https://erp.example.com/soap</endpoint>
    <label>Broken Pwd</label>
    <password>` + s(10) + `</password>
    <principalType>NamedUser</principalType>
    <protocol>Password</protocol>
</NamedCredential>
`,
		ncd + "After_Root.namedCredential-meta.xml": decl + `<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <label>After Root</label>
    <namedCredentialType>SecuredEndpoint</namedCredentialType>
</NamedCredential>
` + tokenAfterRoot + "\n",
		ncd + "Git_API.namedCredential-meta.xml": decl + `<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <label>Git API</label>
    <namedCredentialParameters>
        <parameterName>Url</parameterName>
        <parameterType>Url</parameterType>
        <parameterValue>http://` + tokenAsURLUser + `:x-oauth-basic@git.example.com/api?ref=main</parameterValue>
    </namedCredentialParameters>
    <namedCredentialType>SecuredEndpoint</namedCredentialType>
</NamedCredential>
`,
		"force-app/main/default/dataSources/Inventory.dataSource-meta.xml": decl + `<ExternalDataSource xmlns="http://soap.sforce.com/2006/04/metadata">
    <endpoint>https://inventory.example.com/odata</endpoint>
    <label>Inventory</label>
    <password>` + s(8) + `</password>
    <principalType>NamedUser</principalType>
    <protocol>Password</protocol>
    <type>OData4</type>
</ExternalDataSource>
`,
	})
}

// TestSecretsAreRedactedInEveryFormat lints a tree holding eleven distinct
// secrets (one in a file that is not well-formed XML) and the leaks of
// redactionLeaks, and checks that none appears anywhere in the text,
// SARIF, JSON or GitHub output, while the redacted form of each secret does.
func TestSecretsAreRedactedInEveryFormat(t *testing.T) {
	dir := redactionTree(t)
	_, text, textErr := runCLI(t, "--now", "2026-06-01", "--fail-on", "none", dir)
	sarifFile := filepath.Join(t.TempDir(), "out.sarif")
	if code, _, stderr := runCLI(t, "--format", "sarif", "--output", sarifFile, "--now", "2026-06-01", "--fail-on", "none", dir); code != exitOK {
		t.Fatalf("sarif run: exit %d; stderr %s", code, stderr)
	}
	raw, err := os.ReadFile(sarifFile)
	if err != nil {
		t.Fatal(err)
	}
	_, jsonOut, _ := runCLI(t, "--format", "json", "--now", "2026-06-01", "--fail-on", "none", dir)
	_, githubOut, _ := runCLI(t, "--format", "github", "--now", "2026-06-01", "--fail-on", "none", dir)
	// Every string in the SARIF and JSON reports, decoded, so JSON escaping
	// cannot hide a secret.
	var doc, jsonDoc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(jsonOut), &jsonDoc); err != nil {
		t.Fatalf("json output: %v", err)
	}
	var decoded strings.Builder
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			decoded.WriteString(v + "\n")
		case []any:
			for _, x := range v {
				walk(x)
			}
		case map[string]any:
			for k, x := range v {
				decoded.WriteString(k + "\n")
				walk(x)
			}
		}
	}
	walk(doc)
	sarifStrings := decoded.String()
	decoded.Reset()
	walk(jsonDoc)
	jsonStrings := decoded.String()

	outputs := map[string]string{"text": text + textErr, "sarif": string(raw), "sarif (decoded)": sarifStrings,
		"json": jsonOut, "json (decoded)": jsonStrings, "github": githubOut}
	for _, s := range redactionSecrets {
		for name, out := range outputs {
			if strings.Contains(out, s.secret) {
				t.Errorf("%s output contains the secret %q", name, s.secret)
			}
		}
		for _, name := range []string{"text", "sarif (decoded)", "json (decoded)"} {
			if !strings.Contains(outputs[name], s.redacted) {
				t.Errorf("%s output lacks the redacted form %s of %q", name, s.redacted, s.secret[:4])
			}
		}
	}
	for _, leak := range redactionLeaks {
		for name, out := range outputs {
			if strings.Contains(out, leak) {
				t.Errorf("%s output contains %q", name, leak)
			}
		}
	}
	if n := strings.Count(text, "[NC601/secret-in-metadata]"); n != 10 {
		t.Errorf("%d NC601 findings, want 10 (every secret but the URL password):\n%s", n, text)
	}
	for _, want := range []string{
		"http://***@feeds.example.com/rss",
		"http://***@git.example.com/api?ref=…",
		// NC601 finds the password in the file that is not well-formed, at its line.
		"namedCredentials/Broken_Pwd.namedCredential-meta.xml:5:5: error: Named credential Broken_Pwd has <password> \"Pr0d…\" (21 characters)",
		"namedCredentials/Broken_Pwd.namedCredential-meta.xml:5:19: error: not well-formed XML: invalid character entity &Pass… (16 characters) (no semicolon)",
		"namedCredentials/After_Root.namedCredential-meta.xml:6:1: error: not well-formed XML: text \"ghp_… (40 characters)\" outside the root element",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text output lacks %q:\n%s", want, text)
		}
	}
}

// TestInvalidMetadataIdentities checks that NC901 identities, which go
// into committed baselines, hold no input text and no positions, and that
// every NC901 has a line in every format, also for a problem of a whole
// file (a decomposed permission set without the preset).
func TestInvalidMetadataIdentities(t *testing.T) {
	dir := redactionTree(t)
	const ps = "force-app/main/default/permissionsets/Ops/"
	mustWrite(t, filepath.Join(dir, ps, "Ops.permissionset-meta.xml"), `<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <label>Ops</label>
</PermissionSet>
`)
	mustWrite(t, filepath.Join(dir, ps, "objectSettings/Account.objectSettings-meta.xml"), `<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <objectPermissions>
        <allowRead>true</allowRead>
        <object>Account</object>
    </objectPermissions>
</PermissionSet>
`)
	mustWrite(t, filepath.Join(dir, "force-app/main/default/externalCredentials/Open_EC.externalCredential-meta.xml"),
		`<?xml version="1.0" encoding="UTF-8"?>
<ExternalCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <externalCredentialParameters>
`)
	res, err := driver.Run([]string{dir}, driver.Options{Rules: rules.All(), LookupRule: rules.LookupID, Now: hostileNow})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range res.Findings {
		if f.RuleID != "NC901" {
			continue
		}
		n++
		if f.Span.Start.Line < 1 {
			t.Errorf("NC901 without a line: %s %s", f.Span, f.Message)
		}
		for _, bad := range []string{"Pass", "ghp_", "Pr0d", "opened at", "characters", ":1", ":2", ":3", ":4", ":5", ":6"} {
			if strings.Contains(f.Identity, bad) {
				t.Errorf("NC901 identity %q holds input text or a position (%q)", f.Identity, bad)
			}
		}
	}
	if n < 4 {
		t.Errorf("%d NC901 findings, want at least 4 (two XML errors, a missing element, the decomposed set)", n)
	}
	for _, format := range []string{"json", "github"} {
		_, out, _ := runCLI(t, "--format", format, "--fail-on", "none", "--now", "2026-06-01", dir)
		if strings.Contains(out, `"startLine": 0`) || strings.Contains(out, "line=0") {
			t.Errorf("%s output has a line 0:\n%s", format, out)
		}
	}
}

// Secrets in the URL of a named credential that permission sets grant, so
// that every query command has a path to show.
const (
	urlPassword = "Hunter2Zq8Lm4XvBn"
	urlAPIKey   = "sk_live_Q7mZ2xK9pL4vT8wRc3"
)

// addGrantedSecretURL adds Secure_API (its URL holding urlPassword and
// urlAPIKey), Secure_EC with a named principal, a permission set granting
// it and an Apex class calling Secure_API.
func addGrantedSecretURL(t *testing.T, dir string) {
	t.Helper()
	const decl = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
	base := filepath.Join(dir, "force-app/main/default")
	mustWrite(t, filepath.Join(base, "namedCredentials/Secure_API.namedCredential-meta.xml"), decl+`<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <allowMergeFieldsInBody>false</allowMergeFieldsInBody>
    <allowMergeFieldsInHeader>false</allowMergeFieldsInHeader>
    <calloutStatus>Enabled</calloutStatus>
    <generateAuthorizationHeader>true</generateAuthorizationHeader>
    <label>Secure API</label>
    <namedCredentialParameters>
        <parameterName>Url</parameterName>
        <parameterType>Url</parameterType>
        <parameterValue>https://admin:`+urlPassword+`@pay.example.com/v1?api_key=`+urlAPIKey+`</parameterValue>
    </namedCredentialParameters>
    <namedCredentialParameters>
        <externalCredential>Secure_EC</externalCredential>
        <parameterName>ExternalCredential</parameterName>
        <parameterType>Authentication</parameterType>
    </namedCredentialParameters>
    <namedCredentialType>SecuredEndpoint</namedCredentialType>
</NamedCredential>
`)
	mustWrite(t, filepath.Join(base, "externalCredentials/Secure_EC.externalCredential-meta.xml"), decl+`<ExternalCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <authenticationProtocol>Custom</authenticationProtocol>
    <externalCredentialParameters>
        <parameterGroup>Service</parameterGroup>
        <parameterName>Service</parameterName>
        <parameterType>NamedPrincipal</parameterType>
        <sequenceNumber>1</sequenceNumber>
    </externalCredentialParameters>
    <label>Secure EC</label>
</ExternalCredential>
`)
	mustWrite(t, filepath.Join(base, "permissionsets/Secure_Users.permissionset-meta.xml"), decl+`<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <externalCredentialPrincipalAccesses>
        <enabled>true</enabled>
        <externalCredentialPrincipal>Secure_EC-Service</externalCredentialPrincipal>
    </externalCredentialPrincipalAccesses>
    <hasActivationRequired>false</hasActivationRequired>
    <label>Secure Users</label>
    <objectPermissions>
        <allowCreate>false</allowCreate>
        <allowDelete>false</allowDelete>
        <allowEdit>false</allowEdit>
        <allowRead>true</allowRead>
        <modifyAllRecords>false</modifyAllRecords>
        <object>UserExternalCredential</object>
        <viewAllRecords>false</viewAllRecords>
    </objectPermissions>
</PermissionSet>
`)
	mustWrite(t, filepath.Join(base, "classes/SecureClient.cls"), `public with sharing class SecureClient {
    public static String status() {
        HttpRequest req = new HttpRequest();
        req.setEndpoint('callout:Secure_API/status');
        req.setMethod('GET');
        return new Http().send(req).getBody();
    }
}
`)
	mustWrite(t, filepath.Join(base, "classes/SecureClient.cls-meta.xml"), apexMeta)
}

// TestSecretsAreRedactedInQueryCommands runs lint --format markdown,
// access, graph, inventory, checklist and access --diff in every format on
// a tree whose endpoint URLs hold passwords, tokens as user names and keys
// in query strings: none may appear, and the URL shows as lint shows it.
func TestSecretsAreRedactedInQueryCommands(t *testing.T) {
	gitTestEnv(t)
	dir := redactionTree(t)
	gitRun(t, dir, "init", "-q", "-b", "main")
	gitRun(t, dir, "add", "sfdx-project.json")
	gitRun(t, dir, "commit", "-q", "-m", "empty project")
	addGrantedSecretURL(t, dir)
	secrets := append([]string{urlPassword, urlAPIKey, "Hunter2", "sk_live"}, redactionLeaks...)
	for _, s := range redactionSecrets {
		secrets = append(secrets, s.secret)
	}
	runs := [][]string{{"--format", "markdown", "--fail-on", "none", "--now", "2026-06-01", dir}}
	for _, f := range []string{"text", "json", "markdown"} {
		for _, name := range []string{"Secure_API", "host:pay.example.com", "Secure_EC", "ps:Secure_Users", "class:SecureClient", "Git_API", "Legacy_Feed", "Tracking_API"} {
			runs = append(runs, []string{"access", "--format", f, name, dir})
		}
		runs = append(runs, []string{"access", "--diff", "HEAD", "--format", f, dir})
	}
	for _, f := range []string{"mermaid", "dot", "json"} {
		runs = append(runs, []string{"graph", "--format", f, dir}, []string{"graph", "--format", f, "--focus", "Secure_API", dir})
	}
	for _, f := range []string{"csv", "json", "markdown"} {
		runs = append(runs, []string{"inventory", "--format", f, dir})
	}
	runs = append(runs, []string{"checklist", dir})
	shown := 0
	for _, args := range runs {
		_, out, errOut := runCLI(t, args...)
		for _, s := range secrets {
			if strings.Contains(out+errOut, s) {
				t.Errorf("nclint %s shows %q:\n%s%s", strings.Join(args, " "), s, out, errOut)
			}
		}
		if strings.Contains(out, "***@pay.example.com") {
			shown++
		}
	}
	// lint markdown (NC602/NC603 about the URL), access of Secure_API,
	// the host and ps in three formats, the diff in three, inventory in three, checklist.
	if shown < 15 {
		t.Errorf("the redacted URL https://***@pay.example.com/… appears in %d outputs, want at least 15", shown)
	}
}
