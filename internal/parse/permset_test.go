package parse

import (
	"reflect"
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/project"
)

const psDir = "force-app/main/default/permissionsets/"

// decomposedBeta is the decomposePermissionSetBeta ("folderPerType") layout:
// one file per entry, root named after the child type, with xmlns.
var decomposedBeta = map[string]string{
	psDir + "Callout_User/Callout_User.permissionset-meta.xml": xmlDecl + `<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <description>Lets integration users call Billing</description>
    <hasActivationRequired>false</hasActivationRequired>
    <label>Callout User</label>
    <license>Salesforce</license>
</PermissionSet>
`,
	psDir + "Callout_User/externalCredentialPrincipalAccesses/Billing-Billing Principal.externalCredentialPrincipalAccess-meta.xml": xmlDecl + `<ExternalCredentialPrincipalAccess xmlns="http://soap.sforce.com/2006/04/metadata">
    <enabled>true</enabled>
    <externalCredentialPrincipal>Billing-Billing Principal</externalCredentialPrincipal>
</ExternalCredentialPrincipalAccess>
`,
	psDir + "Callout_User/externalCredentialPrincipalAccesses/Aws-Ops.externalCredentialPrincipalAccess-meta.xml": xmlDecl + `<ExternalCredentialPrincipalAccess xmlns="http://soap.sforce.com/2006/04/metadata">
    <!-- granted for the nightly sync -->
    <externalCredentialPrincipal>Aws-Ops</externalCredentialPrincipal>
    <enabled>false</enabled>
</ExternalCredentialPrincipalAccess>
`,
	psDir + "Callout_User/objectPermissions/UserExternalCredential.objectPermission-meta.xml": xmlDecl + `<ObjectPermission xmlns="http://soap.sforce.com/2006/04/metadata">
    <allowCreate>true</allowCreate>
    <allowDelete>true</allowDelete>
    <allowEdit>true</allowEdit>
    <allowRead>true</allowRead>
    <modifyAllRecords>false</modifyAllRecords>
    <object>UserExternalCredential</object>
    <viewAllRecords>false</viewAllRecords>
</ObjectPermission>
`,
	psDir + "Callout_User/classAccesses/BillingService.classAccess-meta.xml": xmlDecl + `<ClassAccess xmlns="http://soap.sforce.com/2006/04/metadata">
    <apexClass>BillingService</apexClass>
    <enabled>true</enabled>
</ClassAccess>
`,
}

// decomposedBeta2 is the decomposePermissionSetBeta2 ("topLevel") layout:
// fragments have root <PermissionSet> without xmlns.
var decomposedBeta2 = map[string]string{
	psDir + "Ops/Ops.permissionset-meta.xml": xmlDecl + `<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <hasActivationRequired>true</hasActivationRequired>
    <label>Ops</label>
    <license>SalesforceAPIIntegrationPsl</license>
</PermissionSet>
`,
	psDir + "Ops/Ops.externalCredentialPrincipalAccess-meta.xml": xmlDecl + `<PermissionSet>
    <externalCredentialPrincipalAccesses>
        <enabled>true</enabled>
        <externalCredentialPrincipal>Billing-Billing Principal</externalCredentialPrincipal>
    </externalCredentialPrincipalAccesses>
    <externalCredentialPrincipalAccesses>
        <enabled>true</enabled>
        <externalCredentialPrincipal>acme__Aws-Ops Team</externalCredentialPrincipal>
    </externalCredentialPrincipalAccesses>
</PermissionSet>
`,
	psDir + "Ops/objectSettings/UserExternalCredential.objectSettings-meta.xml": xmlDecl + `<PermissionSet>
    <objectPermissions>
        <allowCreate>false</allowCreate>
        <allowDelete>false</allowDelete>
        <allowEdit>false</allowEdit>
        <allowRead>true</allowRead>
        <modifyAllRecords>true</modifyAllRecords>
        <object>UserExternalCredential</object>
        <viewAllRecords>false</viewAllRecords>
    </objectPermissions>
</PermissionSet>
`,
	psDir + "Ops/Ops.classAccess-meta.xml": xmlDecl + `<PermissionSet>
    <classAccesses>
        <apexClass>BillingService</apexClass>
        <enabled>true</enabled>
    </classAccesses>
</PermissionSet>
`,
}

