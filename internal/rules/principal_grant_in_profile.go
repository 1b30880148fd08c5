package rules

import (
	"fmt"

	"github.com/nclint/nclint/internal/lint"
)

// PrincipalGrantInProfile (NC103) reports externalCredentialPrincipalAccesses
// elements in profiles, which the Metadata API does not support.
var PrincipalGrantInProfile = &lint.Rule{
	ID:        "NC103",
	Name:      "principal-grant-in-profile",
	Level:     lint.LevelError,
	Precision: "very-high",
	Tags:      []string{"access", "deploy"},
	Short:     "External credential principal granted in a profile file",
	Full: "A profile contains an externalCredentialPrincipalAccesses element. The Metadata API has no such " +
		"element on Profile: the deploy fails or the grant is silently dropped, and callouts that worked in the org " +
		"where the grant was made by hand fail in the others before any request is sent.",
	Help: `## Why it breaks

Salesforce lets an admin enable an external credential principal on a profile in Setup, but that
assignment is not part of the Profile metadata type. An ` + "`externalCredentialPrincipalAccesses`" + `
element in a ` + "`.profile-meta.xml`" + ` is rejected by the deploy or ignored, so the grant never reaches
the target org.

## How to fix

Move the grant to a permission set (and assign the permission set, or add it to a permission set group):

` + "```xml" + `
<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <externalCredentialPrincipalAccesses>
        <enabled>true</enabled>
        <externalCredentialPrincipal>Billing_EC-Billing Service</externalCredentialPrincipal>
    </externalCredentialPrincipalAccesses>
    <label>Billing Integration</label>
</PermissionSet>
` + "```" + `

## References

- Metadata API WSDLs (forcedotcom/wsdl, API 59-66): ` + "`externalCredentialPrincipalAccesses`" + ` exists on PermissionSet only,
  never on Profile.
- Gearset documentation, "Why can't I deploy External Credential Principal mappings on the Profile metadata type?".
- Salesforce Help, "Enable External Credential Principals" (` + "`nc_enable_ext_cred_principal`" + `): profiles can be given
  principals in Setup.
`,
	Check: checkPrincipalGrantInProfile,
}

func checkPrincipalGrantInProfile(pass *lint.Pass) {
	for _, prof := range pass.Graph.Tree.Profiles {
		for _, a := range prof.PrincipalAccesses {
			pass.Report(lint.Finding{
				Message: fmt.Sprintf("Profile %q grants external credential principal %q, but the Metadata API has no "+
					"externalCredentialPrincipalAccesses on Profile: the deploy fails or drops the grant. Move it to a permission set.",
					prof.Name, a.Principal.Value),
				Span:     a.Span,
				Identity: "Profile:" + prof.Name + "|grant:" + a.Principal.Value,
			})
		}
	}
}
