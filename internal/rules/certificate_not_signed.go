package rules

import (
	"fmt"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/model"
)

// CertificateNotSigned (NC304) reports referenced certificates whose .crt
// holds only a certificate signing request.
var CertificateNotSigned = &lint.Rule{
	ID:        "NC304",
	Name:      "certificate-not-signed",
	Level:     lint.LevelWarning,
	Precision: "high",
	Tags:      []string{"certificate", "callout"},
	Short:     "Certificate that is only a signing request",
	Full: "A certificate's .crt holds only a certificate signing request (-----BEGIN CERTIFICATE REQUEST-----): it " +
		"is a CA-signed certificate whose signed chain was never uploaded. Warning when something in the tree uses " +
		"it (mTLS and JWT callouts with it fail), note otherwise. Its expirationDate is a placeholder, so it is never " +
		"reported as expired (NC302) or expiring (NC303).",
	Help: `## Why it breaks

When you create a CA-signed certificate in Salesforce, the ` + "`.crt`" + ` file contains the certificate signing
request until the certificate authority's signed chain is uploaded. A CSR cannot be presented in a TLS
handshake or used to verify signatures, so callouts that use it fail. The ` + "`expirationDate`" + ` of its meta
file is a placeholder written when the request was created, not an expiry.

## How to fix

Send the CSR to your certificate authority, upload the signed chain in Setup (Certificate and Key
Management, "Upload Signed Certificate"), then retrieve the certificate again so the ` + "`.crt`" + ` holds
` + "`-----BEGIN CERTIFICATE-----`" + `. The private key of the request stays in the org that created it: deploying
the ` + "`.crt`" + ` elsewhere does not move it, so each org needs its own certificate, and the remote side must trust
each org's certificate.

` + "```xml" + `
<?xml version="1.0" encoding="UTF-8"?>
<Certificate xmlns="http://soap.sforce.com/2006/04/metadata">
    <caSigned>true</caSigned>
    <expirationDate>2027-06-30T00:00:00.000Z</expirationDate>
    <keySize>2048</keySize>
    <masterLabel>Partner mTLS</masterLabel>
</Certificate>
` + "```" + `

## References

` + certReferences,
	Check: checkCertificateNotSigned,
}

func checkCertificateNotSigned(pass *lint.Pass) {
	for _, c := range pass.Graph.Tree.Certificates {
		if c.Content.Kind != model.CertCSR {
			continue
		}
		users := refsTo(pass.Graph, c)
		level, impact := lint.LevelNote, "nothing in the tree uses it yet"
		if users.any() {
			level, impact = lint.LevelWarning, users.impactWith("fail")
		}
		placeholder := ""
		if c.ExpirationDate.Present() {
			placeholder = " (its <expirationDate> is a placeholder, not an expiry)"
		}
		pass.Report(lint.Finding{
			Level: level,
			Message: fmt.Sprintf("Certificate %s holds only a certificate signing request%s: the signed chain was never uploaded, "+
				"so %s. Have the CA sign the request, upload the signed certificate in Setup in the org that created "+
				"the request (only that org has its private key) and retrieve it again.",
				c.Name, placeholder, impact),
			Span:     c.Root,
			Related:  users.related,
			Identity: "Certificate:" + c.Name,
		})
	}
}
