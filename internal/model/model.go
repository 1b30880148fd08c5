// Package model is the typed, position-carrying model of the metadata nclint
// reads from a Salesforce source tree: named credentials, external
// credentials, permission sets and their relatives, certificates, and the
// Apex, flows and services that call out through them.
//
// The model is filled by the discovery and parse packages and read by the
// link graph and the rules. It does no I/O and knows no rule.
package model

import (
	"strings"
	"time"

	"github.com/nclint/nclint/internal/loc"
)

// Kind names a metadata type, spelled as in package.xml.
type Kind string

// The metadata types nclint reads.
const (
	KindNamedCredential              Kind = "NamedCredential"
	KindExternalCredential           Kind = "ExternalCredential"
	KindPermissionSet                Kind = "PermissionSet"
	KindMutingPermissionSet          Kind = "MutingPermissionSet"
	KindPermissionSetGroup           Kind = "PermissionSetGroup"
	KindProfile                      Kind = "Profile"
	KindCertificate                  Kind = "Certificate"
	KindExternalServiceRegistration  Kind = "ExternalServiceRegistration"
	KindExternalDataSource           Kind = "ExternalDataSource"
	KindAuthProvider                 Kind = "AuthProvider"
	KindExternalAuthIdentityProvider Kind = "ExternalAuthIdentityProvider"
	KindOutboundNetworkConnection    Kind = "OutboundNetworkConnection"
	KindFlow                         Kind = "Flow"
	KindApexClass                    Kind = "ApexClass"
	KindApexTrigger                  Kind = "ApexTrigger"
	// KindIdentityProviderSettings is the IdentityProvider member of the
	// Settings type (settings/IdentityProvider.settings-meta.xml).
	KindIdentityProviderSettings Kind = "IdentityProviderSettings"
	KindSamlSsoConfig            Kind = "SamlSsoConfig"
)

// KindPlatformEventSubscriberConfig sets the running user of a platform
// event trigger.
const KindPlatformEventSubscriberConfig Kind = "PlatformEventSubscriberConfig"

// Text is the text content of one XML element together with the span of the
// whole element (start tag to end tag). Value has XML entities decoded and
// surrounding white space trimmed. The zero Text means the element is absent.
type Text struct {
	Value string
	Span  loc.Span
}

// Present reports whether the element exists in the file (it may be empty).
func (t Text) Present() bool { return t.Span.IsValid() }

// Is reports whether the element is present and its value equals v, ignoring case.
func (t Text) Is(v string) bool { return t.Present() && strings.EqualFold(t.Value, v) }

// Bool reports whether the value is "true" (case-insensitive).
func (t Text) Bool() bool { return strings.EqualFold(t.Value, "true") }

// Meta identifies one component and where it was read.
type Meta struct {
	Kind Kind
	// Name is the component's developer name (fullName), taken from the file
	// name, e.g. "Billing_NC" or "ns__Billing_NC".
	Name string
	// File is the main file, relative to the project root with forward slashes.
	File string
	// Root is the span of the root element (or of the whole file when the
	// file is not XML).
	Root loc.Span
	// PackageDir is the package directory holding the file, relative to the
	// project root ("" when the tree has no sfdx-project.json).
	PackageDir string
	// Namespace is the namespace the component's package directory deploys
	// into: the project namespace, or "" for none.
	Namespace string
	// Unparsed is set when a file of the component is not well-formed XML
	// or has the wrong root element (an NC901 finding): the component is
	// known by name only, and its content must not be judged. It is also
	// set when the file could not be read at all (permissions, a broken
	// symbolic link, too large: a Notice says why).
	Unparsed bool
	// Mentions, for an Unparsed component whose bytes were read, holds the
	// lower-cased words (runs of ASCII letters, digits and underscores) of
	// the file, so rules can tell whether the unreadable file may name a
	// component (a grant of Billing_EC-Svc mentions "billing_ec"). Nil
	// when the bytes are unknown: the file may mention anything. (A
	// pointer, so Meta stays comparable.)
	Mentions *WordSet
}

// WordSet is a set of lower-cased words.
type WordSet struct{ Words map[string]bool }

// Has reports whether w (any case) is in the set.
func (s *WordSet) Has(w string) bool { return s.Words[strings.ToLower(w)] }

