package rules

import (
	"fmt"
	"strings"
	"time"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/model"
)

// certExpiry returns when c expires and according to what (model.Certificate.Expiry).
func certExpiry(c *model.Certificate) (t time.Time, source string, ok bool) { return c.Expiry() }

// certSpan is where expiry findings point: the meta file's expirationDate
// element when present, else its root element.
func certSpan(c *model.Certificate) model.Text {
	if c.ExpirationDate.Present() {
		return c.ExpirationDate
	}
	return model.Text{Span: c.Root}
}

// certUsers describes who uses one certificate.
type certUsers struct {
	// related are the referencing elements, in location order.
	related []lint.Related
	// callers are the credentials and data sources that call out with it.
	callers []string
	// others say what the other consumers (Identity Provider settings,
	// SAML single sign-on configurations) do with it.
	others []string
	// active is set when at least one consumer is in use (every consumer
	// except Identity Provider settings whose identity provider is off).
	active bool
}

// any reports whether anything in the tree references the certificate.
func (u certUsers) any() bool { return len(u.related) > 0 }

// impact says what the consumers lose, e.g. "callouts through A, B fail with
// an SSL handshake or signature error; the Identity Provider settings sign
// SAML assertions with it". verb is "fail" or "will fail".
func (u certUsers) impact(verb string) string {
	return u.impactWith(verb + " with an SSL handshake or signature error")
}

// impactWith is impact with the callouts' outcome given in full ("fail").
func (u certUsers) impactWith(outcome string) string {
	var parts []string
	if len(u.callers) > 0 {
		parts = append(parts, "callouts through "+strings.Join(u.callers, ", ")+" "+outcome)
	}
	parts = append(parts, u.others...)
	return strings.Join(parts, "; ")
}

// refsTo returns who references certificate c.
func refsTo(g *graph.Graph, c *model.Certificate) certUsers {
	var u certUsers
	seen := map[string]bool{}
	for _, r := range g.CertificateRefs() {
		if g.Certificate(r.Ref.Value) != c {
			continue
		}
		label := consumerLabel(r.Kind, r.Name)
		verb := " uses"
		if r.Kind == model.KindIdentityProviderSettings {
			verb = " use" // "settings" is plural
		}
		u.related = append(u.related, lint.Related{Span: r.Ref.Span, Message: label + verb + " the certificate (" + r.Element + ")"})
		key := string(r.Kind) + ":" + r.Name
		if seen[key] {
			continue
		}
		seen[key] = true
		switch r.Kind {
		case model.KindIdentityProviderSettings:
			if idpEnabled(g, r.Name) {
				u.others = append(u.others, "the Identity Provider settings sign the SAML assertions the org issues with it")
				u.active = true
			} else {
				u.others = append(u.others, "the Identity Provider settings name it (identity provider off), so it cannot simply be deleted")
			}
		case model.KindSamlSsoConfig:
			u.others = append(u.others, fmt.Sprintf("%s uses it (%s)", label, r.Element))
			u.active = true
		default:
			u.callers = append(u.callers, r.Name)
			u.active = true
		}
	}
	return u
}

// idpEnabled reports whether the Identity Provider settings called name
// turn the identity provider on.
func idpEnabled(g *graph.Graph, name string) bool {
	for _, s := range g.Tree.IdentityProviderSettings {
		if s.Name == name {
			return s.EnableIdentityProvider.Bool()
		}
	}
	return false
}

// consumerLabel names a certificate consumer for messages.
func consumerLabel(k model.Kind, name string) string {
	switch k {
	case model.KindIdentityProviderSettings:
		return "Identity Provider settings"
	case model.KindSamlSsoConfig:
		return "SAML single sign-on configuration " + name
	}
	return kindLabel(k) + " " + name
}

// unreadConsumers counts the components that might reference a certificate
// but could not be read (not well-formed, wrong root element), and the
// files nclint could not read at all: while any exist, nclint cannot say
// that nothing uses a certificate.
func unreadConsumers(t *model.Tree) int {
	n := 0
	for _, m := range consumerMetas(t) {
		if m.Unparsed {
			n++
		}
	}
	for _, nt := range t.Notices {
		if !nt.Warning {
			n++
		}
	}
	return n
}

func consumerMetas(t *model.Tree) []model.Meta {
	var out []model.Meta
	for _, c := range t.NamedCredentials {
		out = append(out, c.Meta)
	}
	for _, c := range t.ExternalCredentials {
		out = append(out, c.Meta)
	}
	for _, c := range t.ExternalDataSources {
		out = append(out, c.Meta)
	}
	for _, c := range t.IdentityProviderSettings {
		out = append(out, c.Meta)
	}
	for _, c := range t.SamlSsoConfigs {
		out = append(out, c.Meta)
	}
	return out
}

// unusedCertificate says, for a certificate nothing in the tree
// references, why nclint still does not advise deleting it.
func unusedCertificate(t *model.Tree) string {
	if n := unreadConsumers(t); n > 0 {
		return fmt.Sprintf("Nothing nclint could read references it, but %d file(s) could not be read, so it may still be in use; renew it.", n)
	}
	return "Nothing in the tree references it, but connected apps, Apex code and settings kept only in the org may use it: " +
		"renew it, or check the org before deleting it."
}

// certKeyAdvice is the fix advice shared by the certificate rules.
const certKeyAdvice = "Deploying a .crt does not move its private key: each org generates its own key pair, so create the " +
	"certificate in each org and have the remote side trust each org's certificate."

// certReferences are the sources shared by the certificate rules' Help.
const certReferences = `- Metadata API Developer Guide, Certificate ("Salesforce doesn't allow importing or exporting private keys through the API"; for a CA-signed certificate the .crt holds the certificate signing request): https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_certificate.htm
- forcedotcom/cli issue 3025 (a certificate deployed to a scratch org gets a Salesforce-generated key pair; JWT signing then fails with "Invalid JWT Signature"): https://github.com/forcedotcom/cli/issues/3025
- Metadata API Developer Guide, SamlSsoConfig (` + "`decryptionCertificate`" + ` names a certificate): https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_samlssoconfig.htm
- Identity Provider settings (` + "`settings/IdentityProvider.settings-meta.xml`" + `, ` + "`certificateName`" + `) as retrieved in public repositories (makarchukandeverrest/ppm)
`
