package render

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/nclint/nclint/internal/access"
	"github.com/nclint/nclint/internal/report"
)

// MaxDiffPictureEdges is the most edges the Markdown diff draws; a larger
// changed part is described in words only (GitHub refuses very large
// Mermaid pictures, and they are unreadable anyway).
const MaxDiffPictureEdges = 150

// MaxDiffTableRows is the most rows a table of the Markdown diff shows
// (a pull-request comment holds at most 65,536 characters); the rest are
// counted, and the text and JSON forms list them all.
const MaxDiffTableRows = 100

// revLabel names the compared revision: "HEAD (1a2b3c4)".
func revLabel(d access.Diff) string {
	if d.Commit == "" {
		return d.Rev + " (no commits yet: an empty tree)"
	}
	short := d.Commit
	if len(short) > 7 {
		short = short[:7]
	}
	if strings.HasPrefix(d.Commit, d.Rev) {
		return short
	}
	return d.Rev + " (" + short + ")"
}

func count(n int, one, many string) string {
	return strconv.Itoa(n) + " " + plural(n, one, many)
}

// diffSection is one list of a diff, for the text and Markdown forms.
type diffSection struct {
	title string
	n     int
}

func diffSections(d access.Diff) []diffSection {
	return []diffSection{
		{"Grants added", len(d.GrantsAdded)},
		{"Grants removed", len(d.GrantsRemoved)},
		{"Grants whose problems changed", len(d.GrantsChanged)},
		{"Endpoints added", len(d.EndpointsAdded)},
		{"Endpoints removed", len(d.EndpointsRemoved)},
		{"Endpoints changed", len(d.EndpointsChanged)},
		{"Callers added", len(d.CallersAdded)},
		{"Callers removed", len(d.CallersRemoved)},
		{"Principals switched between named and per-user", len(d.PrincipalsSwitched)},
	}
}

func grantLine(g access.GrantChange) string {
	s := PathText(g.Path)
	if g.Why != "" {
		s += " (" + g.Why + ")"
	}
	return s
}

func problemsText(ps []string) string {
	if len(ps) == 0 {
		return "none"
	}
	return strings.Join(ps, "; ")
}

func endpointChangeText(e access.EndpointChange) string {
	s := "nc:" + e.NamedCredential + ": " + e.URLBefore + " → " + e.URL
	if e.HostChanged() {
		host := e.Host
		if host == "" {
			host = "none"
		}
		s += " (new host " + host + ")"
	}
	return s
}

func callerContext(c access.Caller) string {
	if c.Background {
		return "no interactive user"
	}
	return "a user's request"
}

