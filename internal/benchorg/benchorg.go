// Package benchorg writes a synthetic, realistic-looking SFDX project for
// performance measurement (scripts/bench.sh, benchmarks and the output
// comparison test). It follows /work/shared/tools/gen_org.py, the
// reference for what a large org holds: at scale 1 about 21,000 files and
// 110 MB: 60 profiles with 6,000 field permissions each, 600 permission
// sets (one in seven grants an external credential principal), 10
// permission set groups, 2,500 Apex classes (one in fifty makes a callout,
// one in ninety-seven is Schedulable), 800 flows, 15,000 custom fields
// (noise), 30 external credentials, 50 named credentials and 20
// certificates.
//
// The output is deterministic: the same scale always writes the same
// bytes (a fixed-seed generator, no clock). Nothing is meant to be
// lint-clean.
package benchorg

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

const (
	hdr = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
	ns  = `xmlns="http://soap.sforce.com/2006/04/metadata"`
)

// Counts are the number of components of each kind written.
type Counts struct {
	ExternalCredentials, NamedCredentials, LegacyNamedCredentials int
	Certificates, PermissionSets, PermissionSetGroups, Profiles   int
	ApexClasses, Flows, Fields                                    int
	// AllGroup, when positive, adds a permission set group PSG_All with
	// the first AllGroup permission sets (for growth benchmarks).
	AllGroup int
}

// CountsFor returns the counts at scale (1 is the reference org); every
// count is at least 1.
func CountsFor(scale float64) Counts {
	n := func(base int) int { return max(1, int(math.Round(float64(base)*scale))) }
	return Counts{
		ExternalCredentials: n(30), NamedCredentials: n(40), LegacyNamedCredentials: n(10),
		Certificates: n(20), PermissionSets: n(600), PermissionSetGroups: n(10), Profiles: n(60),
		ApexClasses: n(2500), Flows: n(800), Fields: n(15000),
	}
}

