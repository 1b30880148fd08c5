package parse

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/nclint/nclint/internal/model"
)

// selfSigned returns a PEM certificate for cn valid until notAfter, shaped
// like the ones Salesforce generates.
func selfSigned(t *testing.T, cn string, notAfter time.Time) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(42),
		Subject:      pkix.Name{CommonName: cn, OrganizationalUnit: []string{"00Di0000000JVhH"}, Organization: []string{"Salesforce.com"}, Country: []string{"USA"}},
		NotBefore:    notAfter.AddDate(-1, 0, 0),
		NotAfter:     notAfter,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

func csr(t *testing.T, cn string) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: pkix.Name{CommonName: cn}}, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der}))
}

func certMeta(label string, caSigned bool) string {
	ca := "false"
	if caSigned {
		ca = "true"
	}
	return xmlDecl + `<Certificate xmlns="http://soap.sforce.com/2006/04/metadata">
    <caSigned>` + ca + `</caSigned>
    <encryptedWithPlatformEncryption>false</encryptedWithPlatformEncryption>
    <expirationDate>2027-02-01T00:00:00.000Z</expirationDate>
    <keySize>2048</keySize>
    <masterLabel>` + label + `</masterLabel>
    <privateKeyExportable>true</privateKeyExportable>
</Certificate>
`
}