func serviceCallersText(cs []access.Caller) string {
	var parts []string
	for _, c := range cs {
		s := c.Kind + " " + c.Name
		if c.Entry != "" {
			s += " (" + c.Entry + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// DiffText writes an access diff as text for a terminal.
func DiffText(w io.Writer, d access.Diff) error {
	b := bufio.NewWriter(w)
	if d.Changes == 0 {
		fmt.Fprintf(b, "who can call what: no change from %s to the working tree\n", revLabel(d))
	} else {
		fmt.Fprintf(b, "who can call what: %s from %s to the working tree\n", count(d.Changes, "change", "changes"), revLabel(d))
	}
	head := func(title string, n int) {
		fmt.Fprintf(b, "%s (%d):\n", strings.ToLower(title[:1])+title[1:], n)
	}
	secs := diffSections(d)
	if n := len(d.GrantsAdded); n > 0 {
		head(secs[0].title, n)
		for _, g := range d.GrantsAdded {
			b.WriteString("  + " + grantLine(g) + "\n")
			for _, pr := range g.Problems {
				b.WriteString("      ! " + pr + "\n")
			}
		}
	}
	if n := len(d.GrantsRemoved); n > 0 {
		head(secs[1].title, n)
		for _, g := range d.GrantsRemoved {
			b.WriteString("  - " + grantLine(g) + "\n")
		}
	}
	if n := len(d.GrantsChanged); n > 0 {
		head(secs[2].title, n)
		for _, g := range d.GrantsChanged {
			b.WriteString("  ~ " + PathText(g.Path) + "\n")
			b.WriteString("      was: " + problemsText(g.ProblemsBefore) + "\n")
			b.WriteString("      now: " + problemsText(g.Problems) + "\n")
		}
	}
	if n := len(d.EndpointsAdded); n > 0 {
		head(secs[3].title, n)
		for _, e := range d.EndpointsAdded {
			b.WriteString("  + nc:" + e.NamedCredential + " → " + orNone(e.URL) + "\n")
		}
	}
	if n := len(d.EndpointsRemoved); n > 0 {
		head(secs[4].title, n)
		for _, e := range d.EndpointsRemoved {
			b.WriteString("  - nc:" + e.NamedCredential + " → " + orNone(e.URL) + "\n")
		}
	}
	if n := len(d.EndpointsChanged); n > 0 {
		head(secs[5].title, n)
		for _, e := range d.EndpointsChanged {
			b.WriteString("  ~ " + endpointChangeText(e) + "\n")
		}
	}
	if n := len(d.CallersAdded); n > 0 {
		head(secs[6].title, n)
		for _, c := range d.CallersAdded {
			b.WriteString("  + " + CallerText(c) + "\n")
		}
	}
	if n := len(d.CallersRemoved); n > 0 {
		head(secs[7].title, n)
		for _, c := range d.CallersRemoved {
			b.WriteString("  - " + CallerText(c) + "\n")
		}
	}
	if n := len(d.PrincipalsSwitched); n > 0 {
		head(secs[8].title, n)
		for _, s := range d.PrincipalsSwitched {
			fmt.Fprintf(b, "  ~ %s: %s → %s; granted by %s; used by %s\n", s.Principal, s.TypeBefore, s.Type,
				listOr(s.GrantedBy, "ps:", "no permission set"), listOr(s.NamedCredentials, "nc:", "no named credential"))
			if s.PerUser && len(s.ServiceCallers) > 0 {
				b.WriteString("      ! called with no interactive user, where nobody can authorize a per-user principal: " + serviceCallersText(s.ServiceCallers) + "\n")
			}
		}
	}
	if len(d.Notes) > 0 {
		b.WriteString("notes:\n")
		for _, n := range d.Notes {
			b.WriteString("  " + n + "\n")
		}
	}
	return b.Flush()
}

func orNone(s string) string {
	if s == "" {
		return "(no URL)"
	}
	return s
}

func listOr(names []string, prefix, none string) string {
	if len(names) == 0 {
		return none
	}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = prefix + n
	}
	return strings.Join(out, ", ")
}

// DiffMarkdown writes an access diff as Markdown for a pull-request summary
// or $GITHUB_STEP_SUMMARY: a heading, a table of counts, a table per kind of
// change and, when picture is not nil and the diff is not empty, a Mermaid
// picture of the changed part.
func DiffMarkdown(w io.Writer, d access.Diff, picture *access.ChangeDiagram) error {
	b := bufio.NewWriter(w)
	if d.Changes == 0 {
		fmt.Fprintf(b, "## Who can call what: no change since %s\n\n", mdRev(d))
		b.WriteString("No grant, endpoint, caller or principal type changed.\n")
		writeNotes(b, d.Notes)
		return b.Flush()
	}
	fmt.Fprintf(b, "## Who can call what: %s since %s\n\n", count(d.Changes, "change", "changes"), mdRev(d))
	var rows [][]string
	for _, s := range diffSections(d) {
		if s.n > 0 {
			rows = append(rows, []string{s.title, strconv.Itoa(s.n)})
		}
	}
	table := func(header []string, rows [][]string) {
		more := len(rows) - MaxDiffTableRows
		if more > 0 {
			rows = rows[:MaxDiffTableRows]
		}
		_ = MarkdownTable(b, header, rows)
		if more > 0 {
			fmt.Fprintf(b, "\n… and %d more (`nclint access --diff` lists them all).\n", more)
		}
	}
	table([]string{"Change", "Count"}, rows)
	secs := diffSections(d)
	pathHeader := []string{"Group", "Permission set", "Principal", "Type", "External credential", "Named credential", "URL", "Why", "Problems"}
	pathRows := func(gs []access.GrantChange) [][]string {
		rows := make([][]string, 0, len(gs))
		for _, g := range gs {
			rows = append(rows, []string{g.Group, g.PermissionSet, g.Principal, g.PrincipalType, g.ExternalCredential,
				g.NamedCredential, g.URL, g.Why, strings.Join(g.Problems, "; ")})
		}
		return rows
	}
	section := func(i int) { fmt.Fprintf(b, "\n### %s\n\n", secs[i].title) }
	if len(d.GrantsAdded) > 0 {
		section(0)
		table(pathHeader, pathRows(d.GrantsAdded))
	}
	if len(d.GrantsRemoved) > 0 {
		section(1)
		removed := pathRows(d.GrantsRemoved)
		for i := range removed {
			removed[i] = removed[i][:len(removed[i])-1]
		}
		table(pathHeader[:len(pathHeader)-1], removed)
	}
	if len(d.GrantsChanged) > 0 {
		section(2)
		var rows [][]string
		for _, g := range d.GrantsChanged {
			rows = append(rows, []string{g.Group, g.PermissionSet, g.PrincipalRef(), g.NamedCredential, problemsText(g.ProblemsBefore), problemsText(g.Problems)})
		}
		table([]string{"Group", "Permission set", "Principal", "Named credential", "Problems before", "Problems now"}, rows)
	}
	endpointRows := func(es []access.Endpoint) [][]string {
		var rows [][]string
		for _, e := range es {
			rows = append(rows, []string{e.NamedCredential, e.URL, e.Host})
		}
		return rows
	}
	if len(d.EndpointsAdded) > 0 {
		section(3)
		table([]string{"Named credential", "URL", "Host"}, endpointRows(d.EndpointsAdded))
	}
	if len(d.EndpointsRemoved) > 0 {
		section(4)
		table([]string{"Named credential", "URL", "Host"}, endpointRows(d.EndpointsRemoved))
	}
	if len(d.EndpointsChanged) > 0 {
		section(5)
		var rows [][]string
		for _, e := range d.EndpointsChanged {
			host := "unchanged"
			if e.HostChanged() {
				host = e.HostBefore + " → " + e.Host
			}
			rows = append(rows, []string{e.NamedCredential, e.URLBefore, e.URL, host})
		}
		table([]string{"Named credential", "URL before", "URL now", "Host"}, rows)
	}
	callerRows := func(cs []access.Caller) [][]string {
		var rows [][]string
		for _, c := range cs {
			name := c.Kind + " " + c.Name
			if c.Via != "" {
				name += " via " + c.Via
			}
			runs := c.RunAs
			if c.Entry != "" {
				runs = c.Entry + ": " + runs
			}
			rows = append(rows, []string{name, c.NamedCredential, c.File + ":" + strconv.Itoa(c.Line), callerContext(c), runs})
		}
		return rows
	}
	callerHeader := []string{"Caller", "Named credential", "Location", "Context", "Runs as"}
	if len(d.CallersAdded) > 0 {
		section(6)
		table(callerHeader, callerRows(d.CallersAdded))
	}
	if len(d.CallersRemoved) > 0 {
		section(7)
		table(callerHeader, callerRows(d.CallersRemoved))
	}
	if len(d.PrincipalsSwitched) > 0 {
		section(8)
		var rows [][]string
		for _, s := range d.PrincipalsSwitched {
			svc := ""
			if s.PerUser {
				svc = serviceCallersText(s.ServiceCallers)
			}
			rows = append(rows, []string{s.Principal, s.TypeBefore, s.Type, strings.Join(s.GrantedBy, ", "), strings.Join(s.NamedCredentials, ", "), svc})
		}
		table([]string{"Principal", "Before", "Now", "Granted by", "Named credentials", "Called with no interactive user (cannot authorize per user)"}, rows)
	}
	if picture != nil && len(picture.Edges) > 0 {
		b.WriteString("\n### The changed part of the graph\n\n")
		if len(picture.Edges) > MaxDiffPictureEdges {
			fmt.Fprintf(b, "The changed part has %d edges, too many to draw here; `nclint graph` draws the whole graph.\n", len(picture.Edges))
		} else {
			b.WriteString("Thick arrows were added, dotted arrows removed; `(added)` and `(removed)` mark components that appear or disappear.\n\n```mermaid\n")
			b.Flush()
			if err := DiffMermaid(b, *picture); err != nil {
				return err
			}
			b.WriteString("```\n")
		}
	}
	writeNotes(b, d.Notes)
	return b.Flush()
}

func mdRev(d access.Diff) string {
	if d.Commit == "" {
		return report.MarkdownCode(d.Rev) + " (no commits yet: an empty tree)"
	}
	short := d.Commit
	if len(short) > 7 {
		short = short[:7]
	}
	if strings.HasPrefix(d.Commit, d.Rev) {
		return report.MarkdownCode(short)
	}
	return report.MarkdownCode(d.Rev) + " (" + report.MarkdownCode(short) + ")"
}

func writeNotes(b *bufio.Writer, notes []string) {
	if len(notes) == 0 {
		return
	}
	b.WriteString("\nNotes:\n\n")
	for _, n := range notes {
		b.WriteString("- " + report.MarkdownEscape(n) + "\n")
	}
}

// DiffMermaid writes the changed part of the graph as a Mermaid flowchart:
// added edges thick, removed edges dotted, unchanged ones plain; added,
// removed and changed nodes get a class (colour) and a word in their label,
// so the picture reads without colour too.
func DiffMermaid(w io.Writer, cd access.ChangeDiagram) error {
	b := bufio.NewWriter(w)
	plain := access.Diagram{}
	for _, n := range cd.Nodes {
		plain.Nodes = append(plain.Nodes, n.Node)
	}
	ids := mermaidIDs(plain)
	b.WriteString("flowchart LR\n")
	classes := map[string][]string{}
	for _, n := range cd.Nodes {
		label := nodeLabel(n.Node)
		switch n.Change {
		case access.ChangeAdded:
			label += " (added)"
		case access.ChangeRemoved:
			label += " (removed)"
		}
		fmt.Fprintf(b, "  %s[%s]\n", ids[n.ID], MermaidLabel(label))
		if n.Change != "" {
			classes[n.Change] = append(classes[n.Change], ids[n.ID])
		}
	}
	for _, e := range cd.Edges {
		arrow, word := "-->", edgeWord(e.Kind)
		switch {
		case e.Change == access.ChangeAdded:
			arrow, word = "==>", "added "+word
		case e.Change == access.ChangeRemoved:
			arrow, word = "-.->", "removed "+word
		case dashed(e.Kind):
			arrow = "-.->"
		}
		fmt.Fprintf(b, "  %s %s|%s| %s\n", ids[e.From], arrow, word, ids[e.To])
	}
	for _, c := range []struct{ name, style string }{
		{access.ChangeAdded, "stroke:#1a7f37,stroke-width:3px"},
		{access.ChangeRemoved, "stroke:#cf222e,stroke-width:3px,stroke-dasharray:5 5"},
		{access.ChangeChanged, "stroke:#9a6700,stroke-width:3px"},
	} {
		if len(classes[c.name]) > 0 {
			fmt.Fprintf(b, "  classDef %s %s\n", c.name, c.style)
			fmt.Fprintf(b, "  class %s %s\n", strings.Join(classes[c.name], ","), c.name)
		}
	}
	return b.Flush()
}
