package project

import (
	"path"
	"strings"

	"github.com/nclint/nclint/internal/model"
)

// suffixType maps a file name ending to a metadata type.
type suffixType struct {
	suffix string
	kind   model.Kind
	role   Role
}

// sourceSuffixes are recognised in any folder. Matching is case-sensitive,
// with the exact camelCase of the Salesforce CLI's metadata registry.
var sourceSuffixes = []suffixType{
	{".namedCredential-meta.xml", model.KindNamedCredential, RoleComponent},
	{".externalCredential-meta.xml", model.KindExternalCredential, RoleComponent},
	{".permissionset-meta.xml", model.KindPermissionSet, RoleComponent},
	{".permissionsetgroup-meta.xml", model.KindPermissionSetGroup, RoleComponent},
	{".mutingpermissionset-meta.xml", model.KindMutingPermissionSet, RoleComponent},
	{".profile-meta.xml", model.KindProfile, RoleComponent},
	{".crt-meta.xml", model.KindCertificate, RoleComponent},
	{".crt", model.KindCertificate, RoleContent},
	{".externalServiceRegistration-meta.xml", model.KindExternalServiceRegistration, RoleComponent},
	{".dataSource-meta.xml", model.KindExternalDataSource, RoleComponent},
	{".authprovider-meta.xml", model.KindAuthProvider, RoleComponent},
	{".externalAuthIdentityProvider-meta.xml", model.KindExternalAuthIdentityProvider, RoleComponent},
	{".outboundNetworkConnection-meta.xml", model.KindOutboundNetworkConnection, RoleComponent},
	{".flow-meta.xml", model.KindFlow, RoleComponent},
	{".cls", model.KindApexClass, RoleComponent},
	{".trigger", model.KindApexTrigger, RoleComponent},
	{".samlssoconfig-meta.xml", model.KindSamlSsoConfig, RoleComponent},
	{".platformEventSubscriberConfig-meta.xml", model.KindPlatformEventSubscriberConfig, RoleComponent},
}

// mdapiType is a Metadata API file name ending ("X.namedCredential") and
// the type folder the file must sit in directly.
type mdapiType struct {
	kind model.Kind
	dir  string // compared case-insensitively
}

// mdapiSuffixes are recognised only directly inside their type folder, as
// the Salesforce CLI does for Metadata API names inside a source tree.
var mdapiSuffixes = map[string]mdapiType{
	".namedCredential":              {model.KindNamedCredential, "namedCredentials"},
	".externalCredential":           {model.KindExternalCredential, "externalCredentials"},
	".permissionset":                {model.KindPermissionSet, "permissionsets"},
	".permissionsetgroup":           {model.KindPermissionSetGroup, "permissionsetgroups"},
	".mutingpermissionset":          {model.KindMutingPermissionSet, "mutingpermissionsets"},
	".profile":                      {model.KindProfile, "profiles"},
	".externalServiceRegistration":  {model.KindExternalServiceRegistration, "externalServiceRegistrations"},
	".dataSource":                   {model.KindExternalDataSource, "dataSources"},
	".authprovider":                 {model.KindAuthProvider, "authproviders"},
	".externalAuthIdentityProvider": {model.KindExternalAuthIdentityProvider, "externalAuthIdentityProviders"},
	".outboundNetworkConnection":    {model.KindOutboundNetworkConnection, "outboundNetworkConnections"},
	".flow":                         {model.KindFlow, "flows"},
	".samlssoconfig":                {model.KindSamlSsoConfig, "samlssoconfigs"},
	// PlatformEventSubscriberConfig sets a platform event trigger's running user.
	".platformEventSubscriberConfig": {model.KindPlatformEventSubscriberConfig, "platformEventSubscriberConfigs"},
}

// Of the Settings type only the Identity Provider settings are read (they
// name the certificate that signs SAML assertions): the source file in any
// folder, the Metadata API file directly inside settings/.
const (
	idpSettingsSource = "IdentityProvider.settings-meta.xml"
	idpSettingsMdapi  = "IdentityProvider.settings"
)