func TestCertificates(t *testing.T) {
	const dir = "force-app/main/default/certs/"
	valid := time.Date(2031, 3, 4, 5, 6, 7, 0, time.UTC)
	expired := time.Date(2020, 8, 22, 0, 0, 0, 0, time.UTC)
	tr := Tree(writeProject(t, map[string]string{
		dir + "Signing.crt-meta.xml": certMeta("Signing Cert", false),
		dir + "Signing.crt":          selfSigned(t, "Signing", valid),
		dir + "Old.crt-meta.xml":     certMeta("Old", false),
		dir + "Old.crt":              selfSigned(t, "Old", expired),
		// A chain: the leaf comes first.
		dir + "Chain.crt-meta.xml":   certMeta("Chain", false),
		dir + "Chain.crt":            selfSigned(t, "Leaf", valid) + selfSigned(t, "Intermediate", expired),
		dir + "Pending.crt-meta.xml": certMeta("Pending", true),
		dir + "Pending.crt":          csr(t, "www.example.com"),
		dir + "Garbage.crt-meta.xml": certMeta("Garbage", false),
		dir + "Garbage.crt":          "this is not a certificate\n",
		dir + "BadPEM.crt-meta.xml":  certMeta("BadPEM", false),
		dir + "BadPEM.crt":           "-----BEGIN CERTIFICATE-----\nTUlJQg==\n-----END CERTIFICATE-----\n",
		dir + "Lonely.crt-meta.xml":  certMeta("Lonely", false),
		// A .crt without its meta file is ignored, as the Salesforce CLI does.
		dir + "Orphan.crt": selfSigned(t, "Orphan", valid),
		// A .crt in another folder is not "beside" the meta file.
		"other/certs/Lonely.crt": selfSigned(t, "Lonely", valid),
	}), Options{})
	// The two .crt files nclint cannot use are warnings (the run is still
	// complete), sorted by file.
	if len(tr.Notices) != 2 ||
		tr.Notices[0].File != dir+"BadPEM.crt" || !tr.Notices[0].Warning ||
		!strings.Contains(tr.Notices[0].Message, "certificate content not checked: the first PEM CERTIFICATE block is not a valid X.509 certificate") ||
		tr.Notices[1].File != dir+"Garbage.crt" || !tr.Notices[1].Warning ||
		tr.Notices[1].Message != "certificate content not checked: not a PEM file: no -----BEGIN CERTIFICATE----- block found; expiry checks use the <expirationDate> of Garbage.crt-meta.xml" {
		t.Errorf("notices: %+v", tr.Notices)
	}
	if len(tr.Problems) != 1 || tr.Problems[0].Message != "certificate Lonely has no Lonely.crt beside it; the Salesforce CLI fails with ExpectedSourceFilesError" {
		t.Errorf("problems = %+v", tr.Problems)
	} else {
		checkPos(t, "missing .crt problem", tr.Problems[0].Span, dir+"Lonely.crt-meta.xml", 2, 1)
	}
	certs := map[string]*model.Certificate{}
	for _, c := range tr.Certificates {
		certs[c.Name] = c
	}
	if len(certs) != 7 || certs["Orphan"] != nil {
		t.Fatalf("certificates: %v", certs)
	}
	// 7 meta files + 6 .crt files beside them; Orphan.crt and other/ are not read.
	if tr.FilesScanned != 13 {
		t.Errorf("FilesScanned = %d, want 13", tr.FilesScanned)
	}

	s := certs["Signing"]
	if s.Content.Kind != model.CertPEM || !s.Content.NotAfter.Equal(valid) || !strings.Contains(s.Content.Subject, "CN=Signing") {
		t.Errorf("Signing content = %+v", s.Content)
	}
	if s.ContentFile != dir+"Signing.crt" || s.File != dir+"Signing.crt-meta.xml" {
		t.Errorf("Signing files = %q %q", s.File, s.ContentFile)
	}
	checkText(t, "masterLabel", s.MasterLabel, "Signing Cert")
	checkPos(t, "masterLabel", s.MasterLabel.Span, s.File, 7, 5)
	checkText(t, "expirationDate", s.ExpirationDate, "2027-02-01T00:00:00.000Z")
	checkText(t, "caSigned", s.CaSigned, "false")
	checkText(t, "keySize", s.KeySize, "2048")

	if c := certs["Old"].Content; c.Kind != model.CertPEM || !c.NotAfter.Equal(expired) {
		t.Errorf("Old content = %+v", c)
	}
	if c := certs["Chain"].Content; c.Kind != model.CertPEM || !c.NotAfter.Equal(valid) || !strings.Contains(c.Subject, "CN=Leaf") {
		t.Errorf("Chain content = %+v (want the leaf)", c)
	}
	if c := certs["Pending"].Content; c.Kind != model.CertCSR || !certs["Pending"].CaSigned.Bool() {
		t.Errorf("Pending content = %+v", c)
	}
	if c := certs["Garbage"].Content; c.Kind != model.CertUnparseable || !strings.Contains(c.Err, "not a PEM file") {
		t.Errorf("Garbage content = %+v", c)
	}
	if c := certs["BadPEM"].Content; c.Kind != model.CertUnparseable || !strings.Contains(c.Err, "not a valid X.509 certificate") {
		t.Errorf("BadPEM content = %+v", c)
	}
	if l := certs["Lonely"]; l.Content.Kind != model.CertMissing || l.ContentFile != "" {
		t.Errorf("Lonely = %+v", l)
	}
}

func TestCertContentEmpty(t *testing.T) {
	if c := certContent([]byte("  \n")); c.Kind != model.CertUnparseable || c.Err != "the .crt file is empty" {
		t.Errorf("empty = %+v", c)
	}
}