// MayMention reports whether the component's unreadable content may name
// word (a developer name): false for a component that was read.
func (m *Meta) MayMention(word string) bool {
	if !m.Unparsed {
		return false
	}
	if m.Mentions == nil {
		return true
	}
	return m.Mentions.Has(word)
}

// Problem is metadata that Salesforce would reject or that nclint cannot
// read as metadata: not well-formed XML, a wrong root element, a missing
// required element, a certificate meta file without its content file.
// Problems are reported by rule NC901.
type Problem struct {
	Span    loc.Span
	Message string
	// ID, when set, identifies the kind of problem without input text or
	// positions ("not-well-formed"); finding identities (and so baselines)
	// use it instead of Message, which may quote the file.
	ID string
}

// Notice is something about the run rather than the metadata: a file nclint
// could not read at all (permissions, I/O error, too large), or a setup
// problem worth a warning (a package directory that does not exist, a
// .forceignore line that cannot work). Notices become tool execution
// notifications, not findings.
type Notice struct {
	File    string
	Message string
	// Warning is true for notices that do not mean a file went unread. A
	// notice with Warning false makes the run incomplete (exit code 3).
	Warning bool
	// Rule is the ID of the rule the notice is about ("" for none), e.g.
	// a rule not evaluated for something because a file could not be read.
	Rule string
}

// Settings are the project-level facts rules need, from sfdx-project.json.
type Settings struct {
	// ProjectFile is "sfdx-project.json" when one was found, "" otherwise.
	ProjectFile string
	// Namespace is the project namespace ("" for none).
	Namespace string
	// SourceAPIVersion is the sourceApiVersion as written, e.g. "62.0" ("" if unset).
	SourceAPIVersion string
	// SourceBehaviorOptions lists sourceBehaviorOptions and registryPresets.
	SourceBehaviorOptions []string
	// ReplacementTokens are the literal stringToReplace values of the
	// project's deploy-time replacements.
	ReplacementTokens []string
	// ReplacementPatterns are the regexToReplace values of the replacements.
	ReplacementPatterns []string
}

// HasOption reports whether the project declares the given source behaviour option.
func (s Settings) HasOption(name string) bool {
	for _, o := range s.SourceBehaviorOptions {
		if o == name {
			return true
		}
	}
	return false
}

// Tree is everything read from one source tree.
type Tree struct {
	// Root is the absolute path of the project root (the directory holding
	// sfdx-project.json, or the directory given when there is none).
	Root     string
	Settings Settings
	// FilesScanned counts the files nclint recognised and read.
	FilesScanned int

	NamedCredentials              []*NamedCredential
	ExternalCredentials           []*ExternalCredential
	PermissionSets                []*PermissionSet // Kind PermissionSet
	MutingPermissionSets          []*PermissionSet // Kind MutingPermissionSet
	PermissionSetGroups           []*PermissionSetGroup
	Profiles                      []*Profile
	Certificates                  []*Certificate
	ExternalServiceRegistrations  []*ExternalServiceRegistration
	ExternalDataSources           []*ExternalDataSource
	AuthProviders                 []*Component
	ExternalAuthIdentityProviders []*Component
	OutboundNetworkConnections    []*Component
	Flows                         []*Flow
	Apex                          []*ApexSource
	// Certificate consumers that make no callouts.
	IdentityProviderSettings []*IdentityProviderSettings
	SamlSsoConfigs           []*SamlSsoConfig
	// SubscriberConfigs are the PlatformEventSubscriberConfig components.
	SubscriberConfigs []*PlatformEventSubscriberConfig

	Problems []Problem
	Notices  []Notice
	// Unread are directories that could not be listed: any component may
	// be missing from the tree because of them.
	Unread []UnreadArea
	// Suppressions are the nclint-ignore comments found, in file order.
	Suppressions []Suppression
}

