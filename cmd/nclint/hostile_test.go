package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/nclint/nclint/internal/driver"
	"github.com/nclint/nclint/internal/parse"
	"github.com/nclint/nclint/internal/rules"
	"github.com/nclint/nclint/internal/sarifcheck"
)

// The hostile corpus: one SFDX project holding one good file with a known
// finding and, each in its own metadata file, every kind of broken or
// hostile input a linter meets in CI. Each row names what nclint must say
// about its file (an NC901 finding, another rule's finding, or a tool
// notification); the good file's finding must survive all of them.

const (
	hostileBase = "force-app/main/default/"
	mdNS        = `xmlns="http://soap.sforce.com/2006/04/metadata"`
	xmlHeader   = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
)

// goodPS grants a principal of an external credential that does not exist:
// NC102 (grant-unknown-principal) at line 5.
const goodPS = xmlHeader + `<PermissionSet ` + mdNS + `>
    <description>The one good file of the hostile corpus.</description>
    <externalCredentialPrincipalAccesses>
        <enabled>true</enabled>
        <externalCredentialPrincipal>Missing_EC-User</externalCredentialPrincipal>
    </externalCredentialPrincipalAccesses>
    <label>Good</label>
</PermissionSet>
`

// ncNoLabel is a well-formed named credential whose only mistake is the
// missing <label> (NC901 at the root element, line 2 column 1): files that
// wrap it in a BOM, CRLF line ends or an odd name must still be read, with
// positions right.
const ncNoLabel = xmlHeader + `<NamedCredential ` + mdNS + `>
    <allowMergeFieldsInBody>false</allowMergeFieldsInBody>
    <allowMergeFieldsInHeader>false</allowMergeFieldsInHeader>
    <calloutStatus>Enabled</calloutStatus>
    <generateAuthorizationHeader>true</generateAuthorizationHeader>
    <namedCredentialParameters>
        <parameterName>Url</parameterName>
        <parameterType>Url</parameterType>
        <parameterValue>https://api.example.com</parameterValue>
    </namedCredentialParameters>
    <namedCredentialType>SecuredEndpoint</namedCredentialType>
</NamedCredential>
`

// ncValid is a complete named credential, for encodings that break it.
const ncValid = xmlHeader + `<NamedCredential ` + mdNS + `>
    <allowMergeFieldsInBody>false</allowMergeFieldsInBody>
    <allowMergeFieldsInHeader>false</allowMergeFieldsInHeader>
    <calloutStatus>Enabled</calloutStatus>
    <generateAuthorizationHeader>true</generateAuthorizationHeader>
    <label>Café API</label>
    <namedCredentialParameters>
        <parameterName>Url</parameterName>
        <parameterType>Url</parameterType>
        <parameterValue>https://api.example.com</parameterValue>
    </namedCredentialParameters>
    <namedCredentialType>SecuredEndpoint</namedCredentialType>
</NamedCredential>
`

// ncUsingCert is a named credential with a client certificate parameter.
func ncUsingCert(cert string) string {
	return xmlHeader + `<NamedCredential ` + mdNS + `>
    <allowMergeFieldsInBody>false</allowMergeFieldsInBody>
    <allowMergeFieldsInHeader>false</allowMergeFieldsInHeader>
    <calloutStatus>Enabled</calloutStatus>
    <generateAuthorizationHeader>true</generateAuthorizationHeader>
    <label>` + cert + ` API</label>
    <namedCredentialParameters>
        <parameterName>Url</parameterName>
        <parameterType>Url</parameterType>
        <parameterValue>https://` + strings.ToLower(cert) + `.example.com</parameterValue>
    </namedCredentialParameters>
    <namedCredentialParameters>
        <certificate>` + cert + `</certificate>
        <parameterName>ClientCertificate</parameterName>
        <parameterType>ClientCertificate</parameterType>
    </namedCredentialParameters>
    <namedCredentialType>SecuredEndpoint</namedCredentialType>
</NamedCredential>
`
}

func certMeta(label string) string {
	return xmlHeader + `<Certificate ` + mdNS + `>
    <caSigned>true</caSigned>
    <encryptedWithPlatformEncryption>false</encryptedWithPlatformEncryption>
    <expirationDate>2030-01-01T00:00:00.000Z</expirationDate>
    <keySize>2048</keySize>
    <masterLabel>` + label + `</masterLabel>
    <privateKeyExportable>false</privateKeyExportable>
</Certificate>
`
}

