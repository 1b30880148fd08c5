package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
)

// PerUserPrincipalInServiceContext (NC201) reports callouts that run with
// no interactive user and reach a named credential that authenticates only
// per user: an error where the code certainly runs as the Automated Process
// user, a warning where it runs as whoever started it.
var PerUserPrincipalInServiceContext = &lint.Rule{
	ID:        "NC201",
	Name:      "per-user-principal-in-service-context",
	Level:     lint.LevelError,
	Precision: "high",
	Tags:      []string{"service-context", "callout"},
	Short:     "Per-user named credential called where no user can authorize",
	Full: "A callout that runs with no interactive user reaches a named credential whose authentication is per-user only " +
		"(its external credential has only PerUserPrincipal principals, or it is a legacy named credential with principalType " +
		"PerUser). Error where the code runs as the Automated Process user, who can never authorize: platform event triggers " +
		"without a PlatformEventSubscriberConfig user, change event triggers, scheduled flows saved below API 53. Warning where " +
		"it runs as whoever started it (Schedulable, Batchable, Queueable, Finalizer, @future, a subscriber config user, " +
		"platform-event flows, scheduled flows at API 53 or later): the callout works only if that user has authorized.",
	Help: `## Why it breaks

A per-user principal holds one set of credentials per Salesforce user, stored when that user authorizes
(External Credentials in their personal settings). A callout through it uses the credentials of the user the code
runs as. Background code has no browser session, so nobody can be prompted to authorize there: the callout works
only if the running user authorized earlier, and otherwise Salesforce throws, before any request is sent,
` + "`System.CalloutException: We couldn't access the credential(s). You might not have the required permissions, or the external credential \"X\" might not exist.`" + `

Who the code runs as decides the level:

| Entry point | Runs as | Level |
|---|---|---|
| Apex trigger on a platform event (` + "`X__e`" + `) without a PlatformEventSubscriberConfig naming a user | Automated Process user | error |
| Apex trigger on a change event (` + "`AccountChangeEvent`" + `, ` + "`X__ChangeEvent`" + `) | Automated Process user | error |
| Scheduled flow saved below API 53.0 (and invocable Apex it calls) | Automated Process user | error |
| Apex trigger on a standard platform event (` + "`BatchApexErrorEvent`" + `) | Automated Process user (assumed: documented for platform event triggers, not per standard event) | warning |
| Platform event trigger whose PlatformEventSubscriberConfig names a ` + "`user`" + ` | that user | warning |
| ` + "`Schedulable`" + `, ` + "`Database.Batchable`" + `, ` + "`Queueable`" + `, ` + "`Finalizer`" + `, ` + "`@future`" + `, entry classes in ` + "`.nclint.yml`" + ` | the user who scheduled, started or enqueued it | warning |
| Scheduled flow saved at API 53.0 or later | the Default Workflow User | warning |
| Platform-event-triggered flow | the user who published the event (the Automated Process user in some orgs) | warning |

While a PlatformEventSubscriberConfig cannot be read (NC901), it may name any trigger and a user, so platform
event and change event triggers are reported as warnings instead of errors.

The Automated Process user can never authorize a per-user principal, so those callouts always fail. A real user
can, but a job started by another user, a changed Default Workflow User or an expired refresh token breaks the
callout without warning. ` + "`@AuraEnabled`" + `, Visualforce and other code run in a user's request are not reported:
there the per-user principal is the right design.

nclint follows class references from the entry point (at most eight classes deep) to the class that holds the
` + "`callout:`" + ` literal and reports the whole path as a code flow. Each callout is reported once, for the most
severe entry point that reaches it.

## How to fix

Give the external credential a **named principal** for background work, grant it to the user the code runs as,
and call a named credential that uses it from the job:

` + "```xml" + `
<externalCredentialParameters>
    <parameterGroup>Sync Service</parameterGroup>
    <parameterName>Sync Service</parameterName>
    <parameterType>NamedPrincipal</parameterType>
    <sequenceNumber>1</sequenceNumber>
</externalCredentialParameters>
` + "```" + `

For a platform event trigger, a PlatformEventSubscriberConfig can make it run as a real user instead of the
Automated Process user (still a warning: that user must have authorized):

` + "```xml" + `
<PlatformEventSubscriberConfig xmlns="http://soap.sforce.com/2006/04/metadata">
    <batchSize>200</batchSize>
    <masterLabel>Partner Event Trigger Config</masterLabel>
    <platformEventConsumer>PartnerEventTrigger</platformEventConsumer>
    <user>integration@acme.com</user>
</PlatformEventSubscriberConfig>
` + "```" + `

Keep per-user principals for code that runs in a user's request (Lightning controllers, Visualforce).

## References

- Named Credentials Developer Guide, "Use an OAuth named credential in a callout" (per-user callouts use the
  current user's credentials).
- Apex Developer Guide, asynchronous Apex (Queueable, Schedulable, Batch, future methods run as the user who
  submitted them).
- Platform Events Developer Guide, "Configure the User and Batch Size for Your Platform Event Trigger with
  PlatformEventSubscriberConfig" (platform event triggers run as the Automated Process user by default).
- Change Data Capture Developer Guide, "Change Event Triggers" (run as the Automated Process user).
- Salesforce Knowledge article 000383103 (Apex platform event triggers run as Automated Process; flow
  subscribers run as the user who published the event).
- Salesforce Knowledge article 002471425 (scheduled flows run as the Default Workflow User from API 53.0,
  as the Automated Process user below).
`,
	Check: checkPerUserPrincipalInServiceContext,
}