// Metas returns the Meta of every component of the tree, type by type in
// the order of the Tree's fields, each type in its slice's order.
func (t *Tree) Metas() []*Meta {
	var out []*Meta
	add := func(m *Meta) { out = append(out, m) }
	for _, c := range t.NamedCredentials {
		add(&c.Meta)
	}
	for _, c := range t.ExternalCredentials {
		add(&c.Meta)
	}
	for _, c := range t.PermissionSets {
		add(&c.Meta)
	}
	for _, c := range t.MutingPermissionSets {
		add(&c.Meta)
	}
	for _, c := range t.PermissionSetGroups {
		add(&c.Meta)
	}
	for _, c := range t.Profiles {
		add(&c.Meta)
	}
	for _, c := range t.Certificates {
		add(&c.Meta)
	}
	for _, c := range t.ExternalServiceRegistrations {
		add(&c.Meta)
	}
	for _, c := range t.ExternalDataSources {
		add(&c.Meta)
	}
	for _, cs := range [][]*Component{t.AuthProviders, t.ExternalAuthIdentityProviders, t.OutboundNetworkConnections} {
		for _, c := range cs {
			add(&c.Meta)
		}
	}
	for _, c := range t.Flows {
		add(&c.Meta)
	}
	for _, c := range t.Apex {
		add(&c.Meta)
	}
	for _, c := range t.IdentityProviderSettings {
		add(&c.Meta)
	}
	for _, c := range t.SamlSsoConfigs {
		add(&c.Meta)
	}
	for _, c := range t.SubscriberConfigs {
		add(&c.Meta)
	}
	return out
}

// UnreadArea is a directory nclint could not list (or a path it could not
// read whose kind is unknown): components in it are missing from the tree.
type UnreadArea struct {
	// Path is the directory, relative to the root.
	Path string
	// Kinds are the metadata types the directory can hold, judged by its
	// name (classes/ holds Apex classes); nil when it may hold any.
	Kinds []Kind
}