// utf16LE encodes s as UTF-16 little endian with a byte order mark, as
// Windows tools ("Unicode" in Notepad, PowerShell 5 Out-File) write it.
func utf16LE(s string) []byte {
	var b bytes.Buffer
	b.Write([]byte{0xFF, 0xFE})
	for _, u := range utf16.Encode([]rune(s)) {
		_ = binary.Write(&b, binary.LittleEndian, u)
	}
	return b.Bytes()
}

// testPEM returns a PEM block of the given type: a self-signed certificate
// valid from notBefore to notAfter, or a certificate signing request.
func testPEM(t *testing.T, csr bool, notBefore, notAfter time.Time) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	subject := pkix.Name{CommonName: "hostile.example.com", Organization: []string{"nclint tests"}}
	if csr {
		der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: subject}, key)
		if err != nil {
			t.Fatal(err)
		}
		return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der}))
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: subject, NotBefore: notBefore, NotAfter: notAfter}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// hostileRow is one input and what nclint must say about it. File is
// relative to the project root. Exactly one of Rule or Notice is set: Rule
// wants a finding of that rule in File whose message contains Want (and,
// when Pos is set, starts at Pos "line:col"); Notice wants a tool
// notification for File whose message contains Want.
type hostileRow struct {
	name    string
	file    string
	content []byte
	// setup, when set, creates the file (or directory) instead of content.
	setup   func(t *testing.T, dir string) bool // false: skip the row
	rule    string
	notice  bool
	warning bool // for a notice: a warning, which leaves the run complete
	want    string
	pos     string
}

