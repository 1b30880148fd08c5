package access

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/model"
)

// Kinds of checklist items.
const (
	ItemPrincipal   = "principal"
	ItemCertificate = "certificate"
	ItemNamespace   = "namespace"
	ItemCallouts    = "callouts"
)

// Item is one manual step after a deploy.
type Item struct {
	Kind string `json:"kind"`
	// Subject is what the step is about: "EC-Principal", a certificate or
	// namespace name, or the named credential.
	Subject string `json:"subject"`
	// Text says what to do, in one sentence.
	Text string `json:"text"`
}

// Section is the steps for one named credential.
type Section struct {
	NamedCredential string `json:"namedCredential"`
	URL             string `json:"url"`
	Items           []Item `json:"items"`
}

// Checklist returns what must be done by hand after deploying the project
// to a new org, because metadata cannot carry it, grouped by named
// credential (sorted by name; named credentials with nothing to do are
// left out).
func (ix *Index) Checklist() []Section {
	g := ix.g
	var out []Section
	for _, nc := range sortedNCs(g) {
		url, _ := shownURL(nc)
		s := Section{NamedCredential: nc.Name, URL: url}
		add := func(kind, subject, format string, args ...any) {
			s.Items = append(s.Items, Item{Kind: kind, Subject: subject, Text: fmt.Sprintf(format, args...)})
		}
		if nc.IsLegacy() {
			switch {
			case nc.PrincipalType.Is("NamedUser"):
				add(ItemPrincipal, nc.Name, "Legacy named credential with a named principal. An admin enters its credentials (or authenticates) in Setup (Named Credentials): they do not deploy.")
			case nc.PrincipalType.Is("PerUser"):
				add(ItemPrincipal, nc.Name, "Legacy per-user named credential. Each user authenticates in their personal settings (Authentication Settings for External Systems).")
			}
		} else if refs := graph.AuthenticationOf(nc); len(refs) > 0 {
			if ec := g.ExternalCredential(refs[0].Value); ec != nil {
				principals := ec.Principals()
				if ec.StoresNoCredential() {
					// No Authentication: no credential to enter or
					// authorize; the grants deploy with the permission sets.
					principals = nil
				}
				for _, p := range principals {
					ref := ec.Name + "-" + p.Name.Value
					switch {
					case p.Type.Is(model.PerUserPrincipal):
						who := ix.grantedBy(ec, p.Name.Value)
						if len(who) == 0 {
							add(ItemPrincipal, ref, "Per-user principal. Each user authorizes it in their personal settings (External Credentials); no permission set in the tree grants it.")
						} else {
							add(ItemPrincipal, ref, "Per-user principal. Each user granted it (%s) authorizes it in their personal settings (External Credentials).", strings.Join(GrantorNames(who), ", "))
						}
					case ec.AuthenticationProtocol.Is("Oauth"):
						add(ItemPrincipal, ref, "OAuth named principal. An admin authenticates it in Setup (External Credentials, %s): OAuth tokens do not deploy.", ec.Name)
					default:
						add(ItemPrincipal, ref, "%s. An admin enters its credentials in Setup (External Credentials, %s): they do not deploy.", principalKind(p), ec.Name)
					}
				}
				for _, c := range ix.certs(ecCertRefs(ec)) {
					certItem(add, c, nc.Name)
				}
			}
		}
		for _, c := range ix.certs(ncCertRefs(nc)) {
			certItem(add, c, nc.Name)
		}
		var namespaces []string
		for _, p := range nc.ParametersOfType("AllowedManagedPackageNamespaces") {
			// One prefix per parameter is the retrieved form; a list in
			// one value (NC403) still names packages to install.
			namespaces = append(namespaces, strings.FieldsFunc(p.Value.Value, func(r rune) bool {
				return r == ',' || r == ';' || r == ' ' || r == '\t' || r == '\n'
			})...)
		}
		for _, pkg := range ix.settings.InstalledPackages {
			for _, name := range pkg.NamedCredentials {
				if g.NamedCredential(name) == nc {
					namespaces = append(namespaces, pkg.Namespace)
				}
			}
		}
		slices.Sort(namespaces)
		for _, ns := range slices.Compact(namespaces) {
			add(ItemNamespace, ns, "Namespace of a managed package. Install the package in the org and check that %s allows it (an AllowedManagedPackageNamespaces parameter with the value %s).", nc.Name, ns)
		}
		if nc.CalloutStatus.Is("Disabled") {
			add(ItemCallouts, nc.Name, "Deployed with callouts disabled (calloutStatus Disabled). Enable callouts in Setup once the credentials are in place.")
		}
		if len(s.Items) > 0 {
			out = append(out, s)
		}
	}
	return out
}

func principalKind(p model.ExternalCredentialParameter) string {
	if p.Type.Is(model.AwsStsPrincipal) {
		return "AWS STS principal"
	}
	return "Named principal"
}

func certItem(add func(kind, subject, format string, args ...any), c RowCert, nc string) {
	if !c.InTree {
		add(ItemCertificate, c.Name, "Certificate not in the tree. Create it in the org (Certificate and Key Management) and have the service behind %s trust it.", nc)
		return
	}
	if c.SigningRequest {
		add(ItemCertificate, c.Name, "Certificate not signed (the .crt holds only a certificate signing request). %s cannot work until "+
			"the CA signs the request and the signed certificate is uploaded in Setup (Certificate and Key Management): each org has its "+
			"own key pair, so do it for each org's request, and have the service behind %s trust the signed certificate.", nc, nc)
		return
	}
	if c.Expired {
		add(ItemCertificate, c.Name, "Certificate expired on %s. Renew it: create a new certificate in each org, have the service behind %s trust it and point the references at it.", c.Expires, nc)
		return
	}
	add(ItemCertificate, c.Name, "Certificate. Create it in each org (deploying the .crt does not move its private key: each org has its own key pair) and have the service behind %s trust that org's certificate.", nc)
}
