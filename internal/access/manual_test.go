package access

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/model"
)

// manualTree holds what the post-deploy checklist and the inventory must
// tell apart (as testdata/access/manual does on disk):
//   - Track_EC: Custom with the NoAuthentication variant (stores no credential);
//   - Quote_EC: Custom without it, and Pay_EC: Oauth with another variant;
//   - Vault_API: a client certificate whose .crt is only a signing request;
//     Quote_API: a signed one;
//   - Warehouse_API: two Authentication parameters (NC503), Quote_EC then Track_EC.
func manualTree() *model.Tree {
	tree := &model.Tree{}
	nc := func(name, cert string, ecs ...string) {
		f := "nc/" + name + ".xml"
		n := &model.NamedCredential{Meta: model.Meta{Kind: model.KindNamedCredential, Name: name, File: f},
			Type: text("SecuredEndpoint", f, 2), CalloutStatus: text("Enabled", f, 3),
			Parameters: []model.NamedCredentialParameter{{Name: text("Url", f, 4), Type: text("Url", f, 5), Value: text("https://"+strings.ToLower(name)+".example.com", f, 6)}}}
		if cert != "" {
			n.Parameters = append(n.Parameters, model.NamedCredentialParameter{Name: text("ClientCertificate", f, 7), Type: text("ClientCertificate", f, 8), Certificate: text(cert, f, 9)})
		}
		for i, ec := range ecs {
			n.Parameters = append(n.Parameters, model.NamedCredentialParameter{Name: text("Auth"+ec, f, 10+3*i), Type: text("Authentication", f, 11+3*i), ExternalCredential: text(ec, f, 12+3*i)})
		}
		tree.NamedCredentials = append(tree.NamedCredentials, n)
	}
	ec := func(name, protocol, variant string) {
		f := "ec/" + name + ".xml"
		e := &model.ExternalCredential{Meta: model.Meta{Kind: model.KindExternalCredential, Name: name, File: f}, AuthenticationProtocol: text(protocol, f, 2)}
		if variant != "" {
			e.Parameters = append(e.Parameters, model.ExternalCredentialParameter{Name: text(protocol, f, 3), Type: text("AuthProtocolVariant", f, 4), Value: text(variant, f, 5)})
		}
		e.Parameters = append(e.Parameters, model.ExternalCredentialParameter{Name: text("Service", f, 6), Type: text(model.NamedPrincipal, f, 7)})
		tree.ExternalCredentials = append(tree.ExternalCredentials, e)
	}
	cert := func(name string, kind model.CertContentKind) {
		f := "certs/" + name + ".crt-meta.xml"
		c := &model.Certificate{Meta: model.Meta{Kind: model.KindCertificate, Name: name, File: f}, Content: model.CertContent{Kind: kind}}
		if kind == model.CertPEM {
			c.Content.NotAfter = time.Date(2031, 6, 30, 0, 0, 0, 0, time.UTC)
		} else {
			c.ExpirationDate = text("2027-01-01T00:00:00.000Z", f, 4) // a placeholder
		}
		tree.Certificates = append(tree.Certificates, c)
	}
	ec("Track_EC", "Custom", "NoAuthentication")
	ec("Quote_EC", "Custom", "")
	ec("Pay_EC", "Oauth", "ClientCredentialsClientSecret")
	cert("quote_mtls", model.CertPEM)
	cert("vault_csr", model.CertCSR)
	nc("Track_API", "", "Track_EC")
	nc("Quote_API", "quote_mtls", "Quote_EC")
	nc("Pay_API", "", "Pay_EC")
	nc("Vault_API", "vault_csr", "Quote_EC")
	nc("Warehouse_API", "", "Quote_EC", "Track_EC")
	return tree
}

func manualIndex() *Index {
	return NewWith(graph.New(manualTree()), nil, Options{Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
}

// TestChecklistNoAuthentication: a principal of a No Authentication
// external credential gets no "enter its credentials" step (Track_API has
// nothing else to do, so no section); Custom without the variant and
// OAuth keep theirs.
func TestChecklistNoAuthentication(t *testing.T) {
	steps := map[string][]Item{}
	for _, s := range manualIndex().Checklist() {
		steps[s.NamedCredential] = s.Items
	}
	if items, ok := steps["Track_API"]; ok {
		t.Errorf("Track_API (No Authentication) has checklist steps %+v, want none", items)
	}
	for nc, want := range map[string]string{
		"Quote_API": "Named principal. An admin enters its credentials in Setup (External Credentials, Quote_EC)",
		"Pay_API":   "OAuth named principal. An admin authenticates it in Setup (External Credentials, Pay_EC)",
	} {
		items := steps[nc]
		if len(items) == 0 || items[0].Kind != ItemPrincipal || !strings.HasPrefix(items[0].Text, want) {
			t.Errorf("%s: first step %+v, want a principal step %q…", nc, items, want)
		}
	}
}

// TestChecklistSigningRequest: a certificate that is only a signing
// request must be signed by the CA and uploaded before the named
// credential works; a signed one is to be created in each org.
func TestChecklistSigningRequest(t *testing.T) {
	certStep := map[string]string{}
	for _, s := range manualIndex().Checklist() {
		for _, it := range s.Items {
			if it.Kind == ItemCertificate {
				certStep[it.Subject] = it.Text
			}
		}
	}
	csr := certStep["vault_csr"]
	for _, want := range []string{"not signed", "Vault_API cannot work until the CA signs the request and the signed certificate is uploaded"} {
		if !strings.Contains(csr, want) {
			t.Errorf("vault_csr step %q does not say %q", csr, want)
		}
	}
	if strings.Contains(csr, "Create it in each org") {
		t.Errorf("vault_csr step %q tells to create the certificate, not to have it signed", csr)
	}
	if signed := certStep["quote_mtls"]; !strings.HasPrefix(signed, "Certificate. Create it in each org") {
		t.Errorf("quote_mtls step %q, want the create-in-each-org step", signed)
	}
}

// TestInventoryManual: every Authentication parameter's
// external credential is listed; externalCredential stays the first.
// The certificate that is only a signing
// request is marked so, and has no expiry.
func TestInventoryManual(t *testing.T) {
	rows := map[string]Row{}
	for _, r := range manualIndex().Inventory() {
		rows[r.Name] = r
	}
	for nc, want := range map[string][]string{
		"Warehouse_API": {"Quote_EC", "Track_EC"},
		"Quote_API":     {"Quote_EC"},
		"Track_API":     {"Track_EC"},
	} {
		r := rows[nc]
		if !slices.Equal(r.ExternalCredentials, want) || r.ExternalCredential != want[0] {
			t.Errorf("%s: externalCredential %q, externalCredentials %q; want %q, %q", nc, r.ExternalCredential, r.ExternalCredentials, want[0], want)
		}
	}
	certs := map[string]RowCert{}
	for _, r := range rows {
		for _, c := range r.Certificates {
			certs[c.Name] = c
		}
	}
	if c := certs["vault_csr"]; !c.SigningRequest || c.Expires != "" || c.Expired {
		t.Errorf("vault_csr = %+v, want a signing request without expiry", c)
	}
	if c := certs["quote_mtls"]; c.SigningRequest || c.Expires != "2031-06-30" {
		t.Errorf("quote_mtls = %+v, want a signed certificate expiring 2031-06-30", c)
	}
}