// Write writes the org for c into dir (created if needed).
func Write(dir string, c Counts) error {
	w := &writer{}
	rng := rand.New(rand.NewPCG(42, 15))
	w.file(filepath.Join(dir, "sfdx-project.json"),
		"{\n  \"packageDirectories\": [\n    {\"path\": \"force-app\", \"default\": true},\n    {\"path\": \"integrations\"},\n"+
			"    {\"path\": \"unpackaged\"}\n  ],\n  \"namespace\": \"\",\n  \"sourceApiVersion\": \"62.0\"\n}\n")
	w.file(filepath.Join(dir, ".forceignore"), "**/jsconfig.json\n**/.eslintrc.json\n**/__tests__/**\n")
	base := filepath.Join(dir, "force-app", "main", "default")
	integ := filepath.Join(dir, "integrations", "main", "default")

	type principal struct{ ec, name string }
	var principals []principal
	for i := 0; i < c.ExternalCredentials; i++ {
		kind := "NamedPrincipal"
		if i%5 == 0 {
			kind = "PerUserPrincipal"
		}
		p := principal{fmt.Sprintf("EC_%d", i), fmt.Sprintf("Principal %d", i)}
		principals = append(principals, p)
		w.file(filepath.Join(integ, "externalCredentials", p.ec+".externalCredential-meta.xml"), hdr+
			"<ExternalCredential "+ns+">\n    <authenticationProtocol>Custom</authenticationProtocol>\n"+
			"    <externalCredentialParameters>\n        <parameterGroup>"+p.name+"</parameterGroup>\n        <parameterName>"+p.name+"</parameterName>\n"+
			"        <parameterType>"+kind+"</parameterType>\n        <sequenceNumber>1</sequenceNumber>\n    </externalCredentialParameters>\n"+
			fmt.Sprintf("    <label>EC %d</label>\n</ExternalCredential>\n", i))
	}
	for i := 0; i < c.NamedCredentials; i++ {
		ec := fmt.Sprintf("EC_%d", i%c.ExternalCredentials)
		if i%13 == 7 { // a dangling reference
			ec = fmt.Sprintf("EC_Missing_%d", i)
		}
		w.file(filepath.Join(integ, "namedCredentials", fmt.Sprintf("NC_%d.namedCredential-meta.xml", i)), hdr+
			"<NamedCredential "+ns+">\n    <allowMergeFieldsInBody>false</allowMergeFieldsInBody>\n"+
			"    <allowMergeFieldsInHeader>false</allowMergeFieldsInHeader>\n    <calloutStatus>Enabled</calloutStatus>\n"+
			fmt.Sprintf("    <generateAuthorizationHeader>true</generateAuthorizationHeader>\n    <label>NC %d</label>\n", i)+
			"    <namedCredentialParameters>\n        <parameterName>Url</parameterName>\n        <parameterType>Url</parameterType>\n"+
			fmt.Sprintf("        <parameterValue>https://api%d.example.com</parameterValue>\n    </namedCredentialParameters>\n", i)+
			"    <namedCredentialParameters>\n        <externalCredential>"+ec+"</externalCredential>\n"+
			"        <parameterName>ExternalCredential</parameterName>\n        <parameterType>Authentication</parameterType>\n"+
			"    </namedCredentialParameters>\n    <namedCredentialType>SecuredEndpoint</namedCredentialType>\n</NamedCredential>\n")
	}
	for i := 0; i < c.LegacyNamedCredentials; i++ {
		w.file(filepath.Join(integ, "namedCredentials", fmt.Sprintf("Legacy_%d.namedCredential-meta.xml", i)), hdr+
			"<NamedCredential "+ns+">\n"+fmt.Sprintf("    <endpoint>https://legacy%d.example.com</endpoint>\n    <label>Legacy %d</label>\n", i, i)+
			"    <principalType>NamedUser</principalType>\n    <protocol>Password</protocol>\n    <username>svc</username>\n"+
			"</NamedCredential>\n")
	}
	for i := 0; i < c.Certificates; i++ {
		w.file(filepath.Join(integ, "certs", fmt.Sprintf("Cert_%d.crt", i)), certPEM)
		w.file(filepath.Join(integ, "certs", fmt.Sprintf("Cert_%d.crt-meta.xml", i)), hdr+
			"<Certificate "+ns+">\n    <caSigned>false</caSigned>\n    <keySize>2048</keySize>\n"+
			fmt.Sprintf("    <masterLabel>Cert_%d</masterLabel>\n    <privateKeyExportable>true</privateKeyExportable>\n</Certificate>\n", i))
	}
	for i := 0; i < c.PermissionSets; i++ {
		var b strings.Builder
		b.WriteString(hdr + "<PermissionSet " + ns + ">\n    <description>Generated</description>\n")
		grants := i%7 == 0
		if grants {
			p := principals[i%len(principals)]
			if i%49 == 0 { // a principal its external credential does not have
				p.name = "Nobody"
			}
			b.WriteString("    <externalCredentialPrincipalAccesses>\n        <enabled>true</enabled>\n" +
				"        <externalCredentialPrincipal>" + p.ec + "-" + p.name + "</externalCredentialPrincipal>\n" +
				"    </externalCredentialPrincipalAccesses>\n")
		}
		fieldPerms(&b, rng, 20+rng.IntN(281))
		fmt.Fprintf(&b, "    <hasActivationRequired>false</hasActivationRequired>\n    <label>PS %d</label>\n", i)
		objs := []string{"Account", "Contact"}
		if grants && i%14 != 7 { // every other grant comes without the object access it needs
			objs = append(objs, "UserExternalCredential")
		}
		objPerms(&b, objs)
		b.WriteString("</PermissionSet>\n")
		w.file(filepath.Join(base, "permissionsets", fmt.Sprintf("PS_%d.permissionset-meta.xml", i)), b.String())
	}
	for i := 0; i < c.PermissionSetGroups; i++ {
		var b strings.Builder
		fmt.Fprintf(&b, "%s<PermissionSetGroup %s>\n    <label>PSG %d</label>\n", hdr, ns, i)
		for k := 0; k < 5; k++ {
			fmt.Fprintf(&b, "    <permissionSets>PS_%d</permissionSets>\n", (i*7+k)%c.PermissionSets)
		}
		b.WriteString("    <status>Updated</status>\n</PermissionSetGroup>\n")
		w.file(filepath.Join(base, "permissionsetgroups", fmt.Sprintf("PSG_%d.permissionsetgroup-meta.xml", i)), b.String())
	}
	if c.AllGroup > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "%s<PermissionSetGroup %s>\n    <label>PSG All</label>\n", hdr, ns)
		for k := 0; k < min(c.AllGroup, c.PermissionSets); k++ {
			fmt.Fprintf(&b, "    <permissionSets>PS_%d</permissionSets>\n", k)
		}
		b.WriteString("    <status>Updated</status>\n</PermissionSetGroup>\n")
		w.file(filepath.Join(base, "permissionsetgroups", "PSG_All.permissionsetgroup-meta.xml"), b.String())
	}
	for i := 0; i < c.Profiles; i++ {
		var b strings.Builder
		b.WriteString(hdr + "<Profile " + ns + ">\n    <custom>true</custom>\n")
		fieldPerms(&b, rng, 6000)
		objs := []string{"Account", "Contact", "Case", "Lead"}
		if i%10 == 0 {
			objs = append(objs, "UserExternalCredential")
		}
		objPerms(&b, objs)
		b.WriteString("    <userLicense>Salesforce</userLicense>\n</Profile>\n")
		w.file(filepath.Join(base, "profiles", fmt.Sprintf("Profile %d.profile-meta.xml", i)), b.String())
	}
	filler := strings.Repeat("        // business logic line\n        Integer x = 0; x += 1; System.debug(x);\n", 60)
	for i := 0; i < c.ApexClasses; i++ {
		iface, execute, callout := "", "", ""
		if i%97 == 0 {
			iface = " implements Schedulable"
			execute = "    public void execute(SchedulableContext ctx) { run(); }\n"
		}
		if i%50 == 0 {
			nc := fmt.Sprintf("NC_%d", i%c.NamedCredentials)
			if i%200 == 100 { // a named credential that does not exist
				nc = fmt.Sprintf("Missing_%d", i)
			}
			callout = "        HttpRequest req = new HttpRequest();\n        req.setEndpoint('callout:" + nc + "/api/v1');\n" +
				"        req.setMethod('GET');\n        HttpResponse res = new Http().send(req);\n"
		}
		w.file(filepath.Join(base, "classes", fmt.Sprintf("Class_%d.cls", i)),
			fmt.Sprintf("public with sharing class Class_%d%s {\n%s    public void run() {\n%s%s    }\n}\n", i, iface, execute, callout, filler))
		w.file(filepath.Join(base, "classes", fmt.Sprintf("Class_%d.cls-meta.xml", i)), hdr+
			"<ApexClass "+ns+">\n    <apiVersion>62.0</apiVersion>\n    <status>Active</status>\n</ApexClass>\n")
	}
	for i := 0; i < c.Flows; i++ {
		var b strings.Builder
		b.WriteString(hdr + "<Flow " + ns + ">\n")
		if i%40 == 0 { // a flow that calls Apex: parsed in full
			fmt.Fprintf(&b, "    <actionCalls>\n        <name>Call_%d</name>\n        <label>Call %d</label>\n        <locationX>176</locationX>\n"+
				"        <locationY>0</locationY>\n        <actionName>Class_%d</actionName>\n        <actionType>apex</actionType>\n"+
				"    </actionCalls>\n", i, i, (i*50)%c.ApexClasses)
		}
		b.WriteString("    <apiVersion>62.0</apiVersion>\n")
		for k := 0; k < 60; k++ {
			fmt.Fprintf(&b, "    <assignments>\n        <name>Assign_%d</name>\n        <label>Assign %d</label>\n        <locationX>176</locationX>\n"+
				"        <locationY>%d</locationY>\n        <assignmentItems>\n            <assignToReference>var%d</assignToReference>\n"+
				"            <operator>Assign</operator>\n            <value>\n                <stringValue>x</stringValue>\n            </value>\n        </assignmentItems>\n"+
				"    </assignments>\n", k, k, k*10, k)
		}
		fmt.Fprintf(&b, "    <label>Flow %d</label>\n    <processType>AutoLaunchedFlow</processType>\n    <status>Active</status>\n</Flow>\n", i)
		w.file(filepath.Join(base, "flows", fmt.Sprintf("Flow_%d.flow-meta.xml", i)), b.String())
	}
	for i := 0; i < c.Fields; i++ {
		obj := fmt.Sprintf("Obj%d__c", i%300)
		w.file(filepath.Join(base, "objects", obj, "fields", fmt.Sprintf("Field%d__c.field-meta.xml", i)), hdr+
			"<CustomField "+ns+">\n"+fmt.Sprintf("    <fullName>Field%d__c</fullName>\n    <label>Field %d</label>\n", i, i)+
			"    <length>255</length>\n    <type>Text</type>\n</CustomField>\n")
	}
	return w.err
}

