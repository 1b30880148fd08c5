package rules

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
)

// PerUserPrincipalInServiceContext (NC201) reports callouts that run with
// no interactive user and reach a named credential that authenticates only
// per user.
var PerUserPrincipalInServiceContext = &lint.Rule{
	ID:        "NC201",
	Name:      "per-user-principal-in-service-context",
	Level:     lint.LevelError,
	Precision: "high",
	Tags:      []string{"service-context", "callout"},
	Short:     "Per-user named credential called where no user can authorize",
	Full: "A callout that runs with no interactive user (Schedulable, Batchable, Queueable or Finalizer Apex, @future " +
		"methods, platform event triggers, and invocable Apex or External Services called from scheduled or " +
		"platform-event flows) reaches a named credential whose authentication is per-user only: its external " +
		"credential has only PerUserPrincipal principals, or it is a legacy named credential with principalType PerUser. " +
		"Nobody can complete the OAuth flow there, so the callout fails with \"No valid principal\".",
	Help: `## Why it breaks

A per-user principal holds one set of credentials per Salesforce user, created when that user authorizes
interactively. Asynchronous and event-driven Apex runs as the user who scheduled or enqueued it, or as the
Automated Process user for platform event triggers and flows, without a browser session, so nobody can authorize
and no stored credential may exist for that user. The callout fails with "No valid principal" or an
authentication prompt that never completes.

nclint follows class references from the entry point (bounded depth) to the class that holds the
` + "`callout:`" + ` literal and reports the whole path.

## How to fix

Give the external credential a **named principal** for service contexts, grant it to the user the job runs as,
and call a named credential that uses it from the job:

` + "```xml" + `
<externalCredentialParameters>
    <parameterGroup>Sync Service</parameterGroup>
    <parameterName>Sync Service</parameterName>
    <parameterType>NamedPrincipal</parameterType>
    <sequenceNumber>1</sequenceNumber>
</externalCredentialParameters>
` + "```" + `

Keep per-user principals for code that runs in a user's request (Lightning controllers, Visualforce).
`,
	Check: checkPerUserPrincipalInServiceContext,
}

// maxReachDepth bounds the class reference walk from an entry point.
const maxReachDepth = 8

// serviceInterfaces are the interfaces whose implementations run with no
// interactive user, lower-cased, generics and "System." removed.
var serviceInterfaces = map[string]string{
	"schedulable":        "Schedulable",
	"database.batchable": "Database.Batchable",
	"queueable":          "Queueable",
	"finalizer":          "Finalizer",
}

var genericArgs = regexp.MustCompile(`<.*>`)

func normalizeInterface(s string) string {
	s = strings.ToLower(genericArgs.ReplaceAllString(strings.Join(strings.Fields(s), ""), ""))
	return strings.TrimPrefix(s, "system.")
}

// entryPoint is code that runs with no interactive user.
type entryPoint struct {
	// what describes it, e.g. "PartnerSyncJob implements Queueable".
	what string
	span loc.Span
	src  *model.ApexSource
	// typ and method narrow the entry to one type or method ("" = whole file).
	typ, method string
	refs        []model.Ref
}

// perUserAuth says whether nc authenticates only per user, and where.
func perUserAuth(g *graph.Graph, nc *model.NamedCredential) (bool, lint.Related) {
	if nc.IsLegacy() {
		if nc.PrincipalType.Is("PerUser") {
			return true, lint.Related{Span: nc.PrincipalType.Span, Message: "legacy named credential " + nc.Name + " uses principalType PerUser"}
		}
		return false, lint.Related{}
	}
	ec := g.ExternalCredentialOf(nc)
	if ec == nil {
		return false, lint.Related{}
	}
	ps := ec.Principals()
	if len(ps) == 0 {
		return false, lint.Related{}
	}
	for _, p := range ps {
		if !p.Type.Is(model.PerUserPrincipal) {
			return false, lint.Related{}
		}
	}
	return true, lint.Related{Span: ps[0].Name.Span, Message: fmt.Sprintf("%s has only per-user principals (%q)", ec.Name, ps[0].Name.Value)}
}

func checkPerUserPrincipalInServiceContext(pass *lint.Pass) {
	g := pass.Graph
	reported := map[string]bool{}
	for _, e := range serviceEntryPoints(g, pass.Settings) {
		walkCallouts(g, e, func(co *model.Callout, path []lint.Related) {
			nc := g.NamedCredential(co.Name)
			if nc == nil {
				return
			}
			perUser, principal := perUserAuth(g, nc)
			if !perUser {
				return
			}
			key := co.Span.String() + "|" + nc.Name
			if reported[key] {
				return // reported from an earlier entry point
			}
			reported[key] = true
			// A code flow only says more than the related locations when the
			// callout is reached through other classes.
			var flow []lint.Related
			if len(path) > 0 {
				flow = append([]lint.Related{{Span: e.span, Message: "service entry point: " + e.what}}, path...)
				flow = append(flow, lint.Related{Span: co.Span, Message: "callout to " + nc.Name})
			}
			pass.Report(lint.Finding{
				Message: fmt.Sprintf("Callout to %s runs with no interactive user (%s), but %s authenticates only per user; "+
					"nobody can authorize there, so the callout fails with \"No valid principal\". Use a named credential "+
					"whose external credential has a named principal for service contexts.", nc.Name, e.what, nc.Name),
				Span:     co.Span,
				Related:  []lint.Related{{Span: e.span, Message: "service entry point: " + e.what}, principal},
				Flow:     flow,
				Identity: "NamedCredential:" + nc.Name + "|caller:" + co.Type + "." + co.Method + "|entry:" + e.what,
			})
		})
	}
	reportServiceFlows(pass)
}