// maxReachDepth bounds the class reference walk from an entry point.
const maxReachDepth = 8

// serviceInterfaces are the interfaces whose implementations run with no
// interactive user, lower-cased, generics and "System." removed, with the
// user each one runs as.
var serviceInterfaces = map[string]struct{ name, runAs string }{
	"schedulable":        {"Schedulable", "the user who schedules %s"},
	"database.batchable": {"Database.Batchable", "the user who starts %s with Database.executeBatch"},
	"queueable":          {"Queueable", "the user who enqueues %s"},
	"finalizer":          {"Finalizer", "the user who enqueued the Queueable job that attaches %s"},
}

// standardPlatformEvents are standard platform events whose documentation
// lists Apex triggers as subscribers, lower-cased. Salesforce documents that
// platform event triggers run as the Automated Process user, but not per
// standard event, so triggers on these are reported as warnings.
var standardPlatformEvents = map[string]bool{
	"batchapexerrorevent": true,
}

// defaultWorkflowUserAPI is the first API version at which scheduled flows
// run as the Default Workflow User rather than the Automated Process user.
const defaultWorkflowUserAPI = 53

var genericArgs = regexp.MustCompile(`<.*>`)

func normalizeInterface(s string) string {
	s = strings.ToLower(genericArgs.ReplaceAllString(strings.Join(strings.Fields(s), ""), ""))
	return strings.TrimPrefix(s, "system.")
}

// runContext says who code runs as when nobody is interacting with it.
type runContext struct {
	// runAs names the running user for messages, e.g. "the user who
	// enqueues PartnerSyncJob" or "the Automated Process user".
	runAs string
	// automated is set when the code certainly runs as the Automated
	// Process user, who can never authorize a per-user principal.
	automated bool
	// specific is set when runAs names one user or one kind of user (a
	// subscriber config user, the Default Workflow User, the publisher of
	// an event) rather than whoever starts the code: code such an entry
	// point starts (a job a trigger enqueues) runs as that user too.
	specific bool
	// assumed is set when the Automated Process user is assumed rather
	// than documented: reported as a warning, worded like automated.
	assumed bool
	// note is added to the entry point's description in messages, e.g.
	// "; saved at API 52.0, below 53.0".
	note string
	// related are the elements that decide the running user (subscriber
	// config user, flow apiVersion).
	related []lint.Related
}

// entryPoint is code that runs with no interactive user.
type entryPoint struct {
	// what describes it, e.g. "PartnerSyncJob implements Queueable". It is
	// part of the finding identity, so its wording must stay stable.
	what string
	span loc.Span
	src  *model.ApexSource
	// typ and method narrow the entry to one type or method ("" = whole file).
	typ, method string
	refs        []model.Ref
	ctx         runContext
}

