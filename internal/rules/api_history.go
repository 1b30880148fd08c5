package rules

//go:generate go run ./apihistory/genapiversions -in ../../docs/metadata-api-history.md -out api_versions.go

// The Metadata API version history of the types nclint reads, for rule
// NC505 (api-version-too-old). The table itself (api_versions.go) is
// generated from docs/metadata-api-history.md, a copy of the project
// reference derived from the WSDL of every API version (forcedotcom/wsdl);
// TestAPIVersionTableUpToDate checks that the two agree.

// apiVersions is a set of API versions: bit v-apiHistoryFirst is set when
// version v has the element or value. text is the history's notation, e.g. "58+".
type apiVersions struct {
	mask uint64
	text string
}

// has reports whether version v has it.
func (vs apiVersions) has(v int) bool {
	b := v - apiHistoryFirst
	return b >= 0 && b < 64 && vs.mask&(1<<uint(b)) != 0
}

// nextFrom returns the first version at or after v that has it, or 0
// when no version from v to the newest the history covers has it.
func (vs apiVersions) nextFrom(v int) int {
	for ; v <= apiHistoryLast; v++ {
		if vs.has(v) {
			return v
		}
	}
	return 0
}

// apiType is a WSDL complex type.
type apiType struct {
	versions apiVersions
	elements map[string]apiElement
}

// apiElement is one element of a complex type; typ is its WSDL type (a
// complex type, an enumeration or a simple type such as "string").
type apiElement struct {
	versions apiVersions
	typ      string
}

// apiEnum is a WSDL enumeration.
type apiEnum struct {
	versions apiVersions
	values   map[string]apiVersions
}
