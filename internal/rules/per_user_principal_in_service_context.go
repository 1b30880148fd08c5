package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nclint/nclint/internal/entry"
	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/lint"
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
func contextMessage(subject, what, target, nc, ec string, ctx entry.RunContext) string {
	failure := calloutFailure(ec)
	if ctx.Automated || ctx.Assumed {
		runs, always := "runs", "always"
		if ctx.Assumed {
			runs, always = "probably runs", "would always"
			failure = strings.Replace(failure, "throws", "throw", 1)
			failure = strings.Replace(failure, "fails:", "fail:", 1)
		}
		return fmt.Sprintf("%s %s as the Automated Process user (%s%s), who can never authorize a per-user principal, "+
			"and %s authenticates only per user, so the callout %s %s Use a named credential whose external "+
			"credential has a named principal for this code.", subject, runs, what, ctx.Note, target, always, failure)
	}
	principal := "the per-user principal of " + ec
	if ec == "" {
		principal = nc
	}
	return fmt.Sprintf("%s runs as %s (%s%s), and %s authenticates only per user: the callout works only if that user "+
		"has authorized %s, and nobody can be prompted to authorize in the background; otherwise it %s Use a named "+
		"credential whose external credential has a named principal for background work, or make sure only a user "+
		"who has authorized starts it.", subject, ctx.RunAs, what, ctx.Note, target, principal, failure)
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
	entries := entry.ServicePoints(g, pass.Settings)
	entry.Reach(g, entries, func(co *model.Callout) bool {
		_, a := authOf(co)
		return a != nil && a.perUser
	}, func(e *entry.Point, co *model.Callout, path []lint.Related) {
		nc, a := authOf(co)
		level := lint.LevelWarning
		if e.Ctx.Automated {
			level = lint.LevelError
		}
		entry := lint.Related{Span: e.Span, Message: "service entry point: " + e.What}
		// A code flow only says more than the related locations when the
		// callout is reached through other classes.
		var flow []lint.Related
		if len(path) > 0 {
			flow = append([]lint.Related{entry}, path...)
			flow = append(flow, lint.Related{Span: co.Span, Message: "callout to " + nc.Name})
		}
		related := append([]lint.Related{entry}, e.Ctx.Related...)
		pass.Report(lint.Finding{
			Level:    level,
			Message:  contextMessage("Callout to "+nc.Name, e.What, nc.Name, nc.Name, a.ec, e.Ctx),
			Span:     co.Span,
			Related:  append(related, a.where),
			Flow:     flow,
			Identity: "NamedCredential:" + nc.Name + "|caller:" + co.Type + "." + co.Method + "|entry:" + e.What,
		})
	})
	reportServiceFlows(pass)
}

// reportServiceFlows reports scheduled and platform-event flows that call an
// external service whose named credential authenticates only per user.
func reportServiceFlows(pass *lint.Pass) {
	g := pass.Graph
	for _, f := range g.Tree.Flows {
		ctx, ok := entry.FlowContext(f)
		if !ok {
			continue
		}
		level := lint.LevelWarning
		if ctx.Automated {
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
				related := append(slices.Clip(ctx.Related), lint.Related{Span: ref.Span, Message: "external service " + svc.Name + " uses " + nc.Name}, principal)
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