// Holds reports whether the area may hold components of kind k.
func (a UnreadArea) Holds(k Kind) bool {
	if a.Kinds == nil {
		return true
	}
	for _, x := range a.Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Suppression is an inline "nclint-ignore" or "nclint-ignore-file" comment.
type Suppression struct {
	// Span is the comment.
	Span loc.Span
	// Rules are the rule IDs or names listed, as written.
	Rules []string
	// Reason is the text after the colon ("" when there is none).
	Reason string
	// FileWide is set for nclint-ignore-file.
	FileWide bool
	// Scope is what the comment covers: the next element (XML) or line
	// (Apex). Zero when the comment precedes nothing; unused for FileWide.
	Scope loc.Span
	// HasUntil is set when the comment has an expiry ("until DATE");
	// Until is the date as written (a YYYY-MM-DD date when well-formed).
	HasUntil bool
	Until    string
}

// Component is a component whose existence is all that rules need
// (AuthProvider, ExternalAuthIdentityProvider, OutboundNetworkConnection).
type Component struct {
	Meta
	Label Text
	// Elements outlines the file: its elements two levels below the root,
	// for checks against the Metadata API version history (NC505).
	Elements []Element
}

// NamedCredential is a NamedCredential component, new-style or legacy.
type NamedCredential struct {
	Meta
	Label                       Text
	Type                        Text // namedCredentialType
	CalloutStatus               Text
	GenerateAuthorizationHeader Text
	AllowMergeFieldsInHeader    Text
	AllowMergeFieldsInBody      Text
	Parameters                  []NamedCredentialParameter

	// Legacy (API < 56) fields.
	Endpoint                  Text
	Protocol                  Text
	PrincipalType             Text
	Certificate               Text
	JwtSigningCertificate     Text
	AuthProvider              Text
	OutboundNetworkConnection Text
	Username                  Text
	Password                  Text
	OAuthToken                Text
	OAuthRefreshToken         Text
	OAuthScope                Text
	AwsAccessKey              Text
	AwsAccessSecret           Text
	AwsRegion                 Text
	AwsService                Text
	AuthTokenEndpointURL      Text // authTokenEndpointUrl (JwtExchange)
	JwtIssuer                 Text
	JwtAudience               Text
	JwtTextSubject            Text
	JwtFormulaSubject         Text
	JwtValidityPeriodSeconds  Text
	// Elements outlines the file: its elements two levels below the root,
	// for checks against the Metadata API version history (NC505).
	Elements []Element
}

// IsLegacy reports whether nc uses the legacy (pre-API 56) model: no
// namedCredentialType, or namedCredentialType Legacy.
func (nc *NamedCredential) IsLegacy() bool {
	return !nc.Type.Present() || nc.Type.Is("Legacy")
}

// ParametersOfType returns the parameters whose parameterType equals typ (case-insensitive).
func (nc *NamedCredential) ParametersOfType(typ string) []NamedCredentialParameter {
	var out []NamedCredentialParameter
	for _, p := range nc.Parameters {
		if p.Type.Is(typ) {
			out = append(out, p)
		}
	}
	return out
}

// NamedCredentialParameter is one namedCredentialParameters element.
type NamedCredentialParameter struct {
	Span                      loc.Span
	Name                      Text // parameterName
	Type                      Text // parameterType
	Value                     Text // parameterValue
	ExternalCredential        Text
	Certificate               Text
	OutboundNetworkConnection Text
	SequenceNumber            Text
	Description               Text
}

// ExternalCredential is an ExternalCredential component.
type ExternalCredential struct {
	Meta
	Label                  Text
	AuthenticationProtocol Text
	Parameters             []ExternalCredentialParameter
	// Elements outlines the file: its elements two levels below the root,
	// for checks against the Metadata API version history (NC505).
	Elements []Element
}

// Principal parameter types of an external credential.
const (
	NamedPrincipal   = "NamedPrincipal"
	PerUserPrincipal = "PerUserPrincipal"
	AwsStsPrincipal  = "AwsStsPrincipal"
)

// Principals returns the parameters that define principals, in file order.
func (ec *ExternalCredential) Principals() []ExternalCredentialParameter {
	var out []ExternalCredentialParameter
	for _, p := range ec.Parameters {
		if p.IsPrincipal() {
			out = append(out, p)
		}
	}
	return out
}

// StoresNoCredential reports whether ec uses the Custom protocol with the
// NoAuthentication variant (an AuthProtocolVariant parameter with value
// NoAuthentication; Setup calls it the No Authentication protocol): it
// supports callouts to endpoints without authentication, so its principals
// hold no credential to enter, only access to grant (Salesforce Help, "Create
// or Edit a No Authentication External Credential").
func (ec *ExternalCredential) StoresNoCredential() bool {
	if !ec.AuthenticationProtocol.Is("Custom") {
		return false
	}
	for _, p := range ec.Parameters {
		if p.Type.Is("AuthProtocolVariant") && p.Value.Is("NoAuthentication") {
			return true
		}
	}
	return false
}

// ExternalCredentialParameter is one externalCredentialParameters element.
type ExternalCredentialParameter struct {
	Span                         loc.Span
	Name                         Text // parameterName; the principal name for principals
	Type                         Text // parameterType
	Value                        Text // parameterValue
	Group                        Text // parameterGroup
	AuthProvider                 Text
	ExternalAuthIdentityProvider Text
	Certificate                  Text
	Principal                    Text // obsolete API 54-57 <principal>
	SequenceNumber               Text
}

// IsPrincipal reports whether the parameter defines a principal.
func (p ExternalCredentialParameter) IsPrincipal() bool {
	return p.Type.Is(NamedPrincipal) || p.Type.Is(PerUserPrincipal) || p.Type.Is(AwsStsPrincipal)
}

// PermissionSet is a PermissionSet or MutingPermissionSet (Meta.Kind says
// which), merged from all its files when decomposed.
type PermissionSet struct {
	Meta
	Label                 Text
	License               Text
	HasActivationRequired Text
	Description           Text
	PrincipalAccesses     []PrincipalAccess
	ObjectPermissions     []ObjectPermission
	// Files lists every file the permission set was read from, sorted.
	// It has more than one entry when the permission set is decomposed.
	Files []string
	// Decomposed reports whether the permission set came from a
	// decomposed folder (permissionsets/<Name>/...).
	Decomposed bool
}

// PrincipalAccess is one externalCredentialPrincipalAccesses element.
type PrincipalAccess struct {
	Span      loc.Span
	Enabled   Text
	Principal Text // externalCredentialPrincipal: "[ns__]EcName-Principal Name"
}

// SplitPrincipal splits an externalCredentialPrincipal value at the first
// "-" into the external credential name and the principal name. ok is false
// when there is no "-".
func SplitPrincipal(v string) (ec, principal string, ok bool) {
	ec, principal, ok = strings.Cut(v, "-")
	return ec, principal, ok
}

// ObjectPermission is one objectPermissions element.
type ObjectPermission struct {
	Span             loc.Span
	Object           Text
	AllowRead        Text
	AllowCreate      Text
	AllowEdit        Text
	AllowDelete      Text
	ViewAllRecords   Text
	ModifyAllRecords Text
}

// Profile is a Profile; only the parts that matter to credentials are kept.
type Profile struct {
	Meta
	UserLicense Text
	// PrincipalAccesses holds externalCredentialPrincipalAccesses elements,
	// which the Metadata API does not allow on profiles.
	PrincipalAccesses []PrincipalAccess
	ObjectPermissions []ObjectPermission
}

// PermissionSetGroup is a PermissionSetGroup.
type PermissionSetGroup struct {
	Meta
	Label                 Text
	Status                Text
	HasActivationRequired Text
	PermissionSets        []Text
	MutingPermissionSets  []Text
}

// CertContentKind says what a certificate's .crt file holds.
type CertContentKind string

// The kinds of .crt content.
const (
	CertMissing     CertContentKind = "missing"     // no .crt beside the meta file
	CertPEM         CertContentKind = "certificate" // a PEM certificate (chain); NotAfter is set
	CertCSR         CertContentKind = "csr"         // a certificate signing request only
	CertUnparseable CertContentKind = "unparseable" // neither; Err says why
)

// CertContent is what nclint read from a .crt file.
type CertContent struct {
	Kind CertContentKind
	// NotAfter is the expiry of the leaf (first) certificate, for CertPEM.
	NotAfter time.Time
	// Subject is the leaf certificate's subject, for messages.
	Subject string
	// Err describes why the content could not be parsed, for CertUnparseable.
	Err string
}

// Certificate is a Certificate: the .crt-meta.xml (Meta.File) and its .crt.
type Certificate struct {
	Meta
	// ContentFile is the .crt path relative to the project root, "" when absent.
	ContentFile    string
	MasterLabel    Text
	ExpirationDate Text
	CaSigned       Text
	KeySize        Text
	Content        CertContent
}

// Expiry returns when c expires: the leaf certificate's NotAfter when the
// .crt holds a certificate, else the meta file's expirationDate. source
// says which ("the .crt" or "<expirationDate>"). A certificate whose .crt
// holds only a signing request has no expiry: its expirationDate is a
// placeholder written before anything was signed (NC304 reports it). The
// certificate rules and the access inventory both date certificates with it.
func (c *Certificate) Expiry() (t time.Time, source string, ok bool) {
	if c.Content.Kind == CertCSR {
		return time.Time{}, "", false
	}
	if c.Content.Kind == CertPEM && !c.Content.NotAfter.IsZero() {
		return c.Content.NotAfter, "the .crt", true
	}
	v := strings.TrimSpace(c.ExpirationDate.Value)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000Z0700", time.DateOnly} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, "<expirationDate>", true
		}
	}
	return time.Time{}, "", false
}

