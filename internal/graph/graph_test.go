package graph

import (
	"testing"

	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
)

func text(v, file string, line int) model.Text {
	return model.Text{Value: v, Span: loc.Span{File: file, Start: loc.Pos{Line: line, Col: 5}}}
}

// namespacedTree mirrors uday-sertifihub/named-credentials-demo: the named
// credential references its external credential without the namespace,
// the permission set grants it with the prefix, Apex calls the NC with it.
func namespacedTree() *model.Tree {
	nc := &model.NamedCredential{
		Meta: model.Meta{Kind: model.KindNamedCredential, Name: "package_api_nc", File: "nc.xml"},
		Parameters: []model.NamedCredentialParameter{{
			Name:               text("ExternalCredential", "nc.xml", 10),
			Type:               text("Authentication", "nc.xml", 11),
			ExternalCredential: text("package_api_ec", "nc.xml", 9),
		}},
	}
	ec := &model.ExternalCredential{
		Meta: model.Meta{Kind: model.KindExternalCredential, Name: "package_api_ec", File: "ec.xml"},
		Parameters: []model.ExternalCredentialParameter{{
			Name: text("Super Admin", "ec.xml", 5),
			Type: text("NamedPrincipal", "ec.xml", 6),
		}},
	}
	ps := &model.PermissionSet{
		Meta: model.Meta{Kind: model.KindPermissionSet, Name: "Sertifi_Super_Admin", File: "ps.xml"},
		PrincipalAccesses: []model.PrincipalAccess{{
			Enabled:   text("true", "ps.xml", 4),
			Principal: text("daypack01__package_api_ec-Super Admin", "ps.xml", 5),
		}},
	}
	grp := &model.PermissionSetGroup{
		Meta:           model.Meta{Kind: model.KindPermissionSetGroup, Name: "Admins", File: "psg.xml"},
		PermissionSets: []model.Text{text("daypack01__Sertifi_Super_Admin", "psg.xml", 4)},
	}
	apex := &model.ApexSource{
		Meta:  model.Meta{Kind: model.KindApexClass, Name: "NamedCredentialController", File: "c.cls"},
		Types: []model.ApexType{{Name: "NamedCredentialController", Kind: "class"}},
		Callouts: []model.Callout{
			{Literal: "callout:daypack01__package_api_nc/WeatherForecast", Name: "daypack01__package_api_nc", Span: loc.Span{File: "c.cls", Start: loc.Pos{Line: 7, Col: 25}}},
			{Literal: "callout:Other_NC", Name: "Other_NC", Span: loc.Span{File: "c.cls", Start: loc.Pos{Line: 3, Col: 25}}},
		},
	}
	esr := &model.ExternalServiceRegistration{
		Meta:                     model.Meta{Kind: model.KindExternalServiceRegistration, Name: "Weather", File: "esr.xml"},
		NamedCredentialReference: text("package_api_nc", "esr.xml", 8),
	}
	flow := &model.Flow{
		Meta: model.Meta{Kind: model.KindFlow, Name: "Get_Weather", File: "flow.xml"},
		ActionCalls: []model.FlowAction{
			{ActionType: text("externalService", "flow.xml", 20), ActionName: text("Weather.Get Forecast", "flow.xml", 19)},
			{ActionType: text("apex", "flow.xml", 30), ActionName: text("Weather.NotAService", "flow.xml", 29)},
		},
	}
	ds := &model.ExternalDataSource{
		Meta:     model.Meta{Kind: model.KindExternalDataSource, Name: "Orders", File: "ds.xml"},
		Endpoint: text("callout:package_api_nc/odata?format=json", "ds.xml", 6),
	}
	return &model.Tree{
		Settings:                     model.Settings{Namespace: "daypack01"},
		NamedCredentials:             []*model.NamedCredential{nc},
		ExternalCredentials:          []*model.ExternalCredential{ec},
		PermissionSets:               []*model.PermissionSet{ps},
		PermissionSetGroups:          []*model.PermissionSetGroup{grp},
		Apex:                         []*model.ApexSource{apex},
		ExternalServiceRegistrations: []*model.ExternalServiceRegistration{esr},
		ExternalDataSources:          []*model.ExternalDataSource{ds},
		Flows:                        []*model.Flow{flow},
	}
}

