// Package entry finds the Apex and flow entry points that run with no
// interactive user and who they run as (the Automated Process user, the user
// who started a job, a configured subscriber user), and walks class
// references from them to the callouts they reach. NC201 reports per-user
// callouts from them; the access queries label callers with them.
package entry

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

// MaxReachDepth bounds the class reference walk from an entry point.
const MaxReachDepth = 8

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

// RunContext says who code runs as when nobody is interacting with it.
type RunContext struct {
	// RunAs names the running user for messages, e.g. "the user who
	// enqueues PartnerSyncJob" or "the Automated Process user".
	RunAs string
	// Automated is set when the code certainly runs as the Automated
	// Process user, who can never authorize a per-user principal.
	Automated bool
	// Specific is set when RunAs names one user or one kind of user (a
	// subscriber config user, the Default Workflow User, the publisher of
	// an event) rather than whoever starts the code: code such an entry
	// point starts (a job a trigger enqueues) runs as that user too.
	Specific bool
	// Assumed is set when the Automated Process user is assumed rather
	// than documented: reported as a warning, worded like Automated.
	Assumed bool
	// Note is added to the entry point's description in messages, e.g.
	// "; saved at API 52.0, below 53.0".
	Note string
	// Related are the elements that decide the running user (subscriber
	// config user, flow apiVersion).
	Related []lint.Related
}

// Point is code that runs with no interactive user.
type Point struct {
	// What describes it, e.g. "PartnerSyncJob implements Queueable". It is
	// part of the finding identity, so its wording must stay stable.
	What string
	Span loc.Span
	Src  *model.ApexSource
	// Type and Method narrow the entry to one type or method ("" = whole file).
	Type, Method string
	Refs         []model.Ref
	Ctx          RunContext
}

// TriggerContext says who an Apex trigger runs as and describes it; ok is
// false for triggers on objects, which run in the user's transaction.
func TriggerContext(g *graph.Graph, t *model.ApexTrigger) (what string, ctx RunContext, ok bool) {
	obj := strings.ToLower(t.Object)
	switch {
	case strings.HasSuffix(obj, "__e"):
		what = fmt.Sprintf("trigger %s on platform event %s", t.Name, t.Object)
		ctx = RunContext{RunAs: "the Automated Process user", Automated: true}
	case strings.HasSuffix(obj, "changeevent"):
		what = fmt.Sprintf("trigger %s on change event %s", t.Name, t.Object)
		ctx = RunContext{RunAs: "the Automated Process user", Automated: true}
	case standardPlatformEvents[obj]:
		what = fmt.Sprintf("trigger %s on standard platform event %s", t.Name, t.Object)
		ctx = RunContext{RunAs: "the Automated Process user", Specific: true, Assumed: true,
			Note: "; Salesforce documents this user for platform event triggers, not for each standard event"}
	default:
		return "", RunContext{}, false
	}
	if cfg := g.SubscriberConfig(t.Name); cfg != nil && cfg.User.Value != "" {
		return what, RunContext{
			RunAs:    fmt.Sprintf("%s, the user PlatformEventSubscriberConfig %s sets", cfg.User.Value, cfg.Name),
			Specific: true,
			Related:  []lint.Related{{Span: cfg.User.Span, Message: fmt.Sprintf("PlatformEventSubscriberConfig %s runs %s as %s", cfg.Name, t.Name, cfg.User.Value)}},
		}, true
	} else if cfg != nil {
		ctx.Related = append(ctx.Related, lint.Related{Span: cfg.PlatformEventConsumer.Span, Message: fmt.Sprintf("PlatformEventSubscriberConfig %s configures %s but names no user", cfg.Name, t.Name)})
	}
	// A subscriber config that could not be read may name this trigger
	// and a user: without it, the Automated Process user is not certain.
	for _, cfg := range g.Tree.SubscriberConfigs {
		if cfg.Unparsed && ctx.Automated {
			ctx.Automated, ctx.Assumed, ctx.Specific = false, true, true
			ctx.Note = fmt.Sprintf("; PlatformEventSubscriberConfig %s could not be read and may set another user", cfg.Name)
			ctx.Related = append(ctx.Related, lint.Related{Span: cfg.Root, Message: "PlatformEventSubscriberConfig " + cfg.Name + " could not be read"})
		}
	}
	return what, ctx, true
}

