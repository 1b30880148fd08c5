package lint

import (
	"slices"
	"strings"
)

// Settings are the facts about a project that rules cannot read from its
// metadata, set in the configuration file. The zero value means none.
type Settings struct {
	// Org lists components that exist in the org but not in source.
	Org Org
	// InstalledPackages are managed packages installed in the org and the
	// named credentials of this project that each one calls.
	InstalledPackages []InstalledPackage
	// EntryClasses are extra Apex classes that run with no interactive user.
	EntryClasses []string
	// IntegrationLicenses are extra permission set licenses that mark a
	// permission set as meant for integration users.
	IntegrationLicenses []string
	// ExpiryWarningDays is how many days before expiry a certificate is
	// reported; 0 means the default.
	ExpiryWarningDays int
	// Policy restricts the endpoints and protocols of named credentials (NC608).
	Policy Policy
}

// Policy lists the endpoint hosts and authentication protocols named
// credentials may use. A nil list is not enforced; an empty one allows nothing.
type Policy struct {
	// AllowedHosts are host names ("api.stripe.com") or patterns for the
	// subdomains of a domain ("*.stripe.com"), lower case.
	AllowedHosts []string
	// AllowedProtocols are authentication protocols (Oauth, AwsSv4, ...).
	AllowedProtocols []string
}

// HostAllowed reports whether host matches AllowedHosts (always true when
// the list is not enforced). "*.stripe.com" matches api.stripe.com and
// a.b.stripe.com, not stripe.com.
func (p Policy) HostAllowed(host string) bool {
	if p.AllowedHosts == nil {
		return true
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, pat := range p.AllowedHosts {
		if suffix, ok := strings.CutPrefix(pat, "*."); ok {
			if strings.HasSuffix(host, "."+suffix) {
				return true
			}
		} else if host == pat {
			return true
		}
	}
	return false
}

// ProtocolAllowed reports whether protocol is in AllowedProtocols,
// ignoring case (always true when the list is not enforced).
func (p Policy) ProtocolAllowed(protocol string) bool {
	return p.AllowedProtocols == nil || InOrg(p.AllowedProtocols, strings.TrimSpace(protocol))
}

// Org lists components that live in the org rather than in source, by
// developer name. Rules treat them as present.
type Org struct {
	NamedCredentials    []string
	ExternalCredentials []string
	Certificates        []string
	PermissionSets      []string
	ExternalServices    []string
	AuthProviders       []string
	// GrantedPrincipals are "ExternalCredential-Principal Name" entries
	// granted outside permission set metadata (on profiles, by hand).
	GrantedPrincipals []string
}

// InstalledPackage is a managed package installed in the org.
type InstalledPackage struct {
	Namespace        string
	NamedCredentials []string
}

// DefaultExpiryWarningDays is the default of Settings.ExpiryWarningDays.
const DefaultExpiryWarningDays = 30

// ExpiryDays returns ExpiryWarningDays, or the default when it is unset.
func (s *Settings) ExpiryDays() int {
	if s.ExpiryWarningDays > 0 {
		return s.ExpiryWarningDays
	}
	return DefaultExpiryWarningDays
}

// InOrg reports whether name is listed (case-insensitively) in names.
func InOrg(names []string, name string) bool {
	return slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, name) })
}

// PrincipalGrantedInOrg reports whether "ec-principal" is listed in
// Org.GrantedPrincipals; the external credential name compares
// case-insensitively, the principal name exactly (as Salesforce does).
func (s *Settings) PrincipalGrantedInOrg(ec, principal string) bool {
	for _, g := range s.Org.GrantedPrincipals {
		e, p, ok := strings.Cut(g, "-")
		if ok && strings.EqualFold(strings.TrimSpace(e), ec) && strings.TrimSpace(p) == principal {
			return true
		}
	}
	return false
}

// IsEntryClass reports whether class is configured as a service entry point.
func (s *Settings) IsEntryClass(class string) bool { return InOrg(s.EntryClasses, class) }