func TestNamespacedNamesResolveBothWays(t *testing.T) {
	tr := namespacedTree()
	g := New(tr)
	nc, ec, ps := tr.NamedCredentials[0], tr.ExternalCredentials[0], tr.PermissionSets[0]

	for _, name := range []string{"package_api_nc", "daypack01__package_api_nc", "DAYPACK01__package_api_nc"} {
		if g.NamedCredential(name) != nc {
			t.Errorf("NamedCredential(%q) did not resolve", name)
		}
	}
	if g.NamedCredential("Package_API_NC") != nil {
		t.Error("exact lookup must be case-sensitive; use NamedCredentialFold for hints")
	}
	if got := g.NamedCredentialFold("Package_API_NC"); len(got) != 1 || got[0] != nc {
		t.Errorf("NamedCredentialFold = %v", got)
	}
	if g.ExternalCredentialOf(nc) != ec {
		t.Error("NC → EC link missing")
	}
	if got := g.NamedCredentialsUsing(ec); len(got) != 1 || got[0] != nc {
		t.Errorf("NamedCredentialsUsing = %v", got)
	}
	grants := g.Grants(ec, "Super Admin")
	if len(grants) != 1 || grants[0].PermissionSet != ps || !grants[0].Enabled() {
		t.Fatalf("grant with namespace prefix not linked: %+v", grants)
	}
	if len(g.Grants(ec, "super admin")) != 0 {
		t.Error("principal names must match exactly")
	}
	if grp := g.GroupsContaining(ps); len(grp) != 1 || grp[0].Name != "Admins" {
		t.Errorf("GroupsContaining = %v", grp)
	}
}

func TestCallers(t *testing.T) {
	tr := namespacedTree()
	g := New(tr)
	callers := g.CallersOf(tr.NamedCredentials[0])
	var kinds []CallerKind
	for _, c := range callers {
		kinds = append(kinds, c.Kind)
	}
	// Sorted by file: c.cls, ds.xml, esr.xml, flow.xml.
	want := []CallerKind{CallerApex, CallerDataSource, CallerExternalService, CallerFlow}
	if len(kinds) != len(want) {
		t.Fatalf("callers = %v, want %v", kinds, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Fatalf("callers = %v, want %v", kinds, want)
		}
	}
	if callers[3].Via != "Weather" || callers[3].Span.Start.Line != 19 {
		t.Errorf("flow caller = %+v, want via Weather at line 19", callers[3])
	}
	all := g.AllCallers()
	if len(all) != 5 {
		t.Fatalf("AllCallers has %d entries, want 5 (including unresolved Other_NC)", len(all))
	}
	if all[0].Ref != "Other_NC" || g.NamedCredential(all[0].Ref) != nil {
		t.Errorf("first caller = %+v, want the unresolved Other_NC at c.cls:3", all[0])
	}
	if g.ApexClass("namedcredentialcontroller") == nil {
		t.Error("Apex class lookup must be case-insensitive")
	}
}

