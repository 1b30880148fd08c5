package render

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/access"
	"github.com/nclint/nclint/internal/driver"
	"github.com/nclint/nclint/internal/graph"
)

// hostile is a diagram whose names hold every character the formats treat
// specially.
func hostile() access.Diagram {
	nodes := []access.Node{
		{ID: `nc:A"b`, Kind: access.NodeNamedCredential, Name: `A"b`, Label: `A"b <x> #1; {y}`},
		{ID: "nc:A'b", Kind: access.NodeNamedCredential, Name: "A'b", Label: "A'b\nnext line `code` | pipe", Problem: "callouts disabled"},
		{ID: `ps:back\slash`, Kind: access.NodePermissionSet, Name: `back\slash`, Label: `back\slash end`},
		{ID: "principal:EC-Ünïcode (x)", Kind: access.NodePrincipal, Name: "EC-Ünïcode (x)", Label: "Ünïcode (x)"},
		{ID: "url:https://h.example/p?q=1&r=2", Kind: access.NodeEndpoint, Name: "https://h.example/p?q=1&r=2", Label: "h.example"},
	}
	return access.Diagram{Nodes: nodes, Edges: []access.Edge{
		{From: nodes[2].ID, To: nodes[3].ID, Kind: access.EdgeGrantDisabled},
		{From: nodes[0].ID, To: nodes[4].ID, Kind: access.EdgeEndpoint},
		{From: nodes[1].ID, To: nodes[4].ID, Kind: access.EdgeEndpoint},
	}}
}

var (
	mermaidID    = `[A-Za-z][A-Za-z0-9_]*`
	mermaidLabel = `"(?:[^"#\n<>` + "`" + `]|#(?:quot|lt|gt|35|96);)*"`
	mermaidNode  = regexp.MustCompile(`^  (` + mermaidID + `)\[` + mermaidLabel + `\]$`)
	mermaidEdge  = regexp.MustCompile(`^  (` + mermaidID + `) (?:-->|-\.->|==>)\|[A-Za-z ]+\| (` + mermaidID + `)$`)
	// classDef NAME style, and class ID,ID NAME (the access diff's picture).
	mermaidClassDef = regexp.MustCompile(`^  classDef ([a-z]+) [a-z-]+:[#0-9a-z. ]+(?:,[a-z-]+:[#0-9a-z. ]+)*$`)
	mermaidClass    = regexp.MustCompile(`^  class (` + mermaidID + `(?:,` + mermaidID + `)*) ([a-z]+)$`)
)

// mermaidProblems validates the subset of Mermaid flowchart syntax that
// Mermaid writes: a "flowchart LR" header, node declarations with quoted,
// entity-escaped labels, then edges with plain-word labels between
// declared nodes. Mermaid reserves "end" as a keyword and reads ids that
// begin with "o" or "x" after an arrow as edge shapes, so every id must
// start with "n_". It returns what is wrong, one entry per line.
func mermaidProblems(src string) []string {
	var out []string
	lines := strings.Split(strings.TrimSuffix(src, "\n"), "\n")
	if lines[0] != "flowchart LR" {
		return []string{fmt.Sprintf("first line %q, want flowchart LR", lines[0])}
	}
	declared, classes := map[string]bool{}, map[string]bool{}
	for i, l := range lines[1:] {
		if m := mermaidNode.FindStringSubmatch(l); m != nil {
			if declared[m[1]] {
				out = append(out, fmt.Sprintf("line %d: node %s declared twice", i+2, m[1]))
			}
			if !strings.HasPrefix(m[1], "n_") {
				out = append(out, fmt.Sprintf("line %d: id %s does not start with n_", i+2, m[1]))
			}
			declared[m[1]] = true
			continue
		}
		if m := mermaidEdge.FindStringSubmatch(l); m != nil {
			if !declared[m[1]] || !declared[m[2]] {
				out = append(out, fmt.Sprintf("line %d: edge between undeclared nodes: %q", i+2, l))
			}
			continue
		}
		if m := mermaidClassDef.FindStringSubmatch(l); m != nil {
			classes[m[1]] = true
			continue
		}
		if m := mermaidClass.FindStringSubmatch(l); m != nil {
			for _, id := range strings.Split(m[1], ",") {
				if !declared[id] {
					out = append(out, fmt.Sprintf("line %d: class of undeclared node %s", i+2, id))
				}
			}
			if !classes[m[2]] {
				out = append(out, fmt.Sprintf("line %d: class %s not defined before", i+2, m[2]))
			}
			continue
		}
		out = append(out, fmt.Sprintf("line %d is not valid Mermaid of the emitted subset: %q", i+2, l))
	}
	return out
}