// IdentityProviderSettings are the Identity Provider settings
// (settings/IdentityProvider.settings-meta.xml): the org signs SAML
// assertions with the certificate named in certificateName.
type IdentityProviderSettings struct {
	Meta
	CertificateName        Text
	EnableIdentityProvider Text
}

// SamlSsoConfig is a SAML single sign-on configuration
// (samlssoconfigs/X.samlssoconfig-meta.xml). DecryptionCertificate names a
// certificate by developer name; RequestSigningCertID usually holds the
// certificate's record ID, which nothing in a source tree resolves.
type SamlSsoConfig struct {
	Meta
	SetupName             Text // <name>, the name shown in Setup
	DecryptionCertificate Text
	RequestSigningCertID  Text // requestSigningCertId
}

// ExternalServiceRegistration is an ExternalServiceRegistration.
type ExternalServiceRegistration struct {
	Meta
	Label                    Text
	Status                   Text
	NamedCredential          Text
	NamedCredentialReference Text
	// Elements outlines the file: its elements two levels below the root,
	// for checks against the Metadata API version history (NC505).
	Elements []Element
}

// ExternalDataSource is an ExternalDataSource (dataSources/X.dataSource-meta.xml).
type ExternalDataSource struct {
	Meta
	Label             Text
	Type              Text
	Endpoint          Text
	NamedCredential   Text
	Certificate       Text
	AuthProvider      Text
	PrincipalType     Text
	Protocol          Text
	Username          Text
	Password          Text
	OAuthToken        Text
	OAuthRefreshToken Text
	OAuthScope        Text
	// AwsAccessSecret is not in the WSDL for ExternalDataSource; it is read
	// so that a secret written there by hand is still reported.
	AwsAccessSecret Text
	// Elements outlines the file: its elements two levels below the root,
	// for checks against the Metadata API version history (NC505).
	Elements []Element
}