func TestProfile(t *testing.T) {
	const dir = "force-app/main/default/profiles/"
	withUEC := xmlDecl + `<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <custom>true</custom>
    <externalCredentialPrincipalAccesses>
        <enabled>true</enabled>
        <externalCredentialPrincipal>Billing-Billing Principal</externalCredentialPrincipal>
    </externalCredentialPrincipalAccesses>
    <objectPermissions>
        <allowRead>true</allowRead>
        <object>Account</object>
    </objectPermissions>
    <objectPermissions>
        <allowCreate>true</allowCreate>
        <allowRead>true</allowRead>
        <object>UserExternalCredential</object>
    </objectPermissions>
    <userLicense>Salesforce</userLicense>
</Profile>
`
	tr := Tree(writeProject(t, map[string]string{
		dir + "Unified Customer Service.profile-meta.xml": withUEC,
		// No credential keyword: not parsed, so even broken XML passes.
		dir + "Admin.profile-meta.xml": xmlDecl + "<Profile><fieldPermissions>",
	}), Options{})
	noProblems(t, tr)
	if len(tr.Profiles) != 2 || tr.FilesScanned != 2 {
		t.Fatalf("%d profiles, %d scanned", len(tr.Profiles), tr.FilesScanned)
	}
	admin, ucs := tr.Profiles[0], tr.Profiles[1]
	if admin.Name != "Admin" || admin.Root.Start.IsValid() || admin.UserLicense.Present() {
		t.Errorf("skipped profile = %+v", admin)
	}
	checkText(t, "userLicense", ucs.UserLicense, "Salesforce")
	if len(ucs.PrincipalAccesses) != 1 || len(ucs.ObjectPermissions) != 1 {
		t.Fatalf("accesses %d, object permissions %d (only UserExternalCredential is kept)", len(ucs.PrincipalAccesses), len(ucs.ObjectPermissions))
	}
	checkPos(t, "profile access", ucs.PrincipalAccesses[0].Span, dir+"Unified Customer Service.profile-meta.xml", 4, 5)
	checkText(t, "uec", ucs.ObjectPermissions[0].Object, "UserExternalCredential")
	checkText(t, "uec create", ucs.ObjectPermissions[0].AllowCreate, "true")
}

func TestFlow(t *testing.T) {
	const dir = "force-app/main/default/flows/"
	withAction := xmlDecl + `<Flow xmlns="http://soap.sforce.com/2006/04/metadata">
    <actionCalls>
        <name>Search_Accounts</name>
        <label>Search Accounts</label>
        <locationX>176</locationX>
        <actionName>MinloproSearchAccount.Search Accounts</actionName>
        <actionType>externalService</actionType>
        <nameSegment>MinloproSearchAccount.Search Accounts</nameSegment>
    </actionCalls>
    <actionCalls>
        <name>Notify</name>
        <actionName>BillingNotifier</actionName>
        <actionType>apex</actionType>
    </actionCalls>
    <apiVersion>62.0</apiVersion>
    <label>Search Account</label>
    <processType>AutoLaunchedFlow</processType>
    <start>
        <locationX>50</locationX>
        <connector><targetReference>Search_Accounts</targetReference></connector>
        <object>Order_Event__e</object>
        <triggerType>PlatformEvent</triggerType>
    </start>
    <status>Active</status>
</Flow>
`
	tr := Tree(writeProject(t, map[string]string{
		dir + "Search_Account.flow-meta.xml": withAction,
		dir + "Screen.flow-meta.xml":         xmlDecl + "<Flow><label>Screen</label><processType>Flow</processType></Flow>",
	}), Options{})
	noProblems(t, tr)
	if len(tr.Flows) != 2 {
		t.Fatalf("%d flows", len(tr.Flows))
	}
	screen, fl := tr.Flows[0], tr.Flows[1]
	if screen.Name != "Screen" || screen.Label.Present() {
		t.Errorf("flow without actionCalls = %+v (want Meta only)", screen)
	}
	checkText(t, "label", fl.Label, "Search Account")
	checkText(t, "processType", fl.ProcessType, "AutoLaunchedFlow")
	checkText(t, "triggerType", fl.TriggerType, "PlatformEvent")
	checkText(t, "object", fl.TriggerObject, "Order_Event__e")
	checkText(t, "apiVersion", fl.APIVersion, "62.0")
	if len(fl.ActionCalls) != 2 {
		t.Fatalf("%d action calls", len(fl.ActionCalls))
	}
	a := fl.ActionCalls[0]
	checkText(t, "name", a.Name, "Search_Accounts")
	checkText(t, "actionType", a.ActionType, "externalService")
	checkText(t, "actionName", a.ActionName, "MinloproSearchAccount.Search Accounts")
	checkPos(t, "action", a.Span, dir+"Search_Account.flow-meta.xml", 3, 5)
	checkPos(t, "actionName", a.ActionName.Span, dir+"Search_Account.flow-meta.xml", 7, 9)
	checkText(t, "apex action", fl.ActionCalls[1].ActionName, "BillingNotifier")
}

