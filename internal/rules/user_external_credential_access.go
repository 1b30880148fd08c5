package rules

import (
	"fmt"
	"strings"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/model"
)

// UserExternalCredentialAccess (NC104) reports principal grants whose users
// lack the UserExternalCredential object permissions the principal needs.
var UserExternalCredentialAccess = &lint.Rule{
	ID:        "NC104",
	Name:      "user-external-credential-access",
	Level:     lint.LevelWarning,
	Precision: "medium",
	Tags:      []string{"access", "callout"},
	Short:     "Principal granted without the UserExternalCredential access it needs",
	Full: "A permission set grants an external credential principal, but users who get the grant lack the object " +
		"permissions on UserExternalCredential that the principal needs: Modify All Records for an OAuth named principal, " +
		"Read, Create, Edit and Delete for a per-user principal, Read for other named principals (the message says which of " +
		"these Salesforce documents; a Custom NoAuthentication principal is a note). Access is evaluated per " +
		"assignment unit, as Salesforce evaluates it per user: each permission set group containing the permission set " +
		"(its members' access combined, minus what its muting permission sets turn off), or the permission set alone when " +
		"no group contains it; access is never summed across groups. One finding per grant, with the units that lack access " +
		"as related locations. Profiles in the tree that grant UserExternalCredential access are named in the message, " +
		"since users with them may have the access.",
	Help: `## Why it breaks

Salesforce stores the tokens and credentials of external credential principals in the standard object
` + "`UserExternalCredential`" + `. Users who call out need object access to it, and how much depends on the principal:

| principal | access users need | source |
|---|---|---|
| OAuth 2.0 named principal (browser flow, JWT bearer, client credentials with a secret or a JWT assertion) | Modify All Records: Salesforce refreshes the shared token on the calling user's behalf | Salesforce Help, "Permission Concepts for User External Credentials" |
| OAuth 2.0 per-user principal | Read, Create, Edit, Delete | Salesforce Help, same page |
| per-user principal of another protocol (Custom, Basic, AWS) | Read, Create, Edit, Delete | assumed like the OAuth row (unverified) |
| Custom, Basic or AWS named principal (` + "`NamedPrincipal`" + `, ` + "`AwsStsPrincipal`" + `) | Read | what vendors document (Gearset grants Read only); the Help table rows for these protocols are unverified |

Only the OAuth rows are Salesforce's word, and the messages say so. What Salesforce documents for every protocol is
that users making an authenticated callout need profile- or permission set-based access to user external
credentials: a unit with no access at all (Read missing) is reported as a warning whose callouts fail. When users
have some access and only the assumed level is missing (a Custom per-user principal with Read only), the message
says callouts *may* fail. A Custom external credential with the ` + "`NoAuthentication`" + ` variant stores no credential
and makes no authenticated callout, so nothing documents that its users need the object: its grants are reported
as notes.

Standard profiles usually include this access, but custom permission sets, minimum-access and integration
profiles do not.

Salesforce evaluates access per user, so nclint evaluates it per *assignment unit*:

- each permission set group that contains the granting permission set: the access of all its permission sets
  combined, minus what its muting permission sets turn off (a muted Read also removes Create, Edit, Delete and
  Modify All; a muted Edit removes Delete and Modify All);
- the permission set alone, when no group in the tree contains it.

A grant in one permission set and the object access in another, bundled by a group, is a normal design and is
fine. Access is never summed across groups: a permission set in two groups, only one of which adds the access,
still lacks it for the members of the other group; that group is named as a related location. A group that lists
a permission set or muting permission set not in the tree (standard, managed, org-only) is not judged, since that
set may add or mute the access.

Profiles can grant the access too (` + "`objectPermissions`" + ` on Profile is valid metadata). nclint cannot know which
users have which profile, so the finding stays a warning, but the message names the profiles in the tree that give
the missing access (users with them have it anyway) and counts the others; when none gives it, it names those that
grant some UserExternalCredential access (at most five by name).

## How to fix

Add the object permission to the permission set that grants the principal, or to a permission set in each group
that lacks it. For an OAuth named principal:

` + "```xml" + `
<objectPermissions>
    <allowCreate>true</allowCreate>
    <allowDelete>true</allowDelete>
    <allowEdit>true</allowEdit>
    <allowRead>true</allowRead>
    <modifyAllRecords>true</modifyAllRecords>
    <object>UserExternalCredential</object>
    <viewAllRecords>true</viewAllRecords>
</objectPermissions>
` + "```" + `

For a per-user principal, the same with ` + "`modifyAllRecords`" + ` and ` + "`viewAllRecords`" + ` false; for other named
principals, ` + "`allowRead`" + ` alone.

## References

- Salesforce Help, "Permission Concepts for User External Credentials" (` + "`nc_user_external_credentials_permissions`" + `):
  Modify All Records for OAuth named principals, Read, Create, Edit and Delete for OAuth per-user principals.
- Salesforce Help, "Enable User External Credentials" (` + "`nc_user_external_credentials`" + `): any user performing an
  authenticated callout needs profile- or permission set-based access to user external credentials; "for some
  custom permission sets and profiles, you must assign User External Credentials object permissions manually".
- Metadata API Developer Guide, MutingPermissionSet: settings enabled in a muting permission set are turned off
  for the permission set group it belongs to.
- Gearset/archive-viewer-connector (public repository): a Custom named principal granted with Read only.
`,
	Check: checkUserExternalCredentialAccess,
}