// serviceEntryPoints lists the Apex entry points that run with no
// interactive user, in tree order.
func serviceEntryPoints(g *graph.Graph, s *lint.Settings) []entryPoint {
	var out []entryPoint
	invocableFromServiceFlow := map[string]string{} // lower class name -> flow description
	for _, f := range g.Tree.Flows {
		if !isServiceFlow(f) {
			continue
		}
		for _, a := range f.ActionCalls {
			if a.ActionType.Is("apex") {
				invocableFromServiceFlow[strings.ToLower(a.ActionName.Value)] = fmt.Sprintf("flow %s (%s)", f.Name, f.TriggerType.Value)
			}
		}
	}
	for _, src := range g.Tree.Apex {
		if t := src.Trigger; t != nil && strings.HasSuffix(strings.ToLower(t.Object), "__e") {
			out = append(out, entryPoint{what: fmt.Sprintf("trigger %s on platform event %s", t.Name, t.Object), span: t.Span, src: src, refs: src.Refs})
		}
		for _, typ := range src.Types {
			if typ.Outer == "" && s.IsEntryClass(typ.Name) {
				out = append(out, entryPoint{what: typ.Name + ", a service entry class in .nclint.yml", span: typ.Span, src: src, refs: src.Refs})
				continue
			}
			for _, iface := range typ.Implements {
				if name, ok := serviceInterfaces[normalizeInterface(iface)]; ok {
					e := entryPoint{what: typ.Name + " implements " + name, span: typ.Span, src: src, refs: src.Refs}
					if typ.Outer != "" {
						e.typ = typ.Name
					}
					out = append(out, e)
					break
				}
			}
			flowDesc := invocableFromServiceFlow[strings.ToLower(typ.Name)]
			for _, m := range typ.Methods {
				for _, a := range m.Annotations {
					switch {
					case a.Name == "future":
						out = append(out, entryPoint{what: "@future method " + typ.Name + "." + m.Name, span: m.Span, src: src, typ: typ.Name, method: m.Name, refs: m.Refs})
					case a.Name == "invocablemethod" && flowDesc != "":
						out = append(out, entryPoint{what: "@InvocableMethod " + typ.Name + "." + m.Name + " called from " + flowDesc, span: m.Span, src: src, typ: typ.Name, method: m.Name, refs: m.Refs})
					}
				}
			}
		}
	}
	return out
}

// isServiceFlow reports whether a flow runs with no interactive user:
// scheduled and platform-event-triggered flows.
func isServiceFlow(f *model.Flow) bool {
	return f.TriggerType.Is("Scheduled") || f.TriggerType.Is("PlatformEvent")
}

// walkCallouts calls fn for every callout reachable from e: callouts in the
// entry's scope, then in classes it references, transitively up to
// maxReachDepth. path holds the class references followed.
func walkCallouts(g *graph.Graph, e entryPoint, fn func(*model.Callout, []lint.Related)) {
	for i := range e.src.Callouts {
		co := &e.src.Callouts[i]
		if (e.typ == "" || strings.EqualFold(co.Type, e.typ)) && (e.method == "" || strings.EqualFold(co.Method, e.method)) {
			fn(co, nil)
		}
	}
	type step struct {
		src  *model.ApexSource
		path []lint.Related
	}
	seen := map[*model.ApexSource]bool{e.src: true}
	var queue []step
	enqueue := func(refs []model.Ref, path []lint.Related) {
		for _, r := range refs {
			target := g.ApexClass(r.Name)
			if target == nil || seen[target] {
				continue
			}
			seen[target] = true
			p := append(append([]lint.Related{}, path...), lint.Related{Span: r.Span, Message: "calls " + r.Name})
			queue = append(queue, step{src: target, path: p})
		}
	}
	enqueue(e.refs, nil)
	for depth := 0; depth < maxReachDepth && len(queue) > 0; depth++ {
		level := queue
		queue = nil
		for _, s := range level {
			for i := range s.src.Callouts {
				fn(&s.src.Callouts[i], s.path)
			}
			enqueue(s.src.Refs, s.path)
		}
	}
}

// reportServiceFlows reports scheduled and platform-event flows that call an
// external service whose named credential authenticates only per user.
func reportServiceFlows(pass *lint.Pass) {
	g := pass.Graph
	for _, f := range g.Tree.Flows {
		if !isServiceFlow(f) {
			continue
		}
		for _, a := range f.ActionCalls {
			svc := g.ExternalService(graph.FlowServiceName(a))
			if svc == nil {
				continue
			}
			for _, ref := range graph.ServiceNamedCredentialRefs(svc) {
				nc := g.NamedCredential(ref.Value)
				if nc == nil {
					continue
				}
				perUser, principal := perUserAuth(g, nc)
				if !perUser {
					continue
				}
				what := fmt.Sprintf("flow %s is triggered by %s", f.Name, f.TriggerType.Value)
				pass.Report(lint.Finding{
					Message: fmt.Sprintf("Flow %s runs with no interactive user (trigger type %s) and calls external service %s, "+
						"whose named credential %s authenticates only per user; the callout fails with \"No valid principal\". "+
						"Use a named credential with a named principal for the service.", f.Name, f.TriggerType.Value, svc.Name, nc.Name),
					Span: a.ActionName.Span,
					Related: []lint.Related{
						{Span: f.TriggerType.Span, Message: what},
						{Span: ref.Span, Message: "external service " + svc.Name + " uses " + nc.Name},
						principal,
					},
					Identity: "Flow:" + f.Name + "|service:" + svc.Name + "|NamedCredential:" + nc.Name,
				})
			}
		}
	}
}
