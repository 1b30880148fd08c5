package render

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/nclint/nclint/internal/access"
)

// kindTags are the short kind names shown in node labels.
var kindTags = map[string]string{
	access.NodeGroup:              "group",
	access.NodeMuting:             "muting",
	access.NodePermissionSet:      "ps",
	access.NodePrincipal:          "principal",
	access.NodeExternalCredential: "ec",
	access.NodeNamedCredential:    "nc",
	access.NodeEndpoint:           "url",
	access.NodeApexClass:          "class",
	access.NodeApexTrigger:        "trigger",
	access.NodeFlow:               "flow",
	access.NodeExternalService:    "service",
	access.NodeDataSource:         "data source",
}

// nodeLabel is the text a picture shows for n.
func nodeLabel(n access.Node) string {
	tag := kindTags[n.Kind]
	if tag == "" {
		tag = n.Kind
	}
	s := tag + ": " + n.Label
	if n.Problem != "" {
		s += " (" + n.Problem + ")"
	}
	return s
}

// dashed reports whether an edge kind is drawn dashed: grants that do not
// grant, and mutes that take away.
func dashed(kind string) bool {
	return kind == access.EdgeGrantDisabled || kind == access.EdgeMutes
}

// mermaidIDs gives every node a Mermaid identifier made of letters, digits
// and underscores, derived from its ID (unique, stable across runs).
func mermaidIDs(d access.Diagram) map[string]string {
	ids := map[string]string{}
	used := map[string]bool{}
	for _, n := range d.Nodes {
		var b strings.Builder
		b.WriteString("n_")
		for _, r := range n.ID {
			if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
				b.WriteRune(r)
			} else {
				b.WriteByte('_')
			}
		}
		id := b.String()
		for i := 2; used[id]; i++ {
			id = fmt.Sprintf("%s_%d", b.String(), i)
		}
		used[id] = true
		ids[n.ID] = id
	}
	return ids
}

// MermaidLabel escapes text for a quoted Mermaid label: quotes, "#" and
// angle brackets become entity codes, line breaks spaces.
func MermaidLabel(s string) string {
	r := strings.NewReplacer(`#`, "#35;", `"`, "#quot;", "<", "#lt;", ">", "#gt;", "\n", " ", "\r", " ", "`", "#96;")
	return `"` + r.Replace(s) + `"`
}

// Mermaid writes the diagram as a Mermaid flowchart (left to right), as
// GitHub renders in a ```mermaid block.
func Mermaid(w io.Writer, d access.Diagram) error {
	b := bufio.NewWriter(w)
	ids := mermaidIDs(d)
	b.WriteString("flowchart LR\n")
	for _, n := range d.Nodes {
		fmt.Fprintf(b, "  %s[%s]\n", ids[n.ID], MermaidLabel(nodeLabel(n)))
	}
	for _, e := range d.Edges {
		arrow := "-->"
		if dashed(e.Kind) {
			arrow = "-.->"
		}
		fmt.Fprintf(b, "  %s %s|%s| %s\n", ids[e.From], arrow, edgeWord(e.Kind), ids[e.To])
	}
	return b.Flush()
}

// dotString quotes s as a DOT string.
func dotString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", "")
	return `"` + r.Replace(s) + `"`
}

// DOT writes the diagram in Graphviz DOT.
func DOT(w io.Writer, d access.Diagram) error {
	b := bufio.NewWriter(w)
	b.WriteString("digraph nclint {\n  rankdir=LR;\n  node [shape=box];\n")
	for _, n := range d.Nodes {
		fmt.Fprintf(b, "  %s [label=%s];\n", dotString(n.ID), dotString(nodeLabel(n)))
	}
	for _, e := range d.Edges {
		style := ""
		if dashed(e.Kind) {
			style = ", style=dashed"
		}
		fmt.Fprintf(b, "  %s -> %s [label=%s%s];\n", dotString(e.From), dotString(e.To), dotString(e.Kind), style)
	}
	b.WriteString("}\n")
	return b.Flush()
}

// DiagramVersion is the version of the graph's JSON form
// (docs/graph-format.md). It changes when a field changes meaning or goes.
const DiagramVersion = 1

// Diagram writes the diagram in format mermaid, dot or json.
func Diagram(w io.Writer, format string, d access.Diagram) error {
	switch format {
	case "mermaid":
		return Mermaid(w, d)
	case "dot":
		return DOT(w, d)
	case "json":
		return JSON(w, struct {
			Version int `json:"version"`
			access.Diagram
		}{DiagramVersion, d})
	}
	return fmt.Errorf("unknown graph format %q", format)
}

// edgeWord is an edge kind as a Mermaid edge label: letters and spaces only.
func edgeWord(kind string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return ' '
	}, kind)
}