// uecPerms is a set of UserExternalCredential object permissions.
type uecPerms = graph.UECPerms

// uecWording is how NC104 names a principal, what backs the access it
// needs, and how sure the finding can be.
type uecWording struct {
	kind  string     // "OAuth named principal"
	why   string     // " (…)" after the need, or ""
	level lint.Level // "" for the rule's level
}

// uecWordingOf words the need graph.UECRequirement gives. Only the OAuth
// rows of Salesforce's table are documented; for the others the message
// says what backs the need, and a Custom principal with the
// NoAuthentication variant (no credential stored) is a note.
func uecWordingOf(ec *model.ExternalCredential, kind graph.UECPrincipalKind, documented bool) uecWording {
	protocol := ec.AuthenticationProtocol.Value
	if protocol == "" {
		protocol = "this protocol's"
	}
	switch {
	case kind == graph.UECOAuthNamed:
		return uecWording{kind: "OAuth named principal", why: " (Salesforce refreshes the shared token on the calling user's behalf)"}
	case kind == graph.UECPerUser && documented:
		return uecWording{kind: "per-user principal"}
	case kind == graph.UECPerUser:
		return uecWording{kind: "per-user principal", why: fmt.Sprintf(" (Salesforce documents this for OAuth per-user principals; "+
			"nclint assumes the same for %s)", protocol)}
	case ec.StoresNoCredential():
		return uecWording{kind: "named principal", level: lint.LevelNote, why: " (vendors document Read for Custom named principals; " +
			"whether one with the NoAuthentication variant, which stores no credential, needs it is not documented)"}
	}
	return uecWording{kind: "named principal", why: fmt.Sprintf(" (Salesforce documents that users making "+
		"authenticated callouts need access to user external credentials, without a level for %s principals; vendors document Read)", protocol)}
}

// grantedPrincipal resolves an enabled grant to its principal in the tree.
func grantedPrincipal(g *graph.Graph, a model.PrincipalAccess) (*model.ExternalCredential, *model.ExternalCredentialParameter) {
	if !a.Enabled.Bool() {
		return nil, nil
	}
	return g.GrantTarget(a.Principal.Value)
}

func checkUserExternalCredentialAccess(pass *lint.Pass) {
	g := pass.Graph
	if grantsBlocked(g.Tree.Settings) {
		return // below API 59 the grants cannot deploy; NC101 says so
	}
	profiles := profilesWithUEC(g)
	memo := newGroupMemo()
	for _, ps := range g.Tree.PermissionSets {
		var units []graph.AccessUnit
		for _, a := range ps.PrincipalAccesses {
			ec, p := grantedPrincipal(g, a)
			if p == nil {
				continue
			}
			if units == nil {
				units = g.AccessUnits(ps)
			}
			checkGrantAccess(pass, ps, a, ec, p, units, profiles, memo)
		}
	}
}

// profileUEC is a profile in the tree that grants UserExternalCredential access.
type profileUEC struct {
	name  string
	perms uecPerms
}

// profilesWithUEC lists the profiles in the tree that grant any
// UserExternalCredential access, in tree order.
func profilesWithUEC(g *graph.Graph) []profileUEC {
	var out []profileUEC
	for _, prof := range g.Tree.Profiles {
		var p uecPerms
		for _, op := range prof.ObjectPermissions {
			p |= graph.UECPermsOf(op)
		}
		if p != 0 {
			out = append(out, profileUEC{prof.Name, p.Granted()})
		}
	}
	return out
}

