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

// listsNamespace reports whether an allowlist value of nc that holds
// several namespaces ("acme, billing") names ns among them. Whether
// Salesforce accepts such a value is not established, so NC401 leaves
// those callers alone and NC403 reports the value's form.
func listsNamespace(nc *model.NamedCredential, ns string) bool {
	for _, p := range nc.ParametersOfType(allowlistParameterType) {
		for _, v := range strings.FieldsFunc(p.Value.Value, isListSeparator) {
			if strings.EqualFold(v, ns) {
				return true
			}
		}
	}
	return false
}

func isListSeparator(r rune) bool {
	return r == ',' || r == ';' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
}

// allowlistValues returns the quoted allowlist values of nc, for messages.
func allowlistValues(nc *model.NamedCredential) []string {
	var out []string
	for _, p := range nc.ParametersOfType(allowlistParameterType) {
		out = append(out, `"`+p.Value.Value+`"`)
	}
	return out
}
