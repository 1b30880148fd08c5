package report

import (
	"regexp"
	"strings"
)

var (
	mdHeading    = regexp.MustCompile(`^ {0,3}#{1,6}(?:[ \t]+|$)`)
	mdHeadingEnd = regexp.MustCompile(`[ \t]+#+[ \t]*$`)
	mdFence      = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")
	mdLink       = regexp.MustCompile(`!?\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)`)
	mdAutolink   = regexp.MustCompile(`<((?:https?|mailto):[^>\s]+)>`)
	mdStrong     = regexp.MustCompile(`\*\*([^*\s](?:[^*]*[^*\s])?)\*\*`)
	mdEmStar     = regexp.MustCompile(`(^|[^\w*])\*([^*\s](?:[^*]*[^*\s])?)\*([^\w*]|$)`)
	mdEmUnder    = regexp.MustCompile(`(^|[^\w])_([^_\s](?:[^_]*[^_\s])?)_([^\w]|$)`)
)

// escapeBase maps a backslash-escaped ASCII punctuation character to a
// private-use rune while the emphasis and link patterns run, so that `\*`
// stays a literal "*".
const escapeBase = 0xE000

// plainText derives the plain-text form of a rule's Markdown help, for
// SARIF consumers that cannot render Markdown. It is deliberately simple:
// headings lose their "#" markers, fenced code blocks lose their fences and
// are indented by four spaces, inline code loses its backticks, links
// become "text (url)", "**strong**", "*emphasis*" and "_emphasis_" lose
// their markers (intra-word underscores such as "Field__c" are kept) and
// backslash escapes are resolved. Lists, tables and paragraphs pass through.
func plainText(md string) string {
	return mdLines(md, func(_ int, text string) []string { return []string{text} })
}

// mdLines is the line walk plainText and TerminalText share: fenced code is
// indented by four spaces without its fences, other lines lose their inline
// markup, and each heading's text (markers and inline markup removed) is
// replaced by the lines heading returns for it.
func mdLines(md string, heading func(level int, text string) []string) string {
	md = strings.ReplaceAll(md, "\r\n", "\n")
	var out []string
	fence := "" // the opening fence while inside a fenced block
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
			out = append(out, heading(level, text)...)
			continue
		}
		out = append(out, strings.TrimRight(inlineText(line), " \t"))
	}
	return strings.Trim(strings.Join(out, "\n"), "\n")
}

// inlineText strips inline Markdown from one line outside code blocks.
func inlineText(line string) string {
	var b strings.Builder
	for line != "" {
		i := strings.IndexByte(line, '`')
		if i < 0 {
			b.WriteString(inlineSpans(line))
			break
		}
		b.WriteString(inlineSpans(line[:i]))
		n := len(line[i:]) - len(strings.TrimLeft(line[i:], "`"))
		ticks := line[i : i+n]
		rest := line[i+n:]
		j := strings.Index(rest, ticks)
		if j < 0 { // unmatched: literal backticks
			b.WriteString(ticks)
			line = rest
			continue
		}
		code := rest[:j]
		if len(code) >= 2 && code[0] == ' ' && code[len(code)-1] == ' ' && strings.Trim(code, " ") != "" {
			code = code[1 : len(code)-1]
		}
		b.WriteString(code)
		line = rest[j+n:]
	}
	return b.String()
}

// inlineSpans strips links, emphasis and escapes from text with no code.
func inlineSpans(s string) string {
	if s == "" {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]) {
			b.WriteRune(rune(escapeBase + int(s[i+1])))
			i++
			continue
		}
		b.WriteByte(s[i])
	}
	s = b.String()
	s = mdLink.ReplaceAllStringFunc(s, func(m string) string {
		sub := mdLink.FindStringSubmatch(m)
		text, url := sub[1], sub[2]
		switch {
		case text == "" || text == url:
			return url
		case url == "":
			return text
		}
		return text + " (" + url + ")"
	})
	s = mdAutolink.ReplaceAllString(s, "$1")
	s = mdStrong.ReplaceAllString(s, "$1")
	// Adjacent matches share a delimiter character, so run the emphasis
	// patterns until nothing changes.
	for _, re := range []*regexp.Regexp{mdEmStar, mdEmUnder} {
		for {
			t := re.ReplaceAllString(s, "$1$2$3")
			if t == s {
				break
			}
			s = t
		}
	}
	return strings.Map(func(r rune) rune {
		if r >= escapeBase && r < escapeBase+0x80 {
			return r - escapeBase
		}
		return r
	}, s)
}

func isASCIIPunct(c byte) bool {
	return strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) >= 0
}