// Flow is a Flow; only what links it to callouts is kept.
type Flow struct {
	Meta
	Label       Text
	ProcessType Text
	// TriggerType is start/triggerType (e.g. Scheduled, PlatformEvent, RecordAfterSave).
	TriggerType Text
	// TriggerObject is start/object (the platform event for PlatformEvent flows).
	TriggerObject Text
	ActionCalls   []FlowAction
	// APIVersion is apiVersion, the API version the flow was saved at.
	APIVersion Text
}

// PlatformEventSubscriberConfig sets the running user and batch size of a
// platform event Apex trigger
// (platformEventSubscriberConfigs/X.platformEventSubscriberConfig-meta.xml).
type PlatformEventSubscriberConfig struct {
	Meta
	MasterLabel Text
	// PlatformEventConsumer is the name of the trigger the config applies to.
	PlatformEventConsumer Text
	// User is the username the trigger runs as; absent means the default
	// Automated Process user.
	User      Text
	BatchSize Text
}

// FlowAction is one actionCalls element.
type FlowAction struct {
	Span       loc.Span
	Name       Text
	ActionType Text // e.g. apex, externalService
	ActionName Text // apex: class name; externalService: "ESRName.Operation Label"
}

// ApexSource is one Apex class (.cls) or trigger (.trigger) file as seen by
// the lexer-level scanner.
type ApexSource struct {
	Meta
	// Types are the classes, interfaces and enums declared, outer before inner,
	// in source order.
	Types []ApexType
	// Trigger is set for .trigger files.
	Trigger *ApexTrigger
	// Callouts are the string literals that start with "callout:" (case-insensitive).
	Callouts []Callout
	// CredentialRefs are $Credential.<EC>.<Param> merge fields found in string literals.
	CredentialRefs []CredentialRef
	// Refs are the identifiers used in the file that could name another Apex
	// class, first occurrence of each (case-insensitively), in source order.
	Refs []Ref
	// Requests are the local HttpRequest variables (and parameters) of
	// methods and other code blocks, in order of declaration.
	Requests []HTTPRequestVar
	// RequestCalls are the setEndpoint, setHeader, setBody and setMethod
	// calls, in source order.
	RequestCalls []RequestCall
}

// HTTPRequestVar is one HttpRequest held in a local variable or parameter
// within one method (or trigger body, initializer, accessor). A variable
// assigned again ("req = new HttpRequest();") starts a new HTTPRequestVar.
type HTTPRequestVar struct {
	// Name is the variable name as declared.
	Name string
	// Span is the variable name where it is declared or assigned.
	Span loc.Span
	// Type and Method are the enclosing type and method ("" outside any).
	Type, Method string
	// Origin says where the request comes from: RequestNew, RequestParameter
	// or RequestOther.
	Origin string
	// Escapes is set when the variable is used other than as the receiver
	// of a call, the target of an assignment or the argument of send() or
	// System.debug(): passed to another method, returned, stored. Code
	// elsewhere may then change the request. EscapeSpan is the first such use.
	Escapes    bool
	EscapeSpan loc.Span
}

// Origins of an HTTPRequestVar.
const (
	RequestNew       = "new"       // new HttpRequest() in this method
	RequestParameter = "parameter" // a parameter of the method
	RequestOther     = "other"     // anything else: a call's result, another variable, no initializer, a for loop
)

// RequestCall is a call of setEndpoint, setHeader, setBody or setMethod.
type RequestCall struct {
	// Name is the method called, in canonical case: "setEndpoint",
	// "setHeader", "setBody" or "setMethod".
	Name string
	// Span runs from the receiver to the closing parenthesis.
	Span loc.Span
	// Receiver is the variable the method is called on, as written.
	Receiver string
	// Request indexes ApexSource.Requests: the variable the call is made
	// on, or -1 when the receiver is not a tracked HttpRequest variable
	// (a field, "this.req", a call's result).
	Request int
	// Args are the arguments. Args is nil when they could not be read
	// (an unclosed or very long argument list).
	Args []ApexExpr
	// Type and Method are the enclosing type and method ("" outside any).
	Type, Method string
}

// ApexExpr is one argument expression.
type ApexExpr struct {
	Span loc.Span
	// Parts are the operands of a simple concatenation (string literals
	// and other operands joined by "+"). It is nil when the expression is
	// anything else (a ternary, a comparison), whose value is unknown.
	Parts []ApexPart
}