// perUserAuth says whether nc authenticates only per user, and where. ec is
// the external credential's name ("" for a legacy named credential).
func perUserAuth(g *graph.Graph, nc *model.NamedCredential) (perUser bool, ec string, where lint.Related) {
	if nc.IsLegacy() {
		if nc.PrincipalType.Is("PerUser") {
			return true, "", lint.Related{Span: nc.PrincipalType.Span, Message: "legacy named credential " + nc.Name + " uses principalType PerUser"}
		}
		return false, "", lint.Related{}
	}
	x := g.ExternalCredentialOf(nc)
	if x == nil {
		return false, "", lint.Related{}
	}
	ps := x.Principals()
	if len(ps) == 0 {
		return false, "", lint.Related{}
	}
	for _, p := range ps {
		if !p.Type.Is(model.PerUserPrincipal) {
			return false, "", lint.Related{}
		}
	}
	return true, x.Name, lint.Related{Span: ps[0].Name.Span, Message: fmt.Sprintf("%s has only per-user principals (%q)", x.Name, ps[0].Name.Value)}
}

// calloutFailure is what Salesforce throws when the running user holds no
// credential for the external credential ec.
func calloutFailure(ec string) string {
	if ec == "" {
		return "fails: that user has no stored credentials for the legacy per-user named credential."
	}
	return fmt.Sprintf("throws System.CalloutException: We couldn't access the credential(s). You might not have the "+
		"required permissions, or the external credential %q might not exist.", ec)
}

// contextMessage words a finding: subject (code described by what) runs
// as ctx and reaches target, which authenticates only per user through
// external credential ec ("" for the legacy named credential nc).
func contextMessage(subject, what, target, nc, ec string, ctx runContext) string {
	failure := calloutFailure(ec)
	if ctx.automated || ctx.assumed {
		runs, always := "runs", "always"
		if ctx.assumed {
			runs, always = "probably runs", "would always"
			failure = strings.Replace(failure, "throws", "throw", 1)
			failure = strings.Replace(failure, "fails:", "fail:", 1)
		}
		return fmt.Sprintf("%s %s as the Automated Process user (%s%s), who can never authorize a per-user principal, "+
			"and %s authenticates only per user, so the callout %s %s Use a named credential whose external "+
			"credential has a named principal for this code.", subject, runs, what, ctx.note, target, always, failure)
	}
	principal := "the per-user principal of " + ec
	if ec == "" {
		principal = nc
	}
	return fmt.Sprintf("%s runs as %s (%s%s), and %s authenticates only per user: the callout works only if that user "+
		"has authorized %s, and nobody can be prompted to authorize in the background; otherwise it %s Use a named "+
		"credential whose external credential has a named principal for background work, or make sure only a user "+
		"who has authorized starts it.", subject, ctx.runAs, what, ctx.note, target, principal, failure)
}

func checkPerUserPrincipalInServiceContext(pass *lint.Pass) {
	g := pass.Graph
	type ncAuth struct {
		perUser bool
		ec      string
		where   lint.Related
	}
	auth := map[string]*ncAuth{} // callout name -> how its named credential authenticates
	authOf := func(co *model.Callout) (*model.NamedCredential, *ncAuth) {
		nc := g.NamedCredential(co.Name)
		if nc == nil {
			return nil, nil
		}
		a, ok := auth[co.Name]
		if !ok {
			a = &ncAuth{}
			a.perUser, a.ec, a.where = perUserAuth(g, nc)
			auth[co.Name] = a
		}
		return nc, a
	}
	entries := serviceEntryPoints(g, pass.Settings)
	reachCallouts(g, entries, func(co *model.Callout) bool {
		_, a := authOf(co)
		return a != nil && a.perUser
	}, func(e *entryPoint, co *model.Callout, path []lint.Related) {
		nc, a := authOf(co)
		level := lint.LevelWarning
		if e.ctx.automated {
			level = lint.LevelError
		}
		entry := lint.Related{Span: e.span, Message: "service entry point: " + e.what}
		// A code flow only says more than the related locations when the
		// callout is reached through other classes.
		var flow []lint.Related
		if len(path) > 0 {
			flow = append([]lint.Related{entry}, path...)
			flow = append(flow, lint.Related{Span: co.Span, Message: "callout to " + nc.Name})
		}
		related := append([]lint.Related{entry}, e.ctx.related...)
		pass.Report(lint.Finding{
			Level:    level,
			Message:  contextMessage("Callout to "+nc.Name, e.what, nc.Name, nc.Name, a.ec, e.ctx),
			Span:     co.Span,
			Related:  append(related, a.where),
			Flow:     flow,
			Identity: "NamedCredential:" + nc.Name + "|caller:" + co.Type + "." + co.Method + "|entry:" + e.what,
		})
	})
	reportServiceFlows(pass)
}

