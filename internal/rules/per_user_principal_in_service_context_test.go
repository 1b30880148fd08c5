package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
)

// perUserTree returns a tree with a per-user named credential Partner_API
// (external credential Partner_OAuth with one PerUserPrincipal) and the
// given Apex files.
func perUserTree(apex ...*model.ApexSource) *model.Tree {
	t := func(v, file string, line int) model.Text {
		return model.Text{Value: v, Span: loc.Span{File: file, Start: loc.Pos{Line: line, Col: 5}, End: loc.Pos{Line: line, Col: 10}}}
	}
	return &model.Tree{
		NamedCredentials: []*model.NamedCredential{{
			Meta: model.Meta{Kind: model.KindNamedCredential, Name: "Partner_API", File: "nc.xml"},
			Type: t("SecuredEndpoint", "nc.xml", 3),
			Parameters: []model.NamedCredentialParameter{{
				Name:               t("ExternalCredential", "nc.xml", 5),
				Type:               t("Authentication", "nc.xml", 6),
				ExternalCredential: t("Partner_OAuth", "nc.xml", 7),
			}},
		}},
		ExternalCredentials: []*model.ExternalCredential{{
			Meta:                   model.Meta{Kind: model.KindExternalCredential, Name: "Partner_OAuth", File: "ec.xml"},
			AuthenticationProtocol: t("Oauth", "ec.xml", 3),
			Parameters: []model.ExternalCredentialParameter{{
				Name: t("Partner User", "ec.xml", 5),
				Type: t("PerUserPrincipal", "ec.xml", 6),
			}},
		}},
		Apex: apex,
	}
}

// apexClass is a top-level class named name that references refs and,
// when callout is set, holds a callout to Partner_API.
func apexClass(name string, iface string, callout bool, refs ...string) *model.ApexSource {
	file := "classes/" + name + ".cls"
	sp := func(line int) loc.Span {
		return loc.Span{File: file, Start: loc.Pos{Line: line, Col: 1}, End: loc.Pos{Line: line, Col: 5}}
	}
	src := &model.ApexSource{
		Meta:  model.Meta{Kind: model.KindApexClass, Name: name, File: file},
		Types: []model.ApexType{{Name: name, Kind: "class", Span: sp(1)}},
	}
	if iface != "" {
		src.Types[0].Implements = []string{iface}
	}
	for i, r := range refs {
		src.Refs = append(src.Refs, model.Ref{Name: r, Span: sp(2 + i)})
	}
	if callout {
		src.Callouts = []model.Callout{{Literal: "callout:Partner_API/x", Name: "Partner_API", Span: sp(100), Type: name, Method: "send"}}
	}
	return src
}

func runNC201(t testing.TB, tree *model.Tree) []lint.Finding {
	t.Helper()
	got, failures := lint.Run([]*lint.Rule{PerUserPrincipalInServiceContext}, graph.New(tree), lint.Options{})
	if len(failures) > 0 {
		t.Fatalf("rule failed: %+v", failures)
	}
	return got
}

// hubTree has n Queueable entry points that all reference one Hub class,
// which references n helper classes and the class holding the callout:
// every entry point reaches n+2 classes.
func hubTree(n int) *model.Tree {
	var apex []*model.ApexSource
	hubRefs := make([]string, 0, n+1)
	for i := 0; i < n; i++ {
		apex = append(apex, apexClass(fmt.Sprintf("Job%05d", i), "Queueable", false, "Hub"))
		apex = append(apex, apexClass(fmt.Sprintf("Helper%05d", i), "", false))
		hubRefs = append(hubRefs, fmt.Sprintf("Helper%05d", i))
	}
	hubRefs = append(hubRefs, "Gateway")
	apex = append(apex, apexClass("Hub", "", false, hubRefs...), apexClass("Gateway", "", true))
	return perUserTree(apex...)
}

func benchmarkReach(b *testing.B, n int) {
	tree := hubTree(n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if got := runNC201(b, tree); len(got) != 1 {
			b.Fatalf("%d findings, want 1", len(got))
		}
	}
}

// BenchmarkReach1k and BenchmarkReach4k measure NC201's reachability
// with 1,000 and 4,000 entry points that share their reachable classes:
// linear work means the 4k case costs about four times the 1k case.
func BenchmarkReach1k(b *testing.B) { benchmarkReach(b, 1000) }
func BenchmarkReach4k(b *testing.B) { benchmarkReach(b, 4000) }

// chain returns classes prefix1..prefixN, each referencing the next and the
// last referencing last.
func chain(prefix string, n int, last string) []*model.ApexSource {
	var out []*model.ApexSource
	for i := 1; i <= n; i++ {
		next := fmt.Sprintf("%s%d", prefix, i+1)
		if i == n {
			next = last
		}
		out = append(out, apexClass(fmt.Sprintf("%s%d", prefix, i), "", false, next))
	}
	return out
}