// fragmentSuffixes are the child-type suffixes of decomposed permission
// set files: X.<suffix>-meta.xml under permissionsets/<PS>/. The first
// fourteen are decomposePermissionSetBeta's (one file per entry, in
// per-type folders); decomposePermissionSetBeta2 uses the same names at the
// top of the folder plus customPermissions and objectSettings.
var fragmentSuffixes = map[string]bool{
	"applicationVisibility":             true,
	"classAccess":                       true,
	"customMetadataTypeAccess":          true,
	"customPermission":                  true,
	"customSettingAccess":               true,
	"externalCredentialPrincipalAccess": true,
	"externalDataSourceAccess":          true,
	"fieldPermission":                   true,
	"flowAccess":                        true,
	"objectPermission":                  true,
	"pageAccess":                        true,
	"recordTypeVisibility":              true,
	"tabSetting":                        true,
	"userPermission":                    true,
	// Beta2 only.
	"customPermissions": true,
	"objectSettings":    true,
}

const metaXML = "-meta.xml"

// Classify recognises a metadata file by its path alone. rel is
// slash-separated (normally relative to the project root; only the file
// name and its parent folders are looked at). The returned File has Path,
// Kind, Name and Role set; ok is false for files nclint does not read.
//
// The rules follow the Salesforce CLI's resolver: source-format suffixes
// (Name.namedCredential-meta.xml, Name.crt, Name.cls, ...) count in any
// folder; Metadata API names without "-meta.xml" (Name.namedCredential)
// count only directly inside their type folder (namedCredentials/, compared
// case-insensitively); files with a decomposed permission set child suffix
// under permissionsets/<PS>/ are fragments of <PS>. The name is the file
// name without the suffix, kept as written (it may contain dots, spaces
// and %2F escapes).
func Classify(rel string) (f File, ok bool) {
	base := path.Base(rel)
	if base == idpSettingsSource || base == idpSettingsMdapi && strings.EqualFold(path.Base(path.Dir(rel)), "settings") {
		return File{Path: rel, Kind: model.KindIdentityProviderSettings, Name: "IdentityProvider", Role: RoleComponent}, true
	}
	for _, s := range sourceSuffixes {
		if len(base) > len(s.suffix) && strings.HasSuffix(base, s.suffix) {
			return File{Path: rel, Kind: s.kind, Name: base[:len(base)-len(s.suffix)], Role: s.role}, true
		}
	}
	if strings.HasSuffix(base, metaXML) {
		stem := base[:len(base)-len(metaXML)]
		if dot := strings.LastIndexByte(stem, '.'); dot > 0 && fragmentSuffixes[stem[dot+1:]] {
			if _, ps := permSetFolder(rel); ps != "" {
				return File{Path: rel, Kind: model.KindPermissionSet, Name: ps, Role: RoleFragment}, true
			}
		}
		return File{}, false
	}
	if dot := strings.LastIndexByte(base, '.'); dot > 0 {
		if t, found := mdapiSuffixes[base[dot:]]; found && strings.EqualFold(path.Base(path.Dir(rel)), t.dir) {
			return File{Path: rel, Kind: t.kind, Name: base[:dot], Role: RoleComponent}, true
		}
	}
	return File{}, false
}

// permSetFolder finds the decomposed permission set folder holding the
// file rel: the deepest "permissionsets/<PS>" (case-insensitive folder
// name) among rel's parent folders. It returns the folder path and <PS>,
// or "" when there is none.
func permSetFolder(rel string) (folder, ps string) {
	dir := path.Dir(rel)
	if dir == "." {
		return "", ""
	}
	segs := strings.Split(dir, "/")
	for i := len(segs) - 2; i >= 0; i-- {
		if strings.EqualFold(segs[i], "permissionsets") && segs[i+1] != "" {
			return strings.Join(segs[:i+2], "/"), segs[i+1]
		}
	}
	return "", ""
}

// Decomposition layouts of permission sets.
const (
	layoutBeta  = "decomposePermissionSetBeta"
	layoutBeta2 = "decomposePermissionSetBeta2"
)

// fragmentLayout says which preset wrote the fragment at rel inside folder:
// Beta2 puts <PS>.<child>-meta.xml at the top of the folder and object
// settings in objectSettings/; Beta v1 uses one folder per child type.
func fragmentLayout(folder, rel string) string {
	rest := strings.TrimPrefix(rel, folder+"/")
	first, _, nested := strings.Cut(rest, "/")
	if !nested || strings.EqualFold(first, "objectSettings") {
		return layoutBeta2
	}
	return layoutBeta
}