func TestForeignNamespace(t *testing.T) {
	g := New(&model.Tree{Settings: model.Settings{Namespace: "daypack01"}})
	cases := map[string]string{
		"acme__Api":          "acme",
		"daypack01__Api":     "",
		"Api":                "",
		"force__Einstein_PS": "force",
	}
	for in, want := range cases {
		if got := g.ForeignNamespace(in); got != want {
			t.Errorf("ForeignNamespace(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCalloutName(t *testing.T) {
	cases := []struct {
		in, name string
		ok       bool
	}{
		{"callout:Billing/v1?x=1", "Billing", true},
		{"CALLOUT:ns__Other", "ns__Other", true},
		{"callout:Gemini?key=", "Gemini", true},
		{"callout:", "", true},
		{"https://example.com", "", false},
	}
	for _, c := range cases {
		name, ok := CalloutName(c.in)
		if name != c.name || ok != c.ok {
			t.Errorf("CalloutName(%q) = %q, %v; want %q, %v", c.in, name, ok, c.name, c.ok)
		}
	}
}

// TestMappedNamespaceResolution: a package directory mapped to namespace
// acme holds a Billing_API too and sorts before the project's. Bare names
// from project code must reach the project's component; acme code reaches
// its own first; acme's components are reached from the project only with
// the prefix.
func TestMappedNamespaceResolution(t *testing.T) {
	nc := func(name, file, ns string) *model.NamedCredential {
		return &model.NamedCredential{Meta: model.Meta{Kind: model.KindNamedCredential, Name: name, File: file, Namespace: ns}}
	}
	acmeBilling := nc("Billing_API", "a-vendor/Billing_API.xml", "acme")
	acmeOnly := nc("Acme_Internal", "a-vendor/Acme_Internal.xml", "acme")
	billing := nc("Billing_API", "force-app/Billing_API.xml", "nsapp")
	g := New(&model.Tree{
		Settings:         model.Settings{Namespace: "nsapp"},
		NamedCredentials: []*model.NamedCredential{acmeBilling, acmeOnly, billing},
	})
	tests := []struct {
		ref, callerNS string
		want          *model.NamedCredential
	}{
		{"Billing_API", "nsapp", billing},
		{"nsapp__Billing_API", "nsapp", billing},
		{"NSAPP__Billing_API", "", billing},
		{"Billing_API", "acme", acmeBilling},
		{"nsapp__Billing_API", "acme", billing},
		{"acme__Billing_API", "nsapp", acmeBilling},
		{"Acme_Internal", "acme", acmeOnly},
		{"Acme_Internal", "nsapp", nil},
		{"acme__Acme_Internal", "nsapp", acmeOnly},
		{"ACME__Acme_Internal", "nsapp", acmeOnly},
		{"Missing", "acme", nil},
	}
	for _, tt := range tests {
		if got := g.ResolveNamedCredential(tt.ref, tt.callerNS); got != tt.want {
			t.Errorf("ResolveNamedCredential(%q, %q) = %v, want %v", tt.ref, tt.callerNS, got, tt.want)
		}
	}
}

// TestFlowServiceNameNamespaced: flows write a namespaced External Service
// as "ns::Registration.operation", resolved like "ns__Registration".
func TestFlowServiceNameNamespaced(t *testing.T) {
	for in, want := range map[string]string{
		"mrhewbuc::OpenAIRs.createResponse": "mrhewbuc__OpenAIRs",
		"Inventory_Service.listItems":       "Inventory_Service",
		"::Broken.op":                       "::Broken",
	} {
		sp := loc.Span{File: "flows/F.flow-meta.xml", Start: loc.Pos{Line: 1, Col: 1}}
		a := model.FlowAction{ActionType: model.Text{Value: "externalService", Span: sp}, ActionName: model.Text{Value: in, Span: sp}}
		if got := FlowServiceName(a); got != want {
			t.Errorf("FlowServiceName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSubscriberConfig finds a trigger's PlatformEventSubscriberConfig by
// the trigger name, ignoring case and the project namespace; the first
// config in tree order wins, and an unparsed one counts for nothing.
func TestSubscriberConfig(t *testing.T) {
	cfg := func(name, consumer, user string, unparsed bool) *model.PlatformEventSubscriberConfig {
		return &model.PlatformEventSubscriberConfig{
			Meta:                  model.Meta{Kind: model.KindPlatformEventSubscriberConfig, Name: name, File: name + ".xml", Unparsed: unparsed},
			PlatformEventConsumer: text(consumer, name+".xml", 4),
			User:                  text(user, name+".xml", 5),
		}
	}
	g := New(&model.Tree{
		Settings: model.Settings{Namespace: "acme"},
		SubscriberConfigs: []*model.PlatformEventSubscriberConfig{
			cfg("A", "acme__OrderTrigger", "a@acme.com", false),
			cfg("B", "OrderTrigger", "b@acme.com", false),
			cfg("C", "BrokenTrigger", "c@acme.com", true),
		},
	})
	if c := g.SubscriberConfig("ordertrigger"); c == nil || c.Name != "A" {
		t.Errorf("SubscriberConfig(ordertrigger) = %v, want A", c)
	}
	if c := g.SubscriberConfig("BrokenTrigger"); c != nil {
		t.Errorf("unparsed config used: %v", c.Name)
	}
	if c := g.SubscriberConfig("Other"); c != nil {
		t.Errorf("SubscriberConfig(Other) = %v, want nil", c.Name)
	}
}