func checkMermaid(t *testing.T, src string) {
	t.Helper()
	for _, p := range mermaidProblems(src) {
		t.Error(p)
	}
}

func TestMermaidSyntax(t *testing.T) {
	var b bytes.Buffer
	if err := Mermaid(&b, hostile()); err != nil {
		t.Fatal(err)
	}
	checkMermaid(t, b.String())
	for _, want := range []string{`"nc: A#quot;b #lt;x#gt; #35;1; {y}"`, `"nc: A'b next line #96;code#96; | pipe (callouts disabled)"`, `-.->|grant disabled|`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("Mermaid output lacks %s:\n%s", want, b.String())
		}
	}
	// Two names that sanitise to the same id still get distinct ones.
	if strings.Count(b.String(), "n_nc_A_b[") != 1 || !strings.Contains(b.String(), "n_nc_A_b_2[") {
		t.Errorf("colliding ids not made unique:\n%s", b.String())
	}
}

// TestMermaidValidatorRejects: the validator fails on what Mermaid rejects.
func TestMermaidValidatorRejects(t *testing.T) {
	for _, bad := range []string{
		"flowchart LR\n  n_a[\"a\"b\"]\n",
		"flowchart LR\n  n_a[\"a\"]\n  n_a --> n_b\n",
		"flowchart LR\n  n_a[\"a\"]\n  n_a -->|x| n_b\n",
		"flowchart LR\n  end[\"x\"]\n",
		"flowchart LR\n  n_a[\"a <b>\"]\n",
		"graph TD\n",
		"flowchart LR\n  n_a[\"a\"]\n  class n_a added\n",
		"flowchart LR\n  n_a[\"a\"]\n  classDef added stroke:red\n  class n_a,n_b added\n",
	} {
		if len(mermaidProblems(bad)) == 0 {
			t.Errorf("validator accepted %q", bad)
		}
	}
}

func TestDOT(t *testing.T) {
	var b bytes.Buffer
	if err := DOT(&b, hostile()); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"nc:A\"b" [label="nc: A\"b <x> #1; {y}"];`, `"ps:back\\slash"`, `[label="grant-disabled", style=dashed]`, `\n`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("DOT output lacks %s:\n%s", want, b.String())
		}
	}
	dotAccepts(t, b.String())
}

// dotAccepts runs Graphviz on src. Without dot on PATH the check is
// skipped, unless NCLINT_REQUIRE_DOT is set (CI installs graphviz).
func dotAccepts(t *testing.T, src string) {
	t.Helper()
	dot, err := exec.LookPath("dot")
	if err != nil {
		if os.Getenv("NCLINT_REQUIRE_DOT") != "" {
			t.Fatal("NCLINT_REQUIRE_DOT is set but dot is not on PATH")
		}
		t.Skip("dot (graphviz) not installed")
	}
	cmd := exec.Command(dot, "-Tsvg")
	cmd.Stdin = strings.NewReader(src)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 || !bytes.Contains(out, []byte("<svg")) {
		t.Fatalf("dot -Tsvg rejected the graph: %v\n%s\n%s", err, stderr.String(), src)
	}
}

func TestCSVAndMarkdownTable(t *testing.T) {
	rows := [][]string{{"a,b", `q"uote`, "pipe|cell"}, {"", "line\nbreak", "<b>"}}
	var b bytes.Buffer
	if err := CSV(&b, []string{"x", "y", "z"}, rows); err != nil {
		t.Fatal(err)
	}
	back, err := csv.NewReader(&b).ReadAll()
	if err != nil || len(back) != 3 || back[1][0] != "a,b" || back[1][1] != `q"uote` || back[2][1] != "line\nbreak" {
		t.Errorf("CSV does not round-trip: %q, %v", back, err)
	}
	b.Reset()
	if err := MarkdownTable(&b, []string{"x", "y", "z"}, rows); err != nil {
		t.Fatal(err)
	}
	want := "| x | y | z |\n|---|---|---|\n| a,b | q\"uote | pipe\\|cell |\n|  | line break | \\<b\\> |\n"
	if b.String() != want {
		t.Errorf("Markdown table:\n%s\nwant:\n%s", b.String(), want)
	}
}

