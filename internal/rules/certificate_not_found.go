package rules

import (
	"fmt"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/model"
)

// CertificateNotFound (NC301) reports certificate references that match no
// certificate in the tree.
var CertificateNotFound = &lint.Rule{
	ID:        "NC301",
	Name:      "certificate-not-found",
	Level:     lint.LevelError,
	Precision: "high",
	Tags:      []string{"certificate", "callout"},
	Short:     "Certificate reference that matches no certificate in the tree",
	Full: "A named credential (ClientCertificate parameter, legacy certificate or jwtSigningCertificate), an external " +
		"credential SigningCertificate parameter or an external data source names a certificate that is not in the tree " +
		"as certs/<Name>.crt-meta.xml. Error when the tree has certificates (the name is probably wrong), warning when it " +
		"has none (certificates may be kept out of source). Without the certificate the deploy fails, or mTLS and JWT " +
		"callouts fail with an SSL handshake or signature error. Identity Provider settings and SAML single sign-on " +
		"configurations are read as certificate users (for NC302-NC304) but not checked here.",
	Help: `## Why it breaks

Credentials name certificates by their **developer name**, the file name of ` + "`certs/<Name>.crt-meta.xml`" + `,
not by the ` + "`masterLabel`" + ` shown in Setup. A reference to a certificate that is not deployed fails the
deploy ("invalid cross reference"), and if the certificate exists only in some orgs, mutual TLS and JWT
callouts fail there with an SSL handshake error or an invalid signature.

## How to fix

Reference the developer name, and commit the certificate (` + "`X.crt`" + ` and ` + "`X.crt-meta.xml`" + `) or make
sure it exists in every target org:

` + "```xml" + `
<namedCredentialParameters>
    <certificate>acme_mtls</certificate>
    <parameterName>ClientCertificate</parameterName>
    <parameterType>ClientCertificate</parameterType>
</namedCredentialParameters>
` + "```" + `

A certificate copied from another org into the tree is not the same certificate: its private key stays behind
and the deploy creates a new key pair, so the remote side must trust each org's certificate.

## References

- Metadata API Developer Guide, NamedCredential (` + "`certificate`" + `, ` + "`jwtSigningCertificate`" + `, ` + "`ClientCertificate`" + ` parameter): https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_namedcredential.htm
- Metadata API Developer Guide, ExternalCredential (` + "`SigningCertificate`" + ` parameter): https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_externalcredential.htm
` + certReferences,
	Check: checkCertificateNotFound,
}

func checkCertificateNotFound(pass *lint.Pass) {
	g := pass.Graph
	level := lint.LevelWarning
	if len(g.Tree.Certificates) > 0 {
		level = lint.LevelError
	}
	for _, r := range g.CertificateRefs() {
		if r.Kind == model.KindIdentityProviderSettings || r.Kind == model.KindSamlSsoConfig {
			continue // read as certificate users only: what a missing one breaks there is not established
		}
		name := r.Ref.Value
		if g.Certificate(name) != nil || g.ForeignNamespace(name) != "" || lint.InOrg(pass.Settings.Org.Certificates, g.Local(name)) {
			continue
		}
		hint := ""
		var related []lint.Related
		if byLabel := g.CertificateByLabel(name); len(byLabel) > 0 {
			hint = fmt.Sprintf(" %q is the label of certificate %s; references use the developer name (the file name).%s",
				name, byLabel[0].Name, didYouMean(byLabel[0].Name))
			related = append(related, lint.Related{Span: byLabel[0].MasterLabel.Span, Message: "certificate with this label"})
		} else if fold := g.CertificateFold(name); len(fold) > 0 {
			hint = didYouMean(fold[0].Name)
			related = append(related, lint.Related{Span: fold[0].Root, Message: "certificate " + fold[0].Name})
		}
		where := "the tree has no certificates, so it must already exist in every target org (if it does, list it under org.certificates in .nclint.yml)"
		if level == lint.LevelError {
			where = "no certs/" + name + ".crt-meta.xml exists"
		}
		pass.Report(lint.Finding{
			Level: level,
			Message: fmt.Sprintf("%s %s references certificate %q in its %s, but %s; the deploy fails or mTLS/JWT callouts "+
				"fail with an SSL handshake or signature error.%s", kindLabel(r.Kind), r.Name, name, r.Element, where, hint),
			Span:     r.Ref.Span,
			Related:  related,
			Identity: string(r.Kind) + ":" + r.Name + "|certificate:" + name,
		})
	}
}

// kindLabel spells a metadata type for messages.
func kindLabel(k model.Kind) string {
	switch k {
	case model.KindNamedCredential:
		return "Named credential"
	case model.KindExternalCredential:
		return "External credential"
	case model.KindExternalDataSource:
		return "External data source"
	}
	return string(k)
}
