// Package render writes the results of the access queries (internal/access)
// as text, JSON, Markdown, Mermaid, DOT and CSV. It knows how to lay out
// paths, tables and graphs, and nothing about metadata rules.
package render

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/nclint/nclint/internal/access"
	"github.com/nclint/nclint/internal/report"
)

// JSON writes v as indented JSON with a trailing newline.
func JSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// CSV writes a header row and the rows (RFC 4180, CRLF-free).
func CSV(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// MarkdownTable writes a GitHub Markdown table.
func MarkdownTable(w io.Writer, header []string, rows [][]string) error {
	b := bufio.NewWriter(w)
	row := func(cells []string) {
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" " + report.MarkdownEscape(c) + " |")
		}
		b.WriteString("\n")
	}
	row(header)
	b.WriteString("|" + strings.Repeat("---|", len(header)) + "\n")
	for _, r := range rows {
		row(r)
	}
	return b.Flush()
}

// InventoryVersion is the version of the inventory's JSON form
// (docs/graph-format.md). 2: grantedBy entries are {kind, name} objects,
// certificates carry expired and daysLeft.
const InventoryVersion = 2

// Inventory writes the inventory in format csv, json or markdown.
func Inventory(w io.Writer, format string, rows []access.Row) error {
	switch format {
	case "json":
		if rows == nil {
			rows = []access.Row{}
		}
		return JSON(w, struct {
			Version         int          `json:"version"`
			NamedCredential []access.Row `json:"namedCredentials"`
		}{InventoryVersion, rows})
	case "csv", "markdown":
		cells := make([][]string, 0, len(rows))
		for _, r := range rows {
			cells = append(cells, inventoryCells(r))
		}
		if format == "csv" {
			return CSV(w, inventoryColumns, cells)
		}
		return MarkdownTable(w, inventoryColumns, cells)
	}
	return fmt.Errorf("unknown inventory format %q", format)
}

// inventoryColumns are the CSV and Markdown headers of the inventory, in inventoryCells order.
var inventoryColumns = []string{"name", "url", "host", "type", "external_credential", "protocol", "variant", "principals",
	"granted_to", "callers", "certificates", "namespaces_allowed", "callout_status"}

// inventoryCells returns the row as text cells in inventoryColumns order;
// lists are joined by "; ".
func inventoryCells(r access.Row) []string {
	var principals, granted, certs []string
	for _, p := range r.Principals {
		principals = append(principals, fmt.Sprintf("%s (%s)", p.Name, p.Type))
		if len(p.GrantedBy) > 0 {
			granted = append(granted, p.Name+": "+strings.Join(access.GrantorNames(p.GrantedBy), ", "))
		}
	}
	for _, c := range r.Certificates {
		s := c.Name
		switch {
		case !c.InTree:
			s += " (not in the tree)"
		case c.SigningRequest:
			s += " (not signed: a certificate signing request)"
		case c.Expired:
			s += " (expired on " + c.Expires + ")"
		case c.Expires != "" && c.DaysLeft == 0:
			s += " (expires on " + c.Expires + ", within a day)"
		case c.Expires != "" && c.DaysLeft == 1:
			s += " (expires on " + c.Expires + ", in 1 day)"
		case c.Expires != "":
			s += fmt.Sprintf(" (expires on %s, in %d days)", c.Expires, c.DaysLeft)
		}
		certs = append(certs, s)
	}
	j := func(v []string) string { return strings.Join(v, "; ") }
	ecs := j(r.ExternalCredentials)
	if ecs == "" {
		ecs = r.ExternalCredential // a Row built without the list
	}
	return []string{r.Name, r.URL, r.Host, r.Type, ecs, r.Protocol, r.Variant, j(principals), j(granted),
		j(r.Callers), j(certs), j(r.Namespaces), r.CalloutStatus}
}

// Checklist writes the post-deploy checklist as Markdown.
func Checklist(w io.Writer, sections []access.Section) error {
	b := bufio.NewWriter(w)
	b.WriteString("# After deploying: steps metadata cannot carry\n")
	if len(sections) == 0 {
		b.WriteString("\nNothing to do by hand: no named credential needs credentials, certificates, namespaces or enabling.\n")
	}
	for _, s := range sections {
		fmt.Fprintf(b, "\n## %s", report.MarkdownEscape(s.NamedCredential))
		if s.URL != "" {
			fmt.Fprintf(b, " (%s)", report.MarkdownCode(s.URL))
		}
		b.WriteString("\n\n")
		for _, it := range s.Items {
			fmt.Fprintf(b, "- [ ] %s: %s\n", report.MarkdownCode(it.Subject), report.MarkdownEscape(it.Text))
		}
	}
	return b.Flush()
}