func TestDecomposedBeta(t *testing.T) {
	tr := Tree(writeProject(t, decomposedBeta), Options{})
	noProblems(t, tr)
	if len(tr.PermissionSets) != 1 {
		t.Fatalf("%d permission sets, want 1 merged", len(tr.PermissionSets))
	}
	ps := tr.PermissionSets[0]
	const dir = psDir + "Callout_User/"
	if ps.Name != "Callout_User" || ps.Kind != model.KindPermissionSet || !ps.Decomposed || ps.File != dir+"Callout_User.permissionset-meta.xml" {
		t.Errorf("meta = %+v decomposed=%v", ps.Meta, ps.Decomposed)
	}
	checkPos(t, "root", ps.Root, dir+"Callout_User.permissionset-meta.xml", 2, 1)
	wantFiles := []string{
		dir + "Callout_User.permissionset-meta.xml",
		dir + "classAccesses/BillingService.classAccess-meta.xml",
		dir + "externalCredentialPrincipalAccesses/Aws-Ops.externalCredentialPrincipalAccess-meta.xml",
		dir + "externalCredentialPrincipalAccesses/Billing-Billing Principal.externalCredentialPrincipalAccess-meta.xml",
		dir + "objectPermissions/UserExternalCredential.objectPermission-meta.xml",
	}
	if !reflect.DeepEqual(ps.Files, wantFiles) {
		t.Errorf("Files = %q", ps.Files)
	}
	checkText(t, "label", ps.Label, "Callout User")
	checkText(t, "license", ps.License, "Salesforce")
	checkText(t, "description", ps.Description, "Lets integration users call Billing")
	checkText(t, "hasActivationRequired", ps.HasActivationRequired, "false")
	if len(ps.PrincipalAccesses) != 2 {
		t.Fatalf("%d principal accesses", len(ps.PrincipalAccesses))
	}
	aws, billing := ps.PrincipalAccesses[0], ps.PrincipalAccesses[1]
	checkText(t, "aws principal", aws.Principal, "Aws-Ops")
	checkText(t, "aws enabled", aws.Enabled, "false")
	// Each entry keeps its own file: the whole fragment root is the entry.
	checkPos(t, "aws entry", aws.Span, wantFiles[2], 2, 1)
	checkPos(t, "aws principal", aws.Principal.Span, wantFiles[2], 4, 5)
	checkText(t, "billing principal", billing.Principal, "Billing-Billing Principal")
	checkPos(t, "billing principal", billing.Principal.Span, wantFiles[3], 4, 5)
	if ec, pr, ok := model.SplitPrincipal(billing.Principal.Value); !ok || ec != "Billing" || pr != "Billing Principal" {
		t.Errorf("split = %q %q %v", ec, pr, ok)
	}
	if len(ps.ObjectPermissions) != 1 {
		t.Fatalf("%d object permissions", len(ps.ObjectPermissions))
	}
	op := ps.ObjectPermissions[0]
	checkText(t, "object", op.Object, "UserExternalCredential")
	checkPos(t, "object", op.Object.Span, wantFiles[4], 8, 5)
	for name, v := range map[string]model.Text{"read": op.AllowRead, "create": op.AllowCreate, "edit": op.AllowEdit, "delete": op.AllowDelete} {
		if !v.Bool() {
			t.Errorf("allow %s = %q", name, v.Value)
		}
	}
	if op.ModifyAllRecords.Bool() || !op.ViewAllRecords.Present() {
		t.Errorf("modifyAll/viewAll = %+v %+v", op.ModifyAllRecords, op.ViewAllRecords)
	}
	if tr.FilesScanned != 5 {
		t.Errorf("FilesScanned = %d", tr.FilesScanned)
	}
}