// maxProfilesNamed caps the profiles a message names; the rest are counted.
const maxProfilesNamed = 5

// profileClause names the profiles in the tree that give the missing
// access (users with them have it anyway), or, when none does, those that
// grant some UserExternalCredential access; "" when no profile grants any.
func profileClause(profiles []profileUEC, miss uecPerms) string {
	var covering, partial []string
	for _, p := range profiles {
		if miss&^p.perms == 0 {
			covering = append(covering, p.name)
		} else {
			partial = append(partial, fmt.Sprintf("%s (%s)", p.name, p.perms))
		}
	}
	list := func(names []string) string {
		if len(names) > maxProfilesNamed {
			return strings.Join(names[:maxProfilesNamed], ", ") + fmt.Sprintf(" and %d more", len(names)-maxProfilesNamed)
		}
		return strings.Join(names, ", ")
	}
	switch {
	case len(covering) > 0:
		s := fmt.Sprintf(" Profiles in the tree that give %s on UserExternalCredential, so that users with them have it anyway: %s", miss, list(covering))
		if len(partial) > 0 {
			if len(partial) == 1 {
				s += " (1 other profile in the tree grants less)"
			} else {
				s += fmt.Sprintf(" (%d other profiles in the tree grant less)", len(partial))
			}
		}
		return s + "."
	case len(partial) > 0:
		return fmt.Sprintf(" Profiles in the tree grant UserExternalCredential access, but none gives %s: %s.", miss, list(partial))
	}
	return ""
}

func checkGrantAccess(pass *lint.Pass, ps *model.PermissionSet, a model.PrincipalAccess, ec *model.ExternalCredential,
	p *model.ExternalCredentialParameter, units []graph.AccessUnit, profiles []profileUEC, memo *groupMemo) {
	need, class, documented := graph.UECRequirement(ec, p)
	w := uecWordingOf(ec, class, documented)
	kind := w.kind
	var lacking []string
	related := []lint.Related{{Span: p.Name.Span, Message: kind + " " + p.Name.Value}}
	var aloneMiss, allMiss uecPerms
	for _, u := range units {
		if len(u.Unknown) > 0 {
			continue // a set not in the tree may add (or mute) the access
		}
		access, mutedAway, muters := memo.unitUECAccess(u)
		miss := need &^ access
		if miss == 0 {
			continue
		}
		allMiss |= miss
		if u.Group == nil {
			aloneMiss = miss
			continue
		}
		detail := "missing: " + miss.String()
		if miss&mutedAway != 0 {
			detail += "; muted by " + strings.Join(muters, ", ")
		}
		lacking = append(lacking, fmt.Sprintf("permission set group %s (%s)", u.Group.Name, detail))
		related = append(related, lint.Related{Span: u.Group.Root, Message: fmt.Sprintf("permission set group %s lacks %s on UserExternalCredential", u.Group.Name, miss)})
	}
	if aloneMiss == 0 && len(lacking) == 0 {
		return
	}
	if files := unreadAccessFiles(pass.Graph, ps, memo); len(files) > 0 {
		pass.NotEvaluated("the grant of "+a.Principal.Value+" in permission set "+ps.Name, files...)
		return // the access may be in what could not be read
	}
	msg := fmt.Sprintf("Permission set %s grants %s %q of %s, which needs %s on UserExternalCredential%s, but ", ps.Name, kind, p.Name.Value, ec.Name, need, w.why)
	fix := " Add an objectPermissions entry for UserExternalCredential giving " + need.String()
	// Without Read users have no access at all, which Salesforce documents
	// authenticated callouts need; a level beyond that is documented only
	// for OAuth principals.
	fail := "fail"
	if w.level == lint.LevelNote || (!documented && allMiss&graph.UECRead == 0) {
		fail = "may fail"
	}
	if aloneMiss != 0 {
		msg += fmt.Sprintf("neither it nor a permission set group containing it gives that (missing: %s), so its users' callouts %s", aloneMiss, fail)
		fix += " to " + ps.Name + "."
	} else {
		msg += "users who get it through " + strings.Join(lacking, " or ") + " lack it, and their callouts " + fail
		fix += " to a permission set in each of those groups."
	}
	msg += " unless their profile gives the access."
	msg += profileClause(profiles, allMiss)
	pass.Report(lint.Finding{
		Level:    w.level,
		Message:  msg + fix,
		Span:     a.Principal.Span,
		Related:  related,
		Identity: "PermissionSet:" + ps.Name + "|grant:" + a.Principal.Value + "|uec",
	})
}