// triggerContext says who an Apex trigger runs as and describes it; ok is
// false for triggers on objects, which run in the user's transaction.
func triggerContext(g *graph.Graph, t *model.ApexTrigger) (what string, ctx runContext, ok bool) {
	obj := strings.ToLower(t.Object)
	switch {
	case strings.HasSuffix(obj, "__e"):
		what = fmt.Sprintf("trigger %s on platform event %s", t.Name, t.Object)
		ctx = runContext{runAs: "the Automated Process user", automated: true}
	case strings.HasSuffix(obj, "changeevent"):
		what = fmt.Sprintf("trigger %s on change event %s", t.Name, t.Object)
		ctx = runContext{runAs: "the Automated Process user", automated: true}
	case standardPlatformEvents[obj]:
		what = fmt.Sprintf("trigger %s on standard platform event %s", t.Name, t.Object)
		ctx = runContext{runAs: "the Automated Process user", specific: true, assumed: true,
			note: "; Salesforce documents this user for platform event triggers, not for each standard event"}
	default:
		return "", runContext{}, false
	}
	if cfg := g.SubscriberConfig(t.Name); cfg != nil && cfg.User.Value != "" {
		return what, runContext{
			runAs:    fmt.Sprintf("%s, the user PlatformEventSubscriberConfig %s sets", cfg.User.Value, cfg.Name),
			specific: true,
			related:  []lint.Related{{Span: cfg.User.Span, Message: fmt.Sprintf("PlatformEventSubscriberConfig %s runs %s as %s", cfg.Name, t.Name, cfg.User.Value)}},
		}, true
	} else if cfg != nil {
		ctx.related = append(ctx.related, lint.Related{Span: cfg.PlatformEventConsumer.Span, Message: fmt.Sprintf("PlatformEventSubscriberConfig %s configures %s but names no user", cfg.Name, t.Name)})
	}
	// A subscriber config that could not be read may name this trigger
	// and a user: without it, the Automated Process user is not certain.
	for _, cfg := range g.Tree.SubscriberConfigs {
		if cfg.Unparsed && ctx.automated {
			ctx.automated, ctx.assumed, ctx.specific = false, true, true
			ctx.note = fmt.Sprintf("; PlatformEventSubscriberConfig %s could not be read and may set another user", cfg.Name)
			ctx.related = append(ctx.related, lint.Related{Span: cfg.Root, Message: "PlatformEventSubscriberConfig " + cfg.Name + " could not be read"})
		}
	}
	return what, ctx, true
}