// TestMarkdownHostileNames writes answers, an inventory, a checklist and
// a diff whose names are Markdown links, images, HTML, character
// references and emphasis: none may come out live.
func TestMarkdownHostileNames(t *testing.T) {
	const evil = "[x](https://evil) ![t](https://evil/p.png) <img src=x> &#106;s _em_ ~~del~~ `c`"
	path := access.Path{Group: evil, PermissionSet: evil, ExternalCredential: evil, Principal: evil, PrincipalType: evil,
		NamedCredential: evil, URL: evil, Problems: []string{evil}}
	caller := access.Caller{Kind: "Apex", Name: evil, NamedCredential: evil, File: evil, RunAs: evil, Entry: evil}
	var b bytes.Buffer
	check := func(what string) {
		t.Helper()
		out := stripCodeSpans(regexp.MustCompile(`\\.`).ReplaceAllString(b.String(), "E"))
		for _, live := range []string{"[x](", "![t](", "<img", "&#106;", " _em_", "~~del", "[t]"} {
			if strings.Contains(out, live) {
				t.Errorf("%s: live Markdown %q in\n%s", what, live, out)
			}
		}
		b.Reset()
	}
	if err := AccessMarkdown(&b, []access.Answer{{Subject: access.Subject{Kind: access.KindNamedCredential, Name: evil},
		Paths: []access.Path{path}, Muted: []access.Path{path}, Callers: []access.Caller{caller}, Notes: []string{evil}}}); err != nil {
		t.Fatal(err)
	}
	check("access")
	if err := Inventory(&b, "markdown", []access.Row{{Name: evil, URL: evil, Callers: []string{evil}}}); err != nil {
		t.Fatal(err)
	}
	check("inventory")
	if err := Checklist(&b, []access.Section{{NamedCredential: evil, URL: evil, Items: []access.Item{{Subject: evil, Text: evil}}}}); err != nil {
		t.Fatal(err)
	}
	check("checklist")
	d := access.Diff{Rev: evil, Changes: 3, GrantsAdded: []access.GrantChange{{Path: path, Why: evil}},
		EndpointsAdded: []access.Endpoint{{NamedCredential: evil, URL: evil, Host: evil}},
		CallersAdded:   []access.Caller{caller}, Notes: []string{evil}}
	if err := DiffMarkdown(&b, d, nil); err != nil {
		t.Fatal(err)
	}
	check("diff")
}

// stripCodeSpans removes inline code spans (a run of backticks up to the
// next run of the same length), whose text Markdown shows literally.
func stripCodeSpans(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "`")
		if i < 0 {
			return b.String() + s
		}
		n := i
		for n < len(s) && s[n] == '`' {
			n++
		}
		fence := s[i:n]
		end := -1
		for j := n; j < len(s); {
			k := strings.Index(s[j:], fence)
			if k < 0 {
				break
			}
			k += j
			if (k+len(fence) == len(s) || s[k+len(fence)] != '`') && (k == 0 || s[k-1] != '`') {
				end = k
				break
			}
			j = k + 1
		}
		if end < 0 {
			return b.String() + s
		}
		b.WriteString(s[:i] + "CODE")
		s = s[end+len(fence):]
	}
}

// TestSampleGraph: the sample project's and the access fixture's graphs are
// valid Mermaid and DOT.
func TestSampleGraph(t *testing.T) {
	for _, dir := range []string{"../../testdata/sfdx-sample", "../../testdata/access/basic", "../../testdata/access/namespaced"} {
		res, err := driver.Run([]string{dir}, driver.Options{})
		if err != nil {
			t.Fatal(err)
		}
		d := access.New(graph.New(res.Tree), &res.Config.Settings).Diagram()
		if len(d.Nodes) < 5 || len(d.Edges) < 4 {
			t.Fatalf("%s: %d nodes, %d edges; want a real graph", dir, len(d.Nodes), len(d.Edges))
		}
		var b bytes.Buffer
		if err := Mermaid(&b, d); err != nil {
			t.Fatal(err)
		}
		checkMermaid(t, b.String())
		b.Reset()
		if err := DOT(&b, d); err != nil {
			t.Fatal(err)
		}
		dotAccepts(t, b.String())
	}
}

