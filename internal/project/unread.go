package project

import (
	"strings"

	"github.com/nclint/nclint/internal/model"
)

// folderKinds maps a type folder name (lower case) to the metadata types
// it holds.
var folderKinds = func() map[string][]model.Kind {
	m := map[string][]model.Kind{
		"classes":              {model.KindApexClass},
		"triggers":             {model.KindApexTrigger},
		"certs":                {model.KindCertificate},
		"permissionsets":       {model.KindPermissionSet},
		"mutingpermissionsets": {model.KindMutingPermissionSet},
	}
	for _, t := range mdapiSuffixes {
		k := strings.ToLower(t.dir)
		if _, ok := m[k]; !ok {
			m[k] = []model.Kind{t.kind}
		}
	}
	return m
}()

// FolderKinds returns the metadata types a folder of this name holds
// (classes: ApexClass; namedCredentials: NamedCredential), or nil for a
// folder that is not a type folder and may hold anything.
func FolderKinds(name string) []model.Kind {
	return folderKinds[strings.ToLower(name)]
}