// flowContext says who a scheduled or platform-event-triggered flow runs
// as; ok is false for other flows.
func flowContext(f *model.Flow) (ctx runContext, ok bool) {
	trigger := lint.Related{Span: f.TriggerType.Span, Message: fmt.Sprintf("flow %s is triggered by %s", f.Name, f.TriggerType.Value)}
	switch {
	case f.TriggerType.Is("Scheduled"):
		v, err := strconv.ParseFloat(strings.TrimSpace(f.APIVersion.Value), 64)
		switch {
		case err != nil:
			ctx.runAs = fmt.Sprintf("the Default Workflow User (or the Automated Process user if scheduled flow %s was saved below API %d.0; its apiVersion is not readable)", f.Name, defaultWorkflowUserAPI)
		case v < defaultWorkflowUserAPI:
			ctx.runAs, ctx.automated = "the Automated Process user", true
			ctx.note = fmt.Sprintf("; %s is saved at API %s, below %d.0", f.Name, f.APIVersion.Value, defaultWorkflowUserAPI)
			ctx.related = append(ctx.related, lint.Related{Span: f.APIVersion.Span, Message: fmt.Sprintf("scheduled flow %s is saved at API %s, below %d.0: it runs as the Automated Process user", f.Name, f.APIVersion.Value, defaultWorkflowUserAPI)})
		default:
			ctx.runAs = "the Default Workflow User"
			ctx.related = append(ctx.related, lint.Related{Span: f.APIVersion.Span, Message: fmt.Sprintf("scheduled flow %s is saved at API %s: it runs as the Default Workflow User", f.Name, f.APIVersion.Value)})
		}
	case f.TriggerType.Is("PlatformEvent"):
		event := f.TriggerObject.Value
		if event == "" {
			event = "the event"
		}
		ctx.runAs = fmt.Sprintf("the user who published %s (in some orgs the Automated Process user)", event)
	default:
		return runContext{}, false
	}
	ctx.specific = !ctx.automated
	ctx.related = append([]lint.Related{trigger}, ctx.related...)
	return ctx, true
}

// serviceEntryPoints lists the Apex entry points that run with no
// interactive user, in tree order.
func serviceEntryPoints(g *graph.Graph, s *lint.Settings) []entryPoint {
	var out []entryPoint
	type flowCall struct {
		desc string
		ctx  runContext
	}
	invocableFromServiceFlow := map[string][]flowCall{} // lower class name -> service flows calling it
	for _, f := range g.Tree.Flows {
		ctx, ok := flowContext(f)
		if !ok {
			continue
		}
		for _, a := range f.ActionCalls {
			if a.ActionType.Is("apex") {
				k := strings.ToLower(a.ActionName.Value)
				invocableFromServiceFlow[k] = append(invocableFromServiceFlow[k], flowCall{fmt.Sprintf("flow %s (%s)", f.Name, f.TriggerType.Value), ctx})
			}
		}
	}
	for _, src := range g.Tree.Apex {
		if t := src.Trigger; t != nil {
			if what, ctx, ok := triggerContext(g, t); ok {
				out = append(out, entryPoint{what: what, span: t.Span, src: src, refs: src.Refs, ctx: ctx})
			}
		}
		for _, typ := range src.Types {
			if typ.Outer == "" && s.IsEntryClass(typ.Name) {
				out = append(out, entryPoint{what: typ.Name + ", a service entry class in .nclint.yml", span: typ.Span, src: src, refs: src.Refs,
					ctx: runContext{runAs: "whoever starts " + typ.Name}})
				continue
			}
			for _, iface := range typ.Implements {
				if si, ok := serviceInterfaces[normalizeInterface(iface)]; ok {
					e := entryPoint{what: typ.Name + " implements " + si.name, span: typ.Span, src: src, refs: src.Refs,
						ctx: runContext{runAs: fmt.Sprintf(si.runAs, typ.Name)}}
					if typ.Outer != "" {
						e.typ = typ.Name
					}
					out = append(out, e)
					break
				}
			}
			calls := invocableFromServiceFlow[strings.ToLower(typ.Name)]
			for _, m := range typ.Methods {
				for _, a := range m.Annotations {
					switch {
					case a.Name == "future":
						out = append(out, entryPoint{what: "@future method " + typ.Name + "." + m.Name, span: m.Span, src: src, typ: typ.Name, method: m.Name, refs: m.Refs,
							ctx: runContext{runAs: "the user whose transaction calls the method"}})
					case a.Name == "invocablemethod":
						for _, c := range calls {
							out = append(out, entryPoint{what: "@InvocableMethod " + typ.Name + "." + m.Name + " called from " + c.desc, span: m.Span, src: src, typ: typ.Name, method: m.Name, refs: m.Refs, ctx: c.ctx})
						}
					}
				}
			}
		}
	}
	return out
}

