package rules

import (
	"fmt"
	"strings"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/model"
)

// CertificateExpired (NC302) reports certificates whose expiry is in the past.
var CertificateExpired = &lint.Rule{
	ID:        "NC302",
	Name:      "certificate-expired",
	Level:     lint.LevelError,
	Precision: "very-high",
	Tags:      []string{"certificate", "callout"},
	Short:     "Certificate that has expired",
	Full: "A certificate in the tree has expired: the leaf certificate in its .crt (or, when the .crt holds no " +
		"certificate, the expirationDate of its meta file) is in the past. mTLS and JWT callouts that use it fail with " +
		"an SSL handshake or signature error. Error when a named credential, external credential or data source " +
		"references it, warning otherwise.",
	Help: `## Why it breaks

Salesforce presents the certificate for mutual TLS (a named credential's client certificate) or signs JWTs
with it (legacy JWT named credentials, OAuth JWT bearer external credentials). Once it expires, the remote
server refuses the TLS handshake or the token endpoint rejects the signature, and every callout fails.

## How to fix

Create or upload a renewed certificate in Setup (Certificate and Key Management), give the remote side its
public part, retrieve it, commit both files, and point the credentials at the new developer name:

` + "```xml" + `
<?xml version="1.0" encoding="UTF-8"?>
<Certificate xmlns="http://soap.sforce.com/2006/04/metadata">
    <caSigned>false</caSigned>
    <encryptedWithPlatformEncryption>false</encryptedWithPlatformEncryption>
    <expirationDate>2027-06-30T00:00:00.000Z</expirationDate>
    <keySize>2048</keySize>
    <masterLabel>Acme mTLS 2027</masterLabel>
    <privateKeyExportable>false</privateKeyExportable>
</Certificate>
` + "```" + `

Delete the expired certificate once nothing references it.
`,
	Check: checkCertificateExpired,
}

func checkCertificateExpired(pass *lint.Pass) {
	for _, c := range pass.Graph.Tree.Certificates {
		exp, source, ok := certExpiry(c)
		if !ok || !exp.Before(pass.Now) {
			continue
		}
		related, users := refsTo(pass.Graph, c)
		level, impact := lint.LevelWarning, "Nothing in the tree references it; delete it or renew it before use."
		if files := pass.Graph.UnreadMentioning(c.Name, model.KindNamedCredential, model.KindExternalCredential); len(users) == 0 && len(files) > 0 {
			impact = "No file nclint could read references it, but " + strings.Join(files, ", ") + " could not be read and may use it; renew it or delete it once nothing uses it."
		}
		if len(users) > 0 {
			level = lint.LevelError
			impact = "Callouts through " + strings.Join(users, ", ") + " fail with an SSL handshake or signature error; renew the certificate and update the references."
		}
		pass.Report(lint.Finding{
			Level:    level,
			Message:  fmt.Sprintf("Certificate %s expired on %s (according to %s). %s", c.Name, exp.UTC().Format("2006-01-02"), source, impact),
			Span:     certSpan(c).Span,
			Related:  related,
			Identity: "Certificate:" + c.Name,
		})
	}
}