// TestDiffMermaidSyntax: the access diff's picture of a hostile diagram
// is valid Mermaid of the emitted subset, and marks what changed in words.
func TestDiffMermaidSyntax(t *testing.T) {
	h := hostile()
	cd := access.ChangeDiagram{}
	for i, n := range h.Nodes {
		cd.Nodes = append(cd.Nodes, access.ChangedNode{Node: n, Change: []string{"", access.ChangeAdded, access.ChangeRemoved, access.ChangeChanged, ""}[i]})
	}
	for i, e := range h.Edges {
		cd.Edges = append(cd.Edges, access.ChangedEdge{Edge: e, Change: []string{access.ChangeAdded, access.ChangeRemoved, ""}[i]})
	}
	var b bytes.Buffer
	if err := DiffMermaid(&b, cd); err != nil {
		t.Fatal(err)
	}
	checkMermaid(t, b.String())
	for _, want := range []string{"==>|added grant disabled|", "-.->|removed endpoint|", "-->|endpoint|", "(removed)\"]", "(added)\"]",
		"class n_nc_A_b_2 added", "class n_ps_back_slash removed", "class n_principal_EC__n_code__x_ changed"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("diff picture lacks %s:\n%s", want, b.String())
		}
	}
}

// TestDiffMarkdownEmpty: no change says so, draws nothing, and names the
// revision and commit.
func TestDiffMarkdownEmpty(t *testing.T) {
	var b bytes.Buffer
	d := access.Diff{Rev: "origin/main", Commit: "0123456789abcdef0123456789abcdef01234567"}
	if err := DiffMarkdown(&b, d, &access.ChangeDiagram{}); err != nil {
		t.Fatal(err)
	}
	want := "## Who can call what: no change since `origin/main` (`0123456`)\n\nNo grant, endpoint, caller or principal type changed.\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// TestDiffMarkdownRowCap: a table stops at MaxDiffTableRows rows and says
// how many more there are.
func TestDiffMarkdownRowCap(t *testing.T) {
	d := access.Diff{Rev: "HEAD", Commit: "0123456789abcdef0123456789abcdef01234567"}
	for i := range MaxDiffTableRows + 5 {
		d.EndpointsAdded = append(d.EndpointsAdded, access.Endpoint{NamedCredential: fmt.Sprintf("NC_%03d", i), URL: "https://x.example", Host: "x.example"})
	}
	d.Changes = len(d.EndpointsAdded)
	var b bytes.Buffer
	if err := DiffMarkdown(&b, d, nil); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Count(out, "| NC_") != MaxDiffTableRows || !strings.Contains(out, "… and 5 more (`nclint access --diff` lists them all).") ||
		!strings.Contains(out, "| Endpoints added | 105 |") || strings.Contains(out, "mermaid") {
		t.Errorf("capped table:\n%s", out)
	}
}

// TestInventoryCellsListEveryExternalCredential: the external_credential
// cell lists each external credential (a named credential with two is
// NC503); a certificate that is only a signing request says so, as an
// expired one says it expired.
func TestInventoryCellsListEveryExternalCredential(t *testing.T) {
	r := access.Row{Name: "Warehouse_API", ExternalCredential: "Billing_EC", ExternalCredentials: []string{"Billing_EC", "Ledger_EC"},
		Certificates: []access.RowCert{{Name: "vault_mtls", InTree: true, SigningRequest: true}, {Name: "old", InTree: true, Expires: "2024-03-01", Expired: true}}}
	cells := inventoryCells(r)
	col := func(name string) string { return cells[slices.Index(inventoryColumns, name)] }
	if got := col("external_credential"); got != "Billing_EC; Ledger_EC" {
		t.Errorf("external_credential = %q, want both external credentials", got)
	}
	if got, want := col("certificates"), "vault_mtls (not signed: a certificate signing request); old (expired on 2024-03-01)"; got != want {
		t.Errorf("certificates = %q, want %q", got, want)
	}
}

// TestInventoryCertificateDays: one day and less than a day are said in
// words, not "in 1 days" and "in 0 days".
func TestInventoryCertificateDays(t *testing.T) {
	for days, want := range map[int]string{0: "c (expires on 2026-06-20, within a day)", 1: "c (expires on 2026-06-20, in 1 day)",
		19: "c (expires on 2026-06-20, in 19 days)"} {
		r := access.Row{Name: "N", Certificates: []access.RowCert{{Name: "c", InTree: true, Expires: "2026-06-20", DaysLeft: days}}}
		cells := inventoryCells(r)
		if got := cells[slices.Index(inventoryColumns, "certificates")]; got != want {
			t.Errorf("%d days: %q, want %q", days, got, want)
		}
	}
}
