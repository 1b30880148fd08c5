package rules

import (
	"strings"

	"github.com/nclint/nclint/internal/model"
)

// allowlistParameterType is the named credential parameter type that lists
// the managed-package namespaces allowed to call it.
const allowlistParameterType = "AllowedManagedPackageNamespaces"

// allowsNamespace reports whether nc lists ns in an
// AllowedManagedPackageNamespaces parameter (namespaces compare
// case-insensitively, surrounding spaces ignored).
func allowsNamespace(nc *model.NamedCredential, ns string) bool {
	for _, p := range nc.ParametersOfType(allowlistParameterType) {
		if strings.EqualFold(strings.TrimSpace(p.Value.Value), ns) {
			return true
		}
	}
	return false
}

// allowlistValues returns the quoted allowlist values of nc, for messages.
func allowlistValues(nc *model.NamedCredential) []string {
	var out []string
	for _, p := range nc.ParametersOfType(allowlistParameterType) {
		out = append(out, `"`+p.Value.Value+`"`)
	}
	return out
}
