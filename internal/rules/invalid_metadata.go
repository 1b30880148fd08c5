package rules

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
)

// InvalidMetadata (NC901) reports metadata that Salesforce or the Salesforce
// CLI rejects before any rule about credentials can matter: files that are
// not well-formed XML, wrong root elements, missing required elements,
// duplicate principal names, certificate meta files without their .crt, and
// decomposed permission set files in a project that does not declare the
// decompose preset.
var InvalidMetadata = &lint.Rule{
	ID:        "NC901",
	Name:      "invalid-metadata",
	Level:     lint.LevelError,
	Precision: "very-high",
	Tags:      []string{"metadata", "deploy"},
	Short:     "Metadata file that Salesforce or the Salesforce CLI rejects",
	Full: "A credential-related metadata file is not well-formed XML, has the wrong root element, " +
		"lacks a required element (label, authenticationProtocol, parameterName, parameterType, ...), " +
		"defines the same principal twice, is a certificate meta file without its .crt, or is a decomposed " +
		"permission set file in a project that does not declare the decompose preset. The deploy or the " +
		"CLI's source conversion fails, and nclint cannot check the file's references.",
	Help: `## Why it breaks

The Metadata API validates every file against the type's schema before it deploys anything, and the
Salesforce CLI refuses to convert source it cannot map to a metadata type. A named credential without a
` + "`label`" + `, an external credential without ` + "`authenticationProtocol`" + `, a parameter without
` + "`parameterName`" + ` or ` + "`parameterType`" + `, or XML that is not well-formed fails the whole deployment.
Two principals with the same name in one external credential cannot both be granted.
A ` + "`certs/X.crt-meta.xml`" + ` without ` + "`certs/X.crt`" + ` fails with ` + "`ExpectedSourceFilesError`" + `;
decomposed permission set files fail with ` + "`TypeInferenceError`" + ` unless ` + "`sfdx-project.json`" + ` declares
the matching ` + "`sourceBehaviorOptions`" + ` preset.

## How to fix

Fix the file at the reported line: close the element, add the missing element, rename the duplicate
principal, commit the ` + "`.crt`" + ` beside its meta file, or add the preset to ` + "`sfdx-project.json`" + `.

` + "```xml" + `
<?xml version="1.0" encoding="UTF-8"?>
<ExternalCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <authenticationProtocol>Custom</authenticationProtocol>
    <externalCredentialParameters>
        <parameterGroup>Billing Service</parameterGroup>
        <parameterName>Billing Service</parameterName>
        <parameterType>NamedPrincipal</parameterType>
        <sequenceNumber>1</sequenceNumber>
    </externalCredentialParameters>
    <label>Billing</label>
</ExternalCredential>
` + "```" + `

For decomposed permission sets:

` + "```json" + `
{ "sourceBehaviorOptions": ["decomposePermissionSetBeta2"] }
` + "```" + `

## References

- Metadata API Developer Guide, NamedCredential and ExternalCredential (required fields): https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_namedcredential.htm, https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_externalcredential.htm
- Metadata API Developer Guide, Certificate (a ` + "`.crt`" + ` content file beside the ` + "`.crt-meta.xml`" + `): https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_certificate.htm
- Salesforce DX Developer Guide, "Decomposed Metadata Types" (permission sets are decomposed only when ` + "`sfdx-project.json`" + ` opts in, through ` + "`sf project convert source-behavior`" + `): https://developer.salesforce.com/docs/platform/sfdx-dev/guide/sfdx-dev-ws-decomposed-md-types.html
- @salesforce/source-deploy-retrieve, registry preset ` + "`decomposePermissionSetBeta2`" + ` (the file layout the CLI maps) and its ` + "`ExpectedSourceFilesError`" + ` / ` + "`TypeInferenceError`" + ` errors.
`,
	Check: checkInvalidMetadata,
}

func checkInvalidMetadata(pass *lint.Pass) {
	for _, p := range pass.Graph.Tree.Problems {
		sp := p.Span
		if !sp.Start.IsValid() {
			// A problem of the whole file: point at its first line, so
			// every format has a line (GitHub needs one).
			sp.Start, sp.End = loc.Pos{Line: 1, Col: 1}, loc.Pos{}
		}
		// The identity goes into committed baselines: the problem's ID
		// when it has one (XML errors quote input and positions), never
		// input text or line numbers.
		pass.Report(lint.Finding{
			Message:  p.Message,
			Span:     sp,
			Identity: p.Span.File + "|" + cmp.Or(p.ID, p.Message),
		})
	}
	for _, ec := range pass.Graph.Tree.ExternalCredentials {
		reportDuplicatePrincipals(pass, ec)
	}
}

// reportDuplicatePrincipals reports principals of ec whose names repeat an
// earlier principal's name (ignoring case: Salesforce would conflate them).
func reportDuplicatePrincipals(pass *lint.Pass, ec *model.ExternalCredential) {
	first := map[string]model.ExternalCredentialParameter{}
	for _, p := range ec.Principals() {
		key := strings.ToLower(p.Name.Value)
		if p.Name.Value == "" {
			continue
		}
		prev, seen := first[key]
		if !seen {
			first[key] = p
			continue
		}
		pass.Report(lint.Finding{
			Message: fmt.Sprintf("External credential %s defines principal %q twice; a permission set grant "+
				"cannot tell them apart and the deploy fails. Rename or remove one of them.", ec.Name, p.Name.Value),
			Span:     p.Name.Span,
			Related:  []lint.Related{{Span: prev.Name.Span, Message: "first definition of the principal"}},
			Identity: "ExternalCredential:" + ec.Name + "|duplicate-principal:" + key,
		})
	}
}
