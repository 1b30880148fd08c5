package report

import (
	"strings"
	"unicode/utf8"
)

// TerminalText renders a rule's Markdown help for a terminal, like
// plainText (code blocks indented by four spaces without their fences,
// inline markup removed, links as "text (url)"), except that headings
// stand out: bold when color is set, else underlined with "=" (level 1)
// or "-" on the next line.
func TerminalText(md string, color bool) string {
	md = strings.ReplaceAll(md, "\r\n", "\n")
	var out []string
	fence := ""
	for _, line := range strings.Split(md, "\n") {
		if fence != "" {
			t := strings.TrimLeft(line, " ")
			if strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]+" \t") == "" {
				fence = ""
				continue
			}
			out = append(out, strings.TrimRight("    "+line, " \t"))
			continue
		}
		if m := mdFence.FindStringSubmatch(line); m != nil {
			fence = m[1]
			continue
		}
		if loc := mdHeading.FindStringIndex(line); loc != nil {
			level := strings.Count(strings.TrimSpace(line[:loc[1]]), "#")
			text := strings.TrimSpace(inlineText(mdHeadingEnd.ReplaceAllString(line[loc[1]:], "")))
			if color {
				out = append(out, "\x1b[1m"+text+"\x1b[0m")
				continue
			}
			under := "-"
			if level == 1 {
				under = "="
			}
			out = append(out, text, strings.Repeat(under, utf8.RuneCountInString(text)))
			continue
		}
		out = append(out, strings.TrimRight(inlineText(line), " \t"))
	}
	return strings.Trim(strings.Join(out, "\n"), "\n")
}