func TestSubscriberConfig(t *testing.T) {
	const dir = "force-app/main/default/platformEventSubscriberConfigs/"
	cfg := xmlDecl + `<PlatformEventSubscriberConfig xmlns="http://soap.sforce.com/2006/04/metadata">
    <batchSize>200</batchSize>
    <masterLabel>Order Event Trigger Config</masterLabel>
    <platformEventConsumer>OrderEventTrigger</platformEventConsumer>
    <user>integration@acme.com</user>
</PlatformEventSubscriberConfig>
`
	tr := Tree(writeProject(t, map[string]string{
		dir + "OrderEventTriggerConfig.platformEventSubscriberConfig-meta.xml":   cfg,
		"src/platformEventSubscriberConfigs/Mdapi.platformEventSubscriberConfig": cfg,
	}), Options{})
	noProblems(t, tr)
	if len(tr.SubscriberConfigs) != 2 {
		t.Fatalf("%d subscriber configs, want 2", len(tr.SubscriberConfigs))
	}
	c := tr.SubscriberConfigs[1]
	if c.Name != "OrderEventTriggerConfig" || c.Kind != model.KindPlatformEventSubscriberConfig {
		t.Errorf("config meta = %+v", c.Meta)
	}
	checkText(t, "platformEventConsumer", c.PlatformEventConsumer, "OrderEventTrigger")
	checkText(t, "user", c.User, "integration@acme.com")
	checkText(t, "batchSize", c.BatchSize, "200")
	checkText(t, "masterLabel", c.MasterLabel, "Order Event Trigger Config")
	checkPos(t, "user", c.User.Span, dir+"OrderEventTriggerConfig.platformEventSubscriberConfig-meta.xml", 6, 5)
}