func hostileRows(t *testing.T) []hostileRow {
	nc := hostileBase + "namedCredentials/"
	deep := xmlHeader + `<NamedCredential ` + mdNS + `>` + strings.Repeat("<a>", 100_000) + strings.Repeat("</a>", 100_000) + "</NamedCredential>\n"
	garbage := make([]byte, 4096)
	for i := range garbage {
		garbage[i] = byte((i*131 + i/7) % 256) // deterministic, every byte value, NULs included
	}
	return []hostileRow{
		{name: "empty file", file: nc + "Empty.namedCredential-meta.xml", content: nil,
			rule: "NC901", want: "empty file"},
		{name: "whitespace only", file: nc + "Blank.namedCredential-meta.xml", content: []byte(" \n\t\r\n  \n"),
			rule: "NC901", want: "empty file"},
		{name: "not XML", file: nc + "Text.namedCredential-meta.xml", content: []byte("This named credential was moved to the vault.\n"),
			rule: "NC901", want: "not well-formed XML"},
		{name: "truncated XML", file: nc + "Truncated.namedCredential-meta.xml",
			content: []byte(ncValid[:len(ncValid)/2]),
			rule:    "NC901", want: "unexpected end of file"},
		{name: "mismatched tags", file: nc + "Mismatched.namedCredential-meta.xml",
			content: []byte(strings.Replace(ncValid, "</calloutStatus>", "</calloutStatu>", 1)),
			rule:    "NC901", want: "does not match start tag <calloutStatus>", pos: "5:27"},
		{name: "two roots", file: nc + "TwoRoots.namedCredential-meta.xml",
			content: []byte(ncValid + `<NamedCredential ` + mdNS + "/>\n"),
			rule:    "NC901", want: "second root element <NamedCredential>", pos: "15:1"},
		{name: "UTF-8 BOM", file: nc + "Bom.namedCredential-meta.xml",
			content: append([]byte("\ufeff"), ncNoLabel...),
			rule:    "NC901", want: `NamedCredential "Bom" has no <label>`, pos: "2:1"},
		{name: "CRLF line ends", file: nc + "Crlf.namedCredential-meta.xml",
			content: []byte(strings.ReplaceAll(ncNoLabel, "\n", "\r\n")),
			rule:    "NC901", want: `NamedCredential "Crlf" has no <label>`, pos: "2:1"},
		{name: "UTF-16 with BOM", file: nc + "Utf16.namedCredential-meta.xml",
			content: utf16LE(strings.Replace(ncValid, `encoding="UTF-8"`, `encoding="UTF-16"`, 1)),
			rule:    "NC901", want: "UTF-16 encoded (byte order mark FF FE)", pos: "1:1"},
		{name: "declared ISO-8859-1", file: nc + "Latin1.namedCredential-meta.xml",
			content: []byte(strings.Replace(strings.Replace(ncValid, "UTF-8", "ISO-8859-1", 1), "Café", "Caf\xe9", 1)),
			rule:    "NC901", want: `encoding "ISO-8859-1" is not supported`},
		{name: "billion laughs", file: nc + "Laughs.namedCredential-meta.xml",
			content: []byte(`<?xml version="1.0"?>
<!DOCTYPE NamedCredential [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<NamedCredential ` + mdNS + `><label>&lol9;</label></NamedCredential>
`),
			rule: "NC901", want: "DOCTYPE not allowed", pos: "2:1"},
		{name: "external entity", file: nc + "Xxe.namedCredential-meta.xml",
			content: []byte(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE NamedCredential [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<NamedCredential ` + mdNS + `><label>&xxe;</label></NamedCredential>
`),
			rule: "NC901", want: "DOCTYPE not allowed", pos: "2:1"},
		{name: "nesting 100,000 deep", file: nc + "Deep.namedCredential-meta.xml", content: []byte(deep),
			rule: "NC901", want: "nested more than 256 levels deep"},
		{name: "over the size limit (sparse)", file: nc + "Huge.namedCredential-meta.xml",
			setup: func(t *testing.T, dir string) bool {
				// A sparse file one byte over the default limit: discovery
				// and the size check see its full size, yet nothing is
				// written to disk and it is never read.
				p := filepath.Join(dir, hostileBase, "namedCredentials/Huge.namedCredential-meta.xml")
				mustWrite(t, p, "")
				if err := os.Truncate(p, parse.DefaultMaxFileSize+1); err != nil {
					t.Fatal(err)
				}
				return true
			},
			notice: true, want: "skipped: 52428801 bytes exceeds the 50 MiB (52428800 bytes) limit"},
		{name: "binary garbage", file: nc + "Binary.namedCredential-meta.xml", content: garbage,
			rule: "NC901", want: "not well-formed XML"},
		{name: "git conflict markers", file: nc + "Conflict.namedCredential-meta.xml",
			content: []byte(strings.Replace(ncValid, "    <label>Café API</label>\n",
				"<<<<<<< HEAD\n    <label>Café API</label>\n=======\n    <label>Cafe API</label>\n>>>>>>> feature/rename\n", 1)),
			rule: "NC901", want: "not well-formed XML"},
		{name: ".crt with garbage", file: hostileBase + "certs/Junk.crt",
			setup: func(t *testing.T, dir string) bool {
				mustWrite(t, filepath.Join(dir, hostileBase, "certs/Junk.crt-meta.xml"), certMeta("Junk"))
				mustWrite(t, filepath.Join(dir, hostileBase, "certs/Junk.crt"), "MIIB this is not a certificate\x00\xff\n")
				mustWrite(t, filepath.Join(dir, nc, "JunkUser.namedCredential-meta.xml"), ncUsingCert("Junk"))
				return true
			},
			notice: true, warning: true, want: "certificate content not checked: not a PEM file"},
		{name: ".crt with a CSR", file: hostileBase + "certs/Pending.crt-meta.xml",
			setup: func(t *testing.T, dir string) bool {
				mustWrite(t, filepath.Join(dir, hostileBase, "certs/Pending.crt-meta.xml"), certMeta("Pending"))
				mustWrite(t, filepath.Join(dir, hostileBase, "certs/Pending.crt"), testPEM(t, true, time.Time{}, time.Time{}))
				mustWrite(t, filepath.Join(dir, nc, "PendingUser.namedCredential-meta.xml"), ncUsingCert("Pending"))
				return true
			},
			rule: "NC304", want: "holds only a certificate signing request"},
		{name: ".crt with an expired chain", file: hostileBase + "certs/Expired.crt-meta.xml",
			setup: func(t *testing.T, dir string) bool {
				mustWrite(t, filepath.Join(dir, hostileBase, "certs/Expired.crt-meta.xml"), certMeta("Expired"))
				leaf := testPEM(t, false, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
				ca := testPEM(t, false, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
				mustWrite(t, filepath.Join(dir, hostileBase, "certs/Expired.crt"), leaf+ca)
				mustWrite(t, filepath.Join(dir, nc, "ExpiredUser.namedCredential-meta.xml"), ncUsingCert("Expired"))
				return true
			},
			rule: "NC302", want: "expired on 2025-01-01 (according to the .crt)"},
		{name: "Apex unterminated string", file: hostileBase + "classes/OpenString.cls",
			content: []byte("public with sharing class OpenString {\n    String endpoint = 'callout:Billing/v1;\n}\n"),
			rule:    "NC901", want: "unterminated"},
		{name: "Apex unterminated comment", file: hostileBase + "classes/OpenComment.cls",
			content: []byte("public with sharing class OpenComment {\n    /* TODO: move to a named credential\n    void f() {}\n}\n"),
			rule:    "NC901", want: "unterminated"},
		{name: "directory symlink loop", file: hostileBase + "loop",
			setup: func(t *testing.T, dir string) bool {
				if err := os.Symlink(".", filepath.Join(dir, hostileBase, "loop")); err != nil {
					t.Logf("symlinks not supported: %v", err)
					return false
				}
				return true
			},
			notice: true, warning: true, want: "symbolic link loop"},
		{name: "broken symlink", file: nc + "Dangling.namedCredential-meta.xml",
			setup: func(t *testing.T, dir string) bool {
				return os.Symlink(filepath.Join(dir, "nowhere.xml"), filepath.Join(dir, nc, "Dangling.namedCredential-meta.xml")) == nil
			},
			notice: true, want: "broken symbolic link"},
		{name: "no read permission", file: nc + "Secret.namedCredential-meta.xml",
			setup: func(t *testing.T, dir string) bool {
				if os.Geteuid() == 0 {
					t.Log("running as root, which reads any file: no-read-permission row skipped")
					return false
				}
				p := filepath.Join(dir, nc, "Secret.namedCredential-meta.xml")
				mustWrite(t, p, ncValid)
				if err := os.Chmod(p, 0); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { _ = os.Chmod(p, 0o644) })
				return true
			},
			notice: true, want: "permission denied"},
		{name: "spaces, unicode and %2F in the name", file: nc + "Zürich Büro R%2FW.namedCredential-meta.xml",
			content: []byte(ncNoLabel),
			rule:    "NC901", want: `NamedCredential "Zürich Büro R%2FW" has no <label>`, pos: "2:1"},
		{name: "FIFO named like Apex", file: hostileBase + "classes/Pipe.cls",
			setup: func(t *testing.T, dir string) bool {
				// Opening it for reading would block until a writer came.
				return syscall.Mkfifo(filepath.Join(dir, hostileBase, "classes/Pipe.cls"), 0o644) == nil
			},
			notice: true, want: "not a regular file but a named pipe (FIFO)"},
		{name: "directory named like a named credential", file: nc + "Folder.namedCredential-meta.xml",
			setup: func(t *testing.T, dir string) bool {
				return os.MkdirAll(filepath.Join(dir, nc, "Folder.namedCredential-meta.xml"), 0o755) == nil
			},
			notice: true, want: "a directory named like a metadata file"},
	}
}

// buildHostile writes the hostile project and returns its root and rows
// (without the skipped ones).
func buildHostile(t *testing.T) (string, []hostileRow) {
	t.Helper()
	dir := writeTree(t, map[string]string{
		"sfdx-project.json": `{"packageDirectories":[{"path":"force-app","default":true}],"sourceApiVersion":"62.0"}`,
		hostileBase + "permissionsets/Good.permissionset-meta.xml": goodPS,
	})
	var rows []hostileRow
	for _, r := range hostileRows(t) {
		if r.setup != nil {
			if !r.setup(t, dir) {
				continue
			}
		} else {
			p := filepath.Join(dir, filepath.FromSlash(r.file))
			mustWrite(t, p, "")
			if err := os.WriteFile(p, r.content, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		rows = append(rows, r)
	}
	return dir, rows
}

var hostileNow = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

func hostileRun(t *testing.T, dir string, workers int) *driver.Result {
	t.Helper()
	res, err := driver.Run([]string{dir}, driver.Options{
		Rules: rules.All(), LookupRule: rules.LookupID, Now: hostileNow, Workers: workers,
	})
	if err != nil {
		t.Fatalf("driver.Run: %v", err)
	}
	return res
}

// TestHostileCorpus lints the hostile project and checks, for every row,
// that its file gets the expected finding or notification, that the good
// file's finding is still reported, and that the result does not depend
// on the number of workers.
func TestHostileCorpus(t *testing.T) {
	dir, rows := buildHostile(t)
	res := hostileRun(t, dir, 1)

	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			if r.notice {
				for _, n := range res.Tree.Notices {
					if n.File == r.file && strings.Contains(n.Message, r.want) {
						if n.Warning != r.warning {
							t.Errorf("notice %q: warning %v, want %v", n.Message, n.Warning, r.warning)
						}
						return
					}
				}
				t.Errorf("no notification for %s containing %q; notifications: %+v", r.file, r.want, res.Tree.Notices)
				return
			}
			for _, f := range res.Findings {
				if f.RuleID == r.rule && f.Span.File == r.file && strings.Contains(f.Message, r.want) {
					if r.pos != "" && f.Span.Start.String() != r.pos {
						t.Errorf("%s at %s, want %s: %s", r.rule, f.Span.Start, r.pos, f.Message)
					}
					return
				}
			}
			var got []string
			for _, f := range res.Findings {
				if f.Span.File == r.file {
					got = append(got, f.RuleID+" "+f.Span.String()+" "+f.Message)
				}
			}
			t.Errorf("no %s in %s containing %q; findings in the file: %q", r.rule, r.file, r.want, got)
		})
	}

	// The good file's finding survives everything around it.
	good := hostileBase + "permissionsets/Good.permissionset-meta.xml"
	var found bool
	for _, f := range res.Findings {
		if f.RuleID == "NC102" && f.Span.File == good && f.Span.Start.String() == "6:9" &&
			strings.Contains(f.Message, `grants principal "User" of external credential Missing_EC`) {
			found = true
		}
	}
	if !found {
		t.Errorf("the good file's NC102 is lost")
	}

	// Whatever bytes the files hold, every message is printable text.
	for _, f := range res.Findings {
		if !utf8.ValidString(f.Message) || strings.ContainsFunc(f.Message, unicode.IsControl) {
			t.Errorf("%s %s: message is not printable UTF-8: %q", f.RuleID, f.Span, f.Message)
		}
	}
	for _, n := range res.Tree.Notices {
		if !utf8.ValidString(n.Message) || strings.ContainsFunc(n.Message, unicode.IsControl) {
			t.Errorf("notice %s: message is not printable UTF-8: %q", n.File, n.Message)
		}
	}

	// The same tree with many workers gives the same result.
	many := hostileRun(t, dir, 8)
	if !reflect.DeepEqual(res.Findings, many.Findings) || !reflect.DeepEqual(res.Tree.Notices, many.Tree.Notices) {
		t.Errorf("1 and 8 workers differ")
	}
}

// TestHostileCorpusOutputs runs the command on the hostile project in
// every output format: the run is incomplete (exit 3, even with --fail-on
// none), the SARIF log is valid with executionSuccessful false, the
// unreadable files are listed, and nothing of /etc/passwd (the external
// entity's target) appears anywhere.
func TestHostileCorpusOutputs(t *testing.T) {
	dir, _ := buildHostile(t)
	var passwd []string
	if b, err := os.ReadFile("/etc/passwd"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.Count(l, ":") >= 6 { // a real entry, e.g. root:x:0:0:root:/root:/bin/bash
				passwd = append(passwd, l)
			}
		}
	}
	huge := hostileBase + "namedCredentials/Huge.namedCredential-meta.xml"
	for _, format := range []string{"text", "json", "sarif", "github"} {
		t.Run(format, func(t *testing.T) {
			code, out, stderr := runCLI(t, "--format", format, "--fail-on", "none", "--now", "2026-06-01", dir)
			if code != exitIncomplete {
				t.Errorf("exit %d, want %d (some files could not be read); stderr: %s", code, exitIncomplete, stderr)
			}
			for _, l := range passwd {
				if strings.Contains(out, l) || strings.Contains(stderr, l) {
					t.Errorf("output contains the /etc/passwd entry %q", l)
				}
			}
			if format == "github" {
				return // annotations are for findings; notices go to the log
			}
			if !strings.Contains(out, "Huge.namedCredential-meta.xml") || !strings.Contains(out, "52428801 bytes exceeds the 50 MiB") {
				t.Errorf("the file over the size limit (%s) is not listed:\n%s", huge, out)
			}
			if !strings.Contains(out, "grant-unknown-principal") {
				t.Errorf("the good file's finding is missing")
			}
			if format == "sarif" {
				if err := sarifcheck.Validate([]byte(out)); err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(out, `"executionSuccessful": false`) {
					t.Errorf("SARIF: executionSuccessful is not false")
				}
				if !strings.Contains(out, "Z%C3%BCrich%20B%C3%BCro%20R%252FW.namedCredential-meta.xml") {
					t.Errorf("SARIF: the file name with spaces, unicode and %%2F is not percent-encoded as expected")
				}
			}
		})
	}
}
