package rules

import (
	"fmt"
	"strings"

	"github.com/nclint/nclint/internal/lint"
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
		"an SSL handshake or signature error. Error when something in the tree uses it (a named credential, external " +
		"credential or data source, the Identity Provider settings, a SAML single sign-on configuration), with each " +
		"use as a related location; warning otherwise. A certificate whose .crt holds only a signing request is " +
		"NC304's, whatever its placeholder expirationDate says.",
	Help: `## Why it breaks

Salesforce presents the certificate for mutual TLS (a named credential's client certificate) or signs JWTs
with it (legacy JWT named credentials, OAuth JWT bearer external credentials). Once it expires, the remote
server refuses the TLS handshake or the token endpoint rejects the signature, and every callout fails.

The Identity Provider settings sign the SAML assertions the org issues with their certificate, and a SAML
single sign-on configuration decrypts assertions with its ` + "`decryptionCertificate`" + `.

## How to fix

Deploying a ` + "`.crt`" + ` does not move its private key: Salesforce does not import or export private keys
through the API, so each org generates its own key pair. Create the renewed certificate in Setup (Certificate
and Key Management) in **each** org, give the remote side each org's public certificate to trust, retrieve it,
commit both files, and point the references at the new developer name:

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

Delete the expired certificate only once nothing references it: nclint sees the credentials, data sources,
Identity Provider settings and SAML configurations in the tree, but connected apps, Apex code and
configuration kept only in the org may use it too.

## References

` + certReferences,
	Check: checkCertificateExpired,
}

func checkCertificateExpired(pass *lint.Pass) {
	for _, c := range pass.Graph.Tree.Certificates {
		exp, source, ok := certExpiry(c)
		if !ok || !exp.Before(pass.Now) {
			continue
		}
		users := refsTo(pass.Graph, c)
		level, impact := lint.LevelWarning, unusedCertificate(pass.Graph.Tree)
		if users.any() {
			impact = upperFirst(users.impact("fail")) + ". " + certKeyAdvice + " Then point the references at the new certificate."
			if users.active {
				level = lint.LevelError
			}
		}
		pass.Report(lint.Finding{
			Level:    level,
			Message:  fmt.Sprintf("Certificate %s expired on %s (according to %s). %s", c.Name, exp.UTC().Format("2006-01-02"), source, impact),
			Span:     certSpan(c).Span,
			Related:  users.related,
			Identity: "Certificate:" + c.Name,
		})
	}
}

// upperFirst capitalises the first letter of s.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