func TestServicesAndProviders(t *testing.T) {
	const root = "force-app/main/default/"
	tr := Tree(writeProject(t, map[string]string{
		root + "externalServiceRegistrations/eLawAPI.externalServiceRegistration-meta.xml": xmlDecl + `<ExternalServiceRegistration xmlns="http://soap.sforce.com/2006/04/metadata">
    <description>eLaw</description>
    <label>eLawAPI</label>
    <namedCredentialReference>eLawAPI</namedCredentialReference>
    <registrationProviderType>Custom</registrationProviderType>
    <schema>{&quot;openapi&quot;:&quot;3.0.0&quot;}</schema>
    <schemaType>OpenApi3</schemaType>
    <serviceBinding>{&quot;host&quot;:&quot;&quot;}</serviceBinding>
    <status>Complete</status>
</ExternalServiceRegistration>
`,
		root + "externalServiceRegistrations/Old.externalServiceRegistration-meta.xml": xmlDecl + `<ExternalServiceRegistration xmlns="http://soap.sforce.com/2006/04/metadata">
    <label>Old</label>
    <namedCredential>ntest</namedCredential>
    <status>Complete</status>
</ExternalServiceRegistration>
`,
		root + "dataSources/Quip.dataSource-meta.xml": xmlDecl + `<ExternalDataSource xmlns="http://soap.sforce.com/2006/04/metadata">
    <authProvider>QuipAuth</authProvider>
    <awsAccessSecret>aws-secret</awsAccessSecret>
    <certificate>QuipCert</certificate>
    <endpoint>callout:Quip_NC/odata</endpoint>
    <isWritable>false</isWritable>
    <label>Quip</label>
    <namedCredential>Quip_NC</namedCredential>
    <oauthScope>read</oauthScope>
    <password>secret</password>
    <principalType>PerUser</principalType>
    <protocol>Oauth</protocol>
    <type>ContentHubQuip</type>
    <username>svc</username>
</ExternalDataSource>
`,
		// Data Cloud's DataSource shares the .dataSource-meta.xml suffix.
		root + "mktDataSources/Salesforce_Home.dataSource-meta.xml": xmlDecl + `<DataSource xmlns="http://soap.sforce.com/2006/04/metadata">
    <masterLabel>Salesforce_Home</masterLabel>
    <prefix>SF</prefix>
</DataSource>
`,
		root + "authproviders/MyZoom.authprovider-meta.xml": xmlDecl + `<AuthProvider xmlns="http://soap.sforce.com/2006/04/metadata">
    <friendlyName>My Zoom</friendlyName>
    <providerType>OpenIdConnect</providerType>
</AuthProvider>
`,
		root + "externalAuthIdentityProviders/Loopback.externalAuthIdentityProvider-meta.xml": xmlDecl + `<ExternalAuthIdentityProvider xmlns="http://soap.sforce.com/2006/04/metadata">
    <authenticationFlow>ClientCredentials</authenticationFlow>
    <authenticationProtocol>OAuth</authenticationProtocol>
    <label>Loopback EAIP</label>
</ExternalAuthIdentityProvider>
`,
		root + "outboundNetworkConnections/AwsLink.outboundNetworkConnection-meta.xml": xmlDecl + `<OutboundNetworkConnection xmlns="http://soap.sforce.com/2006/04/metadata">
    <connectionType>AwsPrivateLink</connectionType>
    <isActive>true</isActive>
    <label>AWS Link</label>
    <status>Ready</status>
</OutboundNetworkConnection>
`,
	}), Options{})
	noProblems(t, tr)
	if len(tr.ExternalServiceRegistrations) != 2 {
		t.Fatalf("%d ESRs", len(tr.ExternalServiceRegistrations))
	}
	// Sorted by Name, case-sensitively: "Old" before "eLawAPI".
	esr := tr.ExternalServiceRegistrations[1]
	checkText(t, "esr label", esr.Label, "eLawAPI")
	checkText(t, "esr status", esr.Status, "Complete")
	checkText(t, "esr ncRef", esr.NamedCredentialReference, "eLawAPI")
	checkPos(t, "esr ncRef", esr.NamedCredentialReference.Span, root+"externalServiceRegistrations/eLawAPI.externalServiceRegistration-meta.xml", 5, 5)
	checkText(t, "old esr nc", tr.ExternalServiceRegistrations[0].NamedCredential, "ntest")

	if len(tr.ExternalDataSources) != 1 {
		t.Fatalf("%d data sources (the Data Cloud DataSource must be left out)", len(tr.ExternalDataSources))
	}
	ds := tr.ExternalDataSources[0]
	for name, c := range map[string][2]string{
		"label": {ds.Label.Value, "Quip"}, "type": {ds.Type.Value, "ContentHubQuip"}, "endpoint": {ds.Endpoint.Value, "callout:Quip_NC/odata"},
		"namedCredential": {ds.NamedCredential.Value, "Quip_NC"}, "certificate": {ds.Certificate.Value, "QuipCert"},
		"authProvider": {ds.AuthProvider.Value, "QuipAuth"}, "principalType": {ds.PrincipalType.Value, "PerUser"},
		"protocol": {ds.Protocol.Value, "Oauth"}, "username": {ds.Username.Value, "svc"}, "password": {ds.Password.Value, "secret"},
		"oauthScope": {ds.OAuthScope.Value, "read"}, "awsAccessSecret": {ds.AwsAccessSecret.Value, "aws-secret"},
	} {
		if c[0] != c[1] {
			t.Errorf("data source %s = %q, want %q", name, c[0], c[1])
		}
	}
	if ds.OAuthToken.Present() || ds.OAuthRefreshToken.Present() {
		t.Errorf("absent tokens present")
	}
	if tr.FilesScanned != 6 {
		t.Errorf("FilesScanned = %d, want 6 (the DataSource is not counted)", tr.FilesScanned)
	}

	if len(tr.AuthProviders) != 1 || tr.AuthProviders[0].Label.Value != "My Zoom" || tr.AuthProviders[0].Kind != model.KindAuthProvider {
		t.Errorf("auth providers = %+v", tr.AuthProviders)
	}
	if len(tr.ExternalAuthIdentityProviders) != 1 || tr.ExternalAuthIdentityProviders[0].Label.Value != "Loopback EAIP" {
		t.Errorf("EAIPs = %+v", tr.ExternalAuthIdentityProviders)
	}
	if len(tr.OutboundNetworkConnections) != 1 || tr.OutboundNetworkConnections[0].Label.Value != "AWS Link" {
		t.Errorf("ONCs = %+v", tr.OutboundNetworkConnections)
	}
}

