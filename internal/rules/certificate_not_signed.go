package rules

import (
	"fmt"
	"strings"

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
	Short:     "Referenced certificate that is only a signing request",
	Full: "A certificate that a credential references holds only a certificate signing request " +
		"(-----BEGIN CERTIFICATE REQUEST-----): it is a CA-signed certificate whose signed chain was never uploaded. " +
		"mTLS and JWT callouts with it fail.",
	Help: `## Why it breaks

When you create a CA-signed certificate in Salesforce, the ` + "`.crt`" + ` file contains the certificate signing
request until the certificate authority's signed chain is uploaded. A CSR cannot be presented in a TLS
handshake or used to verify signatures, so callouts that use it fail.

## How to fix

Send the CSR to your certificate authority, upload the signed chain in Setup (Certificate and Key
Management, "Upload Signed Certificate"), then retrieve the certificate again so the ` + "`.crt`" + ` holds
` + "`-----BEGIN CERTIFICATE-----`" + `:

` + "```xml" + `
<?xml version="1.0" encoding="UTF-8"?>
<Certificate xmlns="http://soap.sforce.com/2006/04/metadata">
    <caSigned>true</caSigned>
    <expirationDate>2027-06-30T00:00:00.000Z</expirationDate>
    <keySize>2048</keySize>
    <masterLabel>Partner mTLS</masterLabel>
</Certificate>
` + "```" + `
`,
	Check: checkCertificateNotSigned,
}

func checkCertificateNotSigned(pass *lint.Pass) {
	for _, c := range pass.Graph.Tree.Certificates {
		if c.Content.Kind != model.CertCSR {
			continue
		}
		related, users := refsTo(pass.Graph, c)
		if len(users) == 0 {
			continue
		}
		pass.Report(lint.Finding{
			Message: fmt.Sprintf("Certificate %s holds only a certificate signing request: the signed chain was never uploaded, "+
				"so callouts through %s fail. Upload the CA-signed certificate in Setup and retrieve it again.",
				c.Name, strings.Join(users, ", ")),
			Span:     c.Root,
			Related:  related,
			Identity: "Certificate:" + c.Name,
		})
	}
}