// TestReachDepthAcrossEntryPoints checks the shared walk: a class first
// reached deep from one entry point must be walked again when another
// entry point reaches it with more depth left, and the depth bound holds.
func TestReachDepthAcrossEntryPoints(t *testing.T) {
	// FarJob reaches Shared 7 classes away (A1..A6, Shared): too deep to go
	// on to Gateway, 8 more classes away. NearJob reaches Shared directly,
	// so Gateway is 8 classes from it: within the bound.
	apex := []*model.ApexSource{apexClass("FarJob", "Queueable", false, "A1")}
	apex = append(apex, chain("A", 6, "Shared")...)
	apex = append(apex, apexClass("NearJob", "Queueable", false, "Shared"))
	apex = append(apex, apexClass("Shared", "", false, "C1"))
	apex = append(apex, chain("C", 6, "Gateway")...)
	apex = append(apex, apexClass("Gateway", "", true))
	got := runNC201(t, perUserTree(apex...))
	if len(got) != 1 {
		t.Fatalf("%d findings, want 1: %+v", len(got), got)
	}
	f := got[0]
	if !strings.Contains(f.Message, "(NearJob implements Queueable)") || f.Level != lint.LevelWarning {
		t.Errorf("finding = %s %q, want a warning from NearJob", f.Level, f.Message)
	}
	// entry, NearJob→Shared, Shared→C1, C1..C5→C6, C6→Gateway, callout.
	if len(f.Flow) != 10 {
		t.Errorf("code flow has %d steps, want 10: %+v", len(f.Flow), f.Flow)
	}

	// One class further and nothing is reported.
	apex = []*model.ApexSource{apexClass("Job", "Queueable", false, "D1")}
	apex = append(apex, chain("D", 8, "Gateway")...)
	apex = append(apex, apexClass("Gateway", "", true))
	if got := runNC201(t, perUserTree(apex...)); len(got) != 0 {
		t.Errorf("callout 9 classes away reported: %+v", got)
	}
}

// TestReachPrefersAutomatedProcess checks that a callout reached from a
// background job and from a change event trigger is reported once, as the
// trigger's error, whatever the tree order.
func TestReachPrefersAutomatedProcess(t *testing.T) {
	trigger := apexClass("AccountChangeTrigger", "", false, "Gateway")
	trigger.Kind, trigger.Types = model.KindApexTrigger, nil
	trigger.Trigger = &model.ApexTrigger{Name: "AccountChangeTrigger", Object: "AccountChangeEvent"}
	got := runNC201(t, perUserTree(
		apexClass("AJob", "Schedulable", false, "Gateway"),
		trigger,
		apexClass("Gateway", "", true),
	))
	if len(got) != 1 {
		t.Fatalf("%d findings, want 1: %+v", len(got), got)
	}
	if f := got[0]; f.Level != lint.LevelError || !strings.Contains(f.Message, "trigger AccountChangeTrigger on change event AccountChangeEvent") {
		t.Errorf("finding = %s %q, want the change event trigger's error", f.Level, f.Message)
	}
}

// TestPlatformEventTriggerRunningUser checks the subscriber config cases:
// no config or a config without a user is the Automated Process user
// (error); a config naming a user is a warning naming that user; a config
// nclint could not read makes the Automated Process user uncertain
// (warning), since it may name the trigger and a user.
func TestPlatformEventTriggerRunningUser(t *testing.T) {
	trigger := func() *model.ApexSource {
		src := apexClass("OrderTrigger", "", false, "Gateway")
		src.Kind, src.Types = model.KindApexTrigger, nil
		src.Trigger = &model.ApexTrigger{Name: "OrderTrigger", Object: "Order_Event__e"}
		return src
	}
	cfg := func(name, consumer, user string, unparsed bool) *model.PlatformEventSubscriberConfig {
		file := "platformEventSubscriberConfigs/" + name + ".platformEventSubscriberConfig-meta.xml"
		c := &model.PlatformEventSubscriberConfig{Meta: model.Meta{Kind: model.KindPlatformEventSubscriberConfig, Name: name, File: file, Unparsed: unparsed,
			Root: loc.Span{File: file, Start: loc.Pos{Line: 2, Col: 1}, End: loc.Pos{Line: 2, Col: 9}}}}
		if consumer != "" {
			c.PlatformEventConsumer = model.Text{Value: consumer, Span: loc.Span{File: file, Start: loc.Pos{Line: 5, Col: 5}, End: loc.Pos{Line: 5, Col: 9}}}
		}
		if user != "" {
			c.User = model.Text{Value: user, Span: loc.Span{File: file, Start: loc.Pos{Line: 6, Col: 5}, End: loc.Pos{Line: 6, Col: 9}}}
		}
		return c
	}
	for _, tc := range []struct {
		name    string
		configs []*model.PlatformEventSubscriberConfig
		level   lint.Level
		message string
	}{
		{"no config", nil, lint.LevelError, "runs as the Automated Process user (trigger OrderTrigger on platform event Order_Event__e)"},
		{"config without user", []*model.PlatformEventSubscriberConfig{cfg("Batch", "OrderTrigger", "", false)}, lint.LevelError, "runs as the Automated Process user"},
		{"config for another trigger", []*model.PlatformEventSubscriberConfig{cfg("Other", "OtherTrigger", "ops@acme.com", false)}, lint.LevelError, "runs as the Automated Process user"},
		{"config with user", []*model.PlatformEventSubscriberConfig{cfg("Run", "ordertrigger", "ops@acme.com", false)}, lint.LevelWarning, "runs as ops@acme.com, the user PlatformEventSubscriberConfig Run sets"},
		{"unreadable config", []*model.PlatformEventSubscriberConfig{cfg("Broken", "", "", true)}, lint.LevelWarning, "PlatformEventSubscriberConfig Broken could not be read and may set another user"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tree := perUserTree(trigger(), apexClass("Gateway", "", true))
			tree.SubscriberConfigs = tc.configs
			got := runNC201(t, tree)
			if len(got) != 1 {
				t.Fatalf("%d findings, want 1: %+v", len(got), got)
			}
			if f := got[0]; f.Level != tc.level || !strings.Contains(f.Message, tc.message) {
				t.Errorf("finding = %s %q, want %s containing %q", f.Level, f.Message, tc.level, tc.message)
			}
		})
	}
}
