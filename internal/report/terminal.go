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
	return mdLines(md, func(level int, text string) []string {
		if color {
			return []string{"\x1b[1m" + text + "\x1b[0m"}
		}
		under := "-"
		if level == 1 {
			under = "="
		}
		return []string{text, strings.Repeat(under, utf8.RuneCountInString(text))}
	})
}
