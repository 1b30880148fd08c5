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

// pathOrder explains the columns of a path.
const pathOrder = "group → permission set → principal → external credential → named credential → URL"

// heading says what the paths of an answer are.
func heading(a access.Answer) (paths, callers string) {
	switch a.Kind {
	case access.KindPermissionSet, access.KindGroup:
		return "what its users can call", "who calls those named credentials in code"
	case access.KindClass:
		return "as which principals its callouts can run", "its callouts"
	}
	return "who can call it", "who calls it in code"
}

// PathText writes a path on one line: psg:G → ps:P → EC-Principal (Type) → ec:EC → nc:NC → URL.
func PathText(p access.Path) string {
	var b strings.Builder
	if p.Group != "" {
		b.WriteString("psg:" + p.Group + " → ")
	}
	fmt.Fprintf(&b, "ps:%s → %s (%s) → ec:%s → nc:%s", p.PermissionSet, p.PrincipalRef(), p.PrincipalType, p.ExternalCredential, p.NamedCredential)
	if p.URL != "" {
		b.WriteString(" → " + p.URL)
	}
	return b.String()
}

// CallerText describes a caller on one line.
func CallerText(c access.Caller) string {
	s := c.Kind + " " + c.Name
	if c.Via != "" {
		s += " via external service " + c.Via
	}
	if len(c.Through) > 0 {
		s += " (reached through " + strings.Join(c.Through, " → ") + ")"
	}
	if c.Direct {
		return s + " → " + c.URL + " (" + c.File + ":" + strconv.Itoa(c.Line) + "): " + directText(c)
	}
	s += " → nc:" + c.NamedCredential + " (" + c.File + ":" + strconv.Itoa(c.Line) + "): "
	if c.Entry != "" {
		s += c.Entry + ", runs as "
	} else {
		s += "runs as "
	}
	return s + c.RunAs
}

// directText says that a caller bypasses the named credential.
func directText(c access.Caller) string {
	return "calls the host directly, bypassing the named credential nc:" + c.NamedCredential
}

// AccessText writes answers as indented text.
func AccessText(w io.Writer, answers []access.Answer) error {
	b := bufio.NewWriter(w)
	for i, a := range answers {
		if i > 0 {
			b.WriteString("\n")
		}
		ph, ch := heading(a)
		fmt.Fprintf(b, "%s %s\n", access.KindLabel(a.Kind), a.Name)
		if len(a.Paths) == 0 {
			fmt.Fprintf(b, "  %s: no path through permission set grants in the tree\n", ph)
		} else {
			fmt.Fprintf(b, "  %s (%d %s; %s):\n", ph, len(a.Paths), plural(len(a.Paths), "path", "paths"), pathOrder)
			for _, p := range a.Paths {
				b.WriteString("    " + PathText(p) + "\n")
				for _, pr := range p.Problems {
					b.WriteString("      ! " + pr + "\n")
				}
			}
		}
		if len(a.Muted) > 0 {
			b.WriteString("  muted (a muting permission set of the group removes the grant):\n")
			for _, p := range a.Muted {
				b.WriteString("    " + PathText(p) + " (muted by " + p.MutedBy + ")\n")
			}
		}
		if len(a.Callers) > 0 {
			fmt.Fprintf(b, "  %s:\n", ch)
			for _, c := range a.Callers {
				b.WriteString("    " + CallerText(c) + "\n")
			}
		} else if a.Kind != access.KindPermissionSet && a.Kind != access.KindGroup {
			fmt.Fprintf(b, "  %s: none in the tree\n", ch)
		}
		if len(a.Notes) > 0 {
			b.WriteString("  notes:\n")
			for _, n := range a.Notes {
				b.WriteString("    " + n + "\n")
			}
		}
	}
	return b.Flush()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// AccessMarkdown writes answers as Markdown sections with tables.
func AccessMarkdown(w io.Writer, answers []access.Answer) error {
	b := bufio.NewWriter(w)
	for i, a := range answers {
		if i > 0 {
			b.WriteString("\n")
		}
		ph, ch := heading(a)
		fmt.Fprintf(b, "### %s %s\n\n", access.KindLabel(a.Kind), report.MarkdownCode(a.Name))
		up := strings.ToUpper(ph[:1]) + ph[1:]
		if len(a.Paths) == 0 {
			fmt.Fprintf(b, "**%s**: no path through permission set grants in the tree.\n", up)
		} else {
			fmt.Fprintf(b, "**%s** (%s):\n\n", up, pathOrder)
			rows := make([][]string, 0, len(a.Paths))
			for _, p := range a.Paths {
				rows = append(rows, []string{p.Group, p.PermissionSet, p.Principal, p.PrincipalType, p.ExternalCredential, p.NamedCredential, p.URL, strings.Join(p.Problems, "; ")})
			}
			if err := b.Flush(); err != nil {
				return err
			}
			if err := MarkdownTable(b, []string{"Group", "Permission set", "Principal", "Type", "External credential", "Named credential", "URL", "Problems"}, rows); err != nil {
				return err
			}
		}
		if len(a.Muted) > 0 {
			b.WriteString("\n**Muted** (a muting permission set of the group removes the grant):\n\n")
			for _, p := range a.Muted {
				fmt.Fprintf(b, "- %s (muted by %s)\n", report.MarkdownCode(PathText(p)), report.MarkdownCode(p.MutedBy))
			}
		}
		uc := strings.ToUpper(ch[:1]) + ch[1:]
		switch {
		case len(a.Callers) > 0:
			fmt.Fprintf(b, "\n**%s**:\n\n", uc)
			rows := make([][]string, 0, len(a.Callers))
			for _, c := range a.Callers {
				name := c.Kind + " " + c.Name
				if c.Via != "" {
					name += " via " + c.Via
				}
				if len(c.Through) > 0 {
					name += " (reached through " + strings.Join(c.Through, " → ") + ")"
				}
				if c.Direct {
					name += " (" + directText(c) + ", " + c.URL + ")"
				}
				runs := c.RunAs
				if c.Entry != "" {
					runs = c.Entry + ": " + runs
				}
				rows = append(rows, []string{name, c.NamedCredential, c.File + ":" + strconv.Itoa(c.Line), runs})
			}
			if err := MarkdownTable(b, []string{"Caller", "Named credential", "Location", "Runs as"}, rows); err != nil {
				return err
			}
		case a.Kind != access.KindPermissionSet && a.Kind != access.KindGroup:
			fmt.Fprintf(b, "\n**%s**: none in the tree.\n", uc)
		}
		if len(a.Notes) > 0 {
			b.WriteString("\nNotes:\n\n")
			for _, n := range a.Notes {
				b.WriteString("- " + report.MarkdownEscape(n) + "\n")
			}
		}
	}
	return b.Flush()
}