func fieldPerms(b *strings.Builder, rng *rand.Rand, n int) {
	for i := 0; i < n; i++ {
		edit := "false"
		if rng.IntN(2) == 0 {
			edit = "true"
		}
		fmt.Fprintf(b, "    <fieldPermissions>\n        <editable>%s</editable>\n        <field>Obj%d__c.Field%d__c</field>\n"+
			"        <readable>true</readable>\n    </fieldPermissions>\n", edit, i%300, i)
	}
}

func objPerms(b *strings.Builder, objs []string) {
	for _, o := range objs {
		b.WriteString("    <objectPermissions>\n        <allowCreate>true</allowCreate>\n        <allowDelete>true</allowDelete>\n" +
			"        <allowEdit>true</allowEdit>\n        <allowRead>true</allowRead>\n        <modifyAllRecords>false</modifyAllRecords>\n" +
			"        <object>" + o + "</object>\n        <viewAllRecords>false</viewAllRecords>\n    </objectPermissions>\n")
	}
}

// writer keeps the first error and creates directories once.
type writer struct {
	err  error
	dirs map[string]bool
}

func (w *writer) file(path, text string) {
	if w.err != nil {
		return
	}
	dir := filepath.Dir(path)
	if !w.dirs[dir] {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			w.err = err
			return
		}
		if w.dirs == nil {
			w.dirs = map[string]bool{}
		}
		w.dirs[dir] = true
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		w.err = err
	}
}
