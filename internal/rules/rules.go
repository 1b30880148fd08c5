// Package rules holds nclint's rules, one per file, each a *lint.Rule value
// named for what it checks. All returns them; the engine and the reporters
// only ever see that list.
package rules

import (
	"cmp"
	"slices"
	"strings"

	"github.com/nclint/nclint/internal/lint"
)

// all lists every rule. Add a new rule here and in its own file.
var all = []*lint.Rule{
	UnusedSuppression,
	MalformedSuppression,
	ExpiredSuppression,
	ForbiddenSuppression,
	PrincipalNotGranted,
	GrantUnknownPrincipal,
	PrincipalGrantInProfile,
	UserExternalCredentialAccess,
	PerUserPrincipalInServiceContext,
	PerUserPrincipalForIntegrationUser,
	CertificateNotFound,
	CertificateExpired,
	CertificateExpiringSoon,
	CertificateNotSigned,
	NamespaceNotAllowed,
	CalloutsDisabled,
	NamespaceAllowlistMalformed,
	UnresolvedReference,
	ExternalCredentialWithoutPrincipal,
	MultipleExternalCredentials,
	ObsoletePrincipalElement,
	APIVersionTooOld,
	OAuthExternalCredentialIncomplete,
	RefreshStatusCodeInvalid,
	HeaderOverridden,
	SecretInMetadata,
	InsecureEndpoint,
	EndpointQueryString,
	MergeFieldNotAllowed,
	AuthorizationHeaderMissing,
	EndpointBypassesNamedCredential,
	EndpointNotAllowed,
	InvalidMetadata,
	UnknownEnumValue,
	LegacyNamedCredential,
	UnusedExternalCredential,
}

// All returns every rule sorted by ID. The slice is a fresh copy.
func All() []*lint.Rule {
	out := slices.Clone(all)
	slices.SortFunc(out, func(a, b *lint.Rule) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// Lookup finds a rule by ID ("NC901", case-insensitive) or name
// ("invalid-metadata"). It returns nil when there is none.
func Lookup(idOrName string) *lint.Rule {
	for _, r := range all {
		if strings.EqualFold(r.ID, idOrName) || strings.EqualFold(r.Name, idOrName) {
			return r
		}
	}
	return nil
}

// LookupID resolves a rule ID or name to the rule's ID, for configuration.
func LookupID(idOrName string) (string, bool) {
	if r := Lookup(idOrName); r != nil {
		return r.ID, true
	}
	return "", false
}