// FlowContext says who a scheduled or platform-event-triggered flow runs
// as; ok is false for other flows.
func FlowContext(f *model.Flow) (ctx RunContext, ok bool) {
	trigger := lint.Related{Span: f.TriggerType.Span, Message: fmt.Sprintf("flow %s is triggered by %s", f.Name, f.TriggerType.Value)}
	switch {
	case f.TriggerType.Is("Scheduled"):
		v, err := strconv.ParseFloat(strings.TrimSpace(f.APIVersion.Value), 64)
		switch {
		case err != nil:
			ctx.RunAs = fmt.Sprintf("the Default Workflow User (or the Automated Process user if scheduled flow %s was saved below API %d.0; its apiVersion is not readable)", f.Name, defaultWorkflowUserAPI)
		case v < defaultWorkflowUserAPI:
			ctx.RunAs, ctx.Automated = "the Automated Process user", true
			ctx.Note = fmt.Sprintf("; %s is saved at API %s, below %d.0", f.Name, f.APIVersion.Value, defaultWorkflowUserAPI)
			ctx.Related = append(ctx.Related, lint.Related{Span: f.APIVersion.Span, Message: fmt.Sprintf("scheduled flow %s is saved at API %s, below %d.0: it runs as the Automated Process user", f.Name, f.APIVersion.Value, defaultWorkflowUserAPI)})
		default:
			ctx.RunAs = "the Default Workflow User"
			ctx.Related = append(ctx.Related, lint.Related{Span: f.APIVersion.Span, Message: fmt.Sprintf("scheduled flow %s is saved at API %s: it runs as the Default Workflow User", f.Name, f.APIVersion.Value)})
		}
	case f.TriggerType.Is("PlatformEvent"):
		event := f.TriggerObject.Value
		if event == "" {
			event = "the event"
		}
		ctx.RunAs = fmt.Sprintf("the user who published %s (in some orgs the Automated Process user)", event)
	default:
		return RunContext{}, false
	}
	ctx.Specific = !ctx.Automated
	ctx.Related = append([]lint.Related{trigger}, ctx.Related...)
	return ctx, true
}

// ServicePoints lists the Apex entry points that run with no
// interactive user, in tree order.
func ServicePoints(g *graph.Graph, s *lint.Settings) []Point {
	var out []Point
	type flowCall struct {
		desc string
		ctx  RunContext
	}
	invocableFromServiceFlow := map[string][]flowCall{} // lower class name -> service flows calling it
	for _, f := range g.Tree.Flows {
		ctx, ok := FlowContext(f)
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
			if what, ctx, ok := TriggerContext(g, t); ok {
				out = append(out, Point{What: what, Span: t.Span, Src: src, Refs: src.Refs, Ctx: ctx})
			}
		}
		for _, typ := range src.Types {
			if typ.Outer == "" && s.IsEntryClass(typ.Name) {
				out = append(out, Point{What: typ.Name + ", a service entry class in .nclint.yml", Span: typ.Span, Src: src, Refs: src.Refs,
					Ctx: RunContext{RunAs: "whoever starts " + typ.Name}})
				continue
			}
			for _, iface := range typ.Implements {
				if si, ok := serviceInterfaces[normalizeInterface(iface)]; ok {
					e := Point{What: typ.Name + " implements " + si.name, Span: typ.Span, Src: src, Refs: src.Refs,
						Ctx: RunContext{RunAs: fmt.Sprintf(si.runAs, typ.Name)}}
					if typ.Outer != "" {
						e.Type = typ.Name
					}
					out = append(out, e)
					break
				}
			}
			calls := invocableFromServiceFlow[strings.ToLower(typ.Name)]
			for _, m := range typ.Methods {
				for _, a := range m.Annotations {
					switch a.Name {
					case "future":
						out = append(out, Point{What: "@future method " + typ.Name + "." + m.Name, Span: m.Span, Src: src, Type: typ.Name, Method: m.Name, Refs: m.Refs,
							Ctx: RunContext{RunAs: "the user whose transaction calls the method"}})
					case "invocablemethod":
						for _, c := range calls {
							out = append(out, Point{What: "@InvocableMethod " + typ.Name + "." + m.Name + " called from " + c.desc, Span: m.Span, Src: src, Type: typ.Name, Method: m.Name, Refs: m.Refs, Ctx: c.ctx})
						}
					}
				}
			}
		}
	}
	return out
}

// Reach calls report once for every callout that want accepts and
// that some entry point reaches: callouts in the entry's own scope, then in
// the classes it references, transitively up to MaxReachDepth classes
// away. Each callout is reported for the first entry point, in tree order,
// that reaches it among those running as the Automated Process user, else
// among those naming a specific user, else among the others; path holds
// the class references followed from it.
//
// The walk is linear in the size of the class graph rather than entry
// points × reachable classes: a class is walked again only when an entry
// point reaches it with more depth left than any before, so each class is
// walked at most MaxReachDepth+1 times whatever the number of entry
// points. Skipping a class walked before loses nothing, since every
// callout within the remaining depth from it has been reported already.
func Reach(g *graph.Graph, entries []Point, want func(*model.Callout) bool, report func(*Point, *model.Callout, []lint.Related)) {
	order := make([]int, len(entries))
	for i := range order {
		order[i] = i
	}
	rank := func(c RunContext) int {
		switch {
		case c.Automated:
			return 0
		case c.Specific:
			return 1
		}
		return 2
	}
	slices.SortStableFunc(order, func(a, b int) int { return rank(entries[a].Ctx) - rank(entries[b].Ctx) })
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
	claim := func(e *Point, co *model.Callout, via *hop) {
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
		for j := range e.Src.Callouts {
			co := &e.Src.Callouts[j]
			if (e.Type == "" || strings.EqualFold(co.Type, e.Type)) && (e.Method == "" || strings.EqualFold(co.Method, e.Method)) {
				claim(e, co, nil)
			}
		}
		if e.Type == "" && e.Method == "" {
			// The whole file is the entry point: walking it again from
			// another entry point would find nothing new.
			if l, seen := left[e.Src]; seen && l >= MaxReachDepth {
				continue
			}
			left[e.Src] = MaxReachDepth
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
		enqueue(e.Refs, nil, MaxReachDepth-1)
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