// TestCertificateUsers: the Identity Provider settings and SAML SSO configs
// are read for the certificates they name.
func TestCertificateUsers(t *testing.T) {
	const root = "force-app/main/default/"
	tr := Tree(writeProject(t, map[string]string{
		root + "settings/IdentityProvider.settings-meta.xml": xmlDecl + `<IdentityProviderSettings xmlns="http://soap.sforce.com/2006/04/metadata">
    <certificateName>idp_2027</certificateName>
    <enableIdentityProvider>true</enableIdentityProvider>
</IdentityProviderSettings>
`,
		root + "samlssoconfigs/Okta.samlssoconfig-meta.xml": xmlDecl + `<SamlSsoConfig xmlns="http://soap.sforce.com/2006/04/metadata">
    <decryptionCertificate>saml_dec</decryptionCertificate>
    <identityLocation>SubjectNameId</identityLocation>
    <name>Corporate Okta</name>
    <requestSigningCertId>0P15e000000AcmeCAA</requestSigningCertId>
</SamlSsoConfig>
`,
	}), Options{})
	noProblems(t, tr)
	if len(tr.IdentityProviderSettings) != 1 || len(tr.SamlSsoConfigs) != 1 {
		t.Fatalf("IdP settings %d, SAML configs %d, want 1 and 1", len(tr.IdentityProviderSettings), len(tr.SamlSsoConfigs))
	}
	idp := tr.IdentityProviderSettings[0]
	checkText(t, "certificateName", idp.CertificateName, "idp_2027")
	checkPos(t, "certificateName", idp.CertificateName.Span, root+"settings/IdentityProvider.settings-meta.xml", 3, 5)
	if !idp.EnableIdentityProvider.Bool() {
		t.Errorf("enableIdentityProvider not read")
	}
	saml := tr.SamlSsoConfigs[0]
	if saml.Name != "Okta" || saml.Kind != model.KindSamlSsoConfig {
		t.Errorf("SAML config meta = %+v", saml.Meta)
	}
	checkText(t, "decryptionCertificate", saml.DecryptionCertificate, "saml_dec")
	checkText(t, "requestSigningCertId", saml.RequestSigningCertID, "0P15e000000AcmeCAA")
	checkText(t, "name", saml.SetupName, "Corporate Okta")
	if tr.FilesScanned != 2 {
		t.Errorf("FilesScanned = %d, want 2", tr.FilesScanned)
	}
}

// TestMentionsExternalCredential: the one-search prefilter of profiles
// agrees with searching for both words.
func TestMentionsExternalCredential(t *testing.T) {
	for _, s := range []string{
		"", "x", "xternalCredential", "ExternalCredential", "externalCredentialPrincipalAccesses",
		"<externalCredentialPrincipalAccesses>", "UserExternalCredential", "serExternalCredential",
		"xternalCredentialPrincipalAccesses", "a UserExternalCredentia", "axternalCredential UserExternalCredential",
		"xternalCredential xternalCredential externalCredentialPrincipalAccesse externalCredentialPrincipalAccesses",
		"<object>UserExternalCredential</object>", "UserexternalCredential", "userExternalCredential",
	} {
		want := strings.Contains(s, "externalCredentialPrincipalAccesses") || strings.Contains(s, "UserExternalCredential")
		if got := mentionsExternalCredential([]byte(s)); got != want {
			t.Errorf("%q: %v, want %v", s, got, want)
		}
	}
}