// ApexPart is one operand of a concatenation.
type ApexPart struct {
	// Literal is set for a string literal; any other operand's value is unknown.
	Literal bool
	// Value is the literal's decoded content ("" for other operands).
	Value string
	Span  loc.Span
}

// IsTestCode reports whether the type typ of s, or a type enclosing it, is
// annotated @IsTest (the first type of that name, ignoring case; at most 16
// levels of nesting are followed). Test code cannot make real callouts (a
// mock answers them), so what it sets on a request never reaches a remote
// system.
func (s *ApexSource) IsTestCode(typ string) bool {
	for depth := 0; typ != "" && depth < 16; depth++ {
		var found *ApexType
		for i := range s.Types {
			if strings.EqualFold(s.Types[i].Name, typ) {
				found = &s.Types[i]
				break
			}
		}
		if found == nil {
			return false
		}
		for _, a := range found.Annotations {
			if strings.EqualFold(a.Name, "istest") {
				return true
			}
		}
		typ = found.Outer
	}
	return false
}

// Value returns the value of an expression made only of string literals.
// ok is false when any part is unknown.
func (e ApexExpr) Value() (v string, ok bool) {
	if len(e.Parts) == 0 {
		return "", false
	}
	var b strings.Builder
	for _, p := range e.Parts {
		if !p.Literal {
			return "", false
		}
		b.WriteString(p.Value)
	}
	return b.String(), true
}

// Prefix returns the decoded text of the leading string literals: the part
// of the value that is known whatever follows.
func (e ApexExpr) Prefix() string {
	var b strings.Builder
	for _, p := range e.Parts {
		if !p.Literal {
			break
		}
		b.WriteString(p.Value)
	}
	return b.String()
}

// ApexType is a class, interface or enum declaration.
type ApexType struct {
	Name string
	Kind string // "class", "interface" or "enum"
	// Span is the span of the type's name token.
	Span loc.Span
	// Outer is the name of the enclosing type, "" for a top-level type.
	Outer string
	// Modifiers and annotations as written, lower-cased (e.g. "public", "with sharing" as two words).
	Modifiers   []string
	Annotations []Annotation
	Extends     string
	// Implements lists implemented interfaces as written with white space
	// removed (e.g. "Database.Batchable<SObject>", "Schedulable").
	Implements []string
	Methods    []ApexMethod
}

// ApexMethod is a method (or constructor) declaration with a body.
type ApexMethod struct {
	Name        string
	Span        loc.Span // the method name token
	Annotations []Annotation
	Static      bool
	// Refs are identifiers used in the method body that could name another class.
	Refs []Ref
}

// Annotation is an Apex annotation such as @future(callout=true).
type Annotation struct {
	// Name is lower-cased without the "@", e.g. "future", "invocablemethod".
	Name string
	// Params maps lower-cased parameter names to their raw values ("true", "'Label'").
	Params map[string]string
	Span   loc.Span
}

// ApexTrigger is the header of a trigger: trigger Name on Object (events).
type ApexTrigger struct {
	Name   string
	Object string
	Span   loc.Span // the object name token
}

// Callout is a "callout:" string literal.
type Callout struct {
	// Literal is the string content without quotes, e.g. "callout:Billing/v1?x=1".
	Literal string
	// Name is the named credential name ("ns__Name" kept as written); "" when
	// the literal is only "callout:" followed by concatenation (dynamic).
	Name string
	// Span covers the string literal including its quotes.
	Span loc.Span
	// Type is the innermost enclosing type ("" in a trigger body).
	Type string
	// Method is the enclosing method ("" outside any method).
	Method string
}

// CredentialRef is a $Credential.<ExternalCredential>.<Parameter> merge field.
type CredentialRef struct {
	ExternalCredential string
	Parameter          string
	Span               loc.Span
}

// Ref is an identifier occurrence that may name another Apex class.
type Ref struct {
	Name string
	Span loc.Span
}

// Element is one element of a component's file, as an outline entry: the
// names of the elements from below the root down to it, joined by "/"
// ("calloutStatus", "namedCredentialParameters/parameterType"), the
// trimmed text of an element without child elements, and its span.
// Entries are in file order, so an element's children follow it.
type Element struct {
	Path  string
	Value string
	Span  loc.Span
}