func TestDecomposedBeta2(t *testing.T) {
	p := writeProject(t, decomposedBeta2)
	for _, f := range p.Files {
		if !strings.HasSuffix(f.Path, "Ops.permissionset-meta.xml") && f.Role != project.RoleFragment {
			t.Fatalf("test setup: %s is not a fragment", f.Path)
		}
	}
	tr := Tree(p, Options{})
	noProblems(t, tr)
	if len(tr.PermissionSets) != 1 {
		t.Fatalf("%d permission sets", len(tr.PermissionSets))
	}
	ps := tr.PermissionSets[0]
	const dir = psDir + "Ops/"
	if !ps.Decomposed || ps.File != dir+"Ops.permissionset-meta.xml" || len(ps.Files) != 4 {
		t.Errorf("meta = %+v files=%q", ps.Meta, ps.Files)
	}
	checkText(t, "label", ps.Label, "Ops")
	checkText(t, "license", ps.License, "SalesforceAPIIntegrationPsl")
	if !ps.HasActivationRequired.Bool() {
		t.Errorf("hasActivationRequired = %+v", ps.HasActivationRequired)
	}
	if len(ps.PrincipalAccesses) != 2 {
		t.Fatalf("%d principal accesses", len(ps.PrincipalAccesses))
	}
	frag := dir + "Ops.externalCredentialPrincipalAccess-meta.xml"
	checkPos(t, "first access", ps.PrincipalAccesses[0].Span, frag, 3, 5)
	checkPos(t, "second access", ps.PrincipalAccesses[1].Span, frag, 7, 5)
	checkText(t, "second principal", ps.PrincipalAccesses[1].Principal, "acme__Aws-Ops Team")
	checkPos(t, "second principal", ps.PrincipalAccesses[1].Principal.Span, frag, 9, 9)
	if len(ps.ObjectPermissions) != 1 {
		t.Fatalf("%d object permissions", len(ps.ObjectPermissions))
	}
	op := ps.ObjectPermissions[0]
	checkPos(t, "object permission", op.Span, dir+"objectSettings/UserExternalCredential.objectSettings-meta.xml", 3, 5)
	if !op.ModifyAllRecords.Bool() || op.AllowEdit.Bool() {
		t.Errorf("object permission = %+v", op)
	}
}

func TestDecomposedWithoutParent(t *testing.T) {
	frag := psDir + "Ops/Ops.externalCredentialPrincipalAccess-meta.xml"
	tr := Tree(writeProject(t, map[string]string{
		frag: decomposedBeta2[frag],
		psDir + "Ops/objectSettings/UserExternalCredential.objectSettings-meta.xml": decomposedBeta2[psDir+"Ops/objectSettings/UserExternalCredential.objectSettings-meta.xml"],
	}), Options{})
	noProblems(t, tr) // no <label> needed in fragments
	if len(tr.PermissionSets) != 1 {
		t.Fatalf("%d permission sets", len(tr.PermissionSets))
	}
	ps := tr.PermissionSets[0]
	if ps.Name != "Ops" || ps.File != frag || !ps.Decomposed || ps.Label.Present() || len(ps.PrincipalAccesses) != 2 || len(ps.ObjectPermissions) != 1 {
		t.Errorf("permission set = %+v", ps)
	}
}

func TestDecomposedProblems(t *testing.T) {
	flat := psDir + "Ops.permissionset-meta.xml"
	frag := psDir + "Ops/Ops.externalCredentialPrincipalAccess-meta.xml"
	beta := psDir + "Callout_User/externalCredentialPrincipalAccesses/Aws-Ops.externalCredentialPrincipalAccess-meta.xml"
	files := map[string]string{
		// A flat permission set next to the decomposed folder of the same name.
		flat: decomposedBeta2[psDir+"Ops/Ops.permissionset-meta.xml"],
		// A fragment with the wrong root element.
		frag: strings.ReplaceAll(decomposedBeta2[frag], "PermissionSet>", "PermissionSetGroup>"),
		// A Beta fragment without its externalCredentialPrincipal.
		beta: xmlDecl + `<ExternalCredentialPrincipalAccess xmlns="http://soap.sforce.com/2006/04/metadata">
    <enabled>true</enabled>
</ExternalCredentialPrincipalAccess>
`,
	}
	for k, v := range decomposedBeta2 {
		if _, ok := files[k]; !ok {
			files[k] = v
		}
	}
	runProblemCases(t, []problemCase{{"decomposed", files, []wantProblem{
		{beta, 2, 1, "<ExternalCredentialPrincipalAccess> entry has no <externalCredentialPrincipal>, which Salesforce requires"},
		{frag, 2, 1, "the root element is <PermissionSetGroup>, but a .externalCredentialPrincipalAccess-meta.xml file must have the root element <PermissionSet> or <ExternalCredentialPrincipalAccess>"},
		{psDir + "Ops/Ops.permissionset-meta.xml", 2, 1, `duplicate component: PermissionSet "Ops" is also defined in ` + flat + "; Salesforce allows one definition per component"},
	}}})
}