// reachCallouts calls report once for every callout that want accepts and
// that some entry point reaches: callouts in the entry's own scope, then in
// the classes it references, transitively up to maxReachDepth classes
// away. Each callout is reported for the first entry point, in tree order,
// that reaches it among those running as the Automated Process user, else
// among those naming a specific user, else among the others; path holds
// the class references followed from it.
//
// The walk is linear in the size of the class graph rather than entry
// points × reachable classes: a class is walked again only when an entry
// point reaches it with more depth left than any before, so each class is
// walked at most maxReachDepth+1 times whatever the number of entry
// points. Skipping a class walked before loses nothing, since every
// callout within the remaining depth from it has been reported already.
func reachCallouts(g *graph.Graph, entries []entryPoint, want func(*model.Callout) bool, report func(*entryPoint, *model.Callout, []lint.Related)) {
	order := make([]int, len(entries))
	for i := range order {
		order[i] = i
	}
	rank := func(c runContext) int {
		switch {
		case c.automated:
			return 0
		case c.specific:
			return 1
		}
		return 2
	}
	slices.SortStableFunc(order, func(a, b int) int { return rank(entries[a].ctx) - rank(entries[b].ctx) })
	// hop is one class reference on the way from an entry point, linked
	// back towards the entry point.
	type hop struct {
		ref  model.Ref
		prev *hop
	}
	type visit struct {
		src  *model.ApexSource
		via  *hop
		left int // further class references that may be followed
	}
	done := map[*model.Callout]bool{}
	left := map[*model.ApexSource]int{} // most depth left with which a class was walked
	claim := func(e *entryPoint, co *model.Callout, via *hop) {
		if done[co] || !want(co) {
			return
		}
		done[co] = true
		var path []lint.Related
		for h := via; h != nil; h = h.prev {
			path = append(path, lint.Related{Span: h.ref.Span, Message: "calls " + h.ref.Name})
		}
		slices.Reverse(path)
		report(e, co, path)
	}
	var queue []visit
	for _, i := range order {
		e := &entries[i]
		for j := range e.src.Callouts {
			co := &e.src.Callouts[j]
			if (e.typ == "" || strings.EqualFold(co.Type, e.typ)) && (e.method == "" || strings.EqualFold(co.Method, e.method)) {
				claim(e, co, nil)
			}
		}
		if e.typ == "" && e.method == "" {
			// The whole file is the entry point: walking it again from
			// another entry point would find nothing new.
			if l, seen := left[e.src]; seen && l >= maxReachDepth {
				continue
			}
			left[e.src] = maxReachDepth
		}
		enqueue := func(refs []model.Ref, via *hop, l int) {
			for _, r := range refs {
				target := g.ApexClass(r.Name)
				if target == nil {
					continue
				}
				if old, seen := left[target]; seen && old >= l {
					continue
				}
				left[target] = l
				queue = append(queue, visit{src: target, via: &hop{ref: r, prev: via}, left: l})
			}
		}
		enqueue(e.refs, nil, maxReachDepth-1)
		for len(queue) > 0 {
			v := queue[0]
			queue = queue[1:]
			for j := range v.src.Callouts {
				claim(e, &v.src.Callouts[j], v.via)
			}
			if v.left > 0 {
				enqueue(v.src.Refs, v.via, v.left-1)
			}
		}
		queue = queue[:0]
	}
}

// reportServiceFlows reports scheduled and platform-event flows that call an
// external service whose named credential authenticates only per user.
func reportServiceFlows(pass *lint.Pass) {
	g := pass.Graph
	for _, f := range g.Tree.Flows {
		ctx, ok := flowContext(f)
		if !ok {
			continue
		}
		level := lint.LevelWarning
		if ctx.automated {
			level = lint.LevelError
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
				perUser, ec, principal := perUserAuth(g, nc)
				if !perUser {
					continue
				}
				target := fmt.Sprintf("%s, the named credential of external service %s that it calls,", nc.Name, svc.Name)
				related := append(slices.Clip(ctx.related), lint.Related{Span: ref.Span, Message: "external service " + svc.Name + " uses " + nc.Name}, principal)
				pass.Report(lint.Finding{
					Level:    level,
					Message:  contextMessage("Flow "+f.Name, "trigger type "+f.TriggerType.Value, target, nc.Name, ec, ctx),
					Span:     a.ActionName.Span,
					Related:  related,
					Identity: "Flow:" + f.Name + "|service:" + svc.Name + "|NamedCredential:" + nc.Name,
				})
			}
		}
	}
}