func TestMutingPermissionSet(t *testing.T) {
	file := "force-app/main/default/mutingpermissionsets/UnifiedAgent_Muted.mutingpermissionset-meta.xml"
	tr := Tree(writeProject(t, map[string]string{file: xmlDecl + `<MutingPermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <externalCredentialPrincipalAccesses>
        <enabled>true</enabled>
        <externalCredentialPrincipal>Billing-Billing Principal</externalCredentialPrincipal>
    </externalCredentialPrincipalAccesses>
    <fieldPermissions>
        <editable>false</editable>
        <field>Case.Description</field>
        <readable>false</readable>
    </fieldPermissions>
    <label>Unified Agent Muted</label>
</MutingPermissionSet>
`}), Options{})
	noProblems(t, tr)
	if len(tr.MutingPermissionSets) != 1 || len(tr.PermissionSets) != 0 {
		t.Fatalf("muting %d, permission sets %d", len(tr.MutingPermissionSets), len(tr.PermissionSets))
	}
	m := tr.MutingPermissionSets[0]
	if m.Kind != model.KindMutingPermissionSet || m.Decomposed || !reflect.DeepEqual(m.Files, []string{file}) {
		t.Errorf("meta = %+v files %q", m.Meta, m.Files)
	}
	checkText(t, "label", m.Label, "Unified Agent Muted")
	if len(m.PrincipalAccesses) != 1 {
		t.Fatalf("%d accesses", len(m.PrincipalAccesses))
	}
	checkPos(t, "access", m.PrincipalAccesses[0].Span, file, 3, 5)
}

func TestPermissionSetGroup(t *testing.T) {
	file := "force-app/main/default/permissionsetgroups/UnifiedAgent.permissionsetgroup-meta.xml"
	tr := Tree(writeProject(t, map[string]string{file: xmlDecl + `<PermissionSetGroup xmlns="http://soap.sforce.com/2006/04/metadata">
	<description>Everything an agent needs</description>
    <hasActivationRequired>false</hasActivationRequired>
	<label>Unified Agent</label>
    <mutingPermissionSets>UnifiedAgent_Muted</mutingPermissionSets>
    <permissionSets>UnifiedCaseManagement</permissionSets>
	<permissionSets>force__EinsteinGPTServiceReplies</permissionSets>
    <status>Updated</status>
</PermissionSetGroup>
`}), Options{})
	noProblems(t, tr)
	g := tr.PermissionSetGroups[0]
	checkText(t, "label", g.Label, "Unified Agent")
	checkText(t, "status", g.Status, "Updated")
	checkText(t, "hasActivationRequired", g.HasActivationRequired, "false")
	if len(g.PermissionSets) != 2 || g.PermissionSets[1].Value != "force__EinsteinGPTServiceReplies" {
		t.Fatalf("permissionSets = %+v", g.PermissionSets)
	}
	// A tab before the element is one column.
	checkPos(t, "second permission set", g.PermissionSets[1].Span, file, 8, 2)
	if len(g.MutingPermissionSets) != 1 || g.MutingPermissionSets[0].Value != "UnifiedAgent_Muted" {
		t.Errorf("muting = %+v", g.MutingPermissionSets)
	}
}
