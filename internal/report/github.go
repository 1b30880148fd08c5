package report

import (
	"bufio"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/nclint/nclint/internal/lint"
)

// GitHubOptions tune the GitHub Actions output.
type GitHubOptions struct {
	// PathPrefix is prepended to every path (the project root relative to
	// the repository root, e.g. "apps/crm"), because GitHub resolves
	// annotation paths from the workspace root. "" for none.
	PathPrefix string
}

// GitHub writes in as GitHub Actions workflow commands, one per finding
// and notification, e.g.
//
//	::error file=force-app/x.xml,line=5,col=9,endLine=5,endColumn=40,title=NC101 principal-not-granted::message
//
// so findings appear as annotations on pull requests without code
// scanning. Notes become "notice" commands. Related locations are appended
// to the message. Values are escaped as the runner expects.
func GitHub(w io.Writer, in Input, opts GitHubOptions) error {
	bw := bufio.NewWriter(w)
	for _, f := range in.Findings {
		if f.Suppression != nil {
			continue
		}
		msg := f.Message
		for _, r := range f.Related {
			file, _ := relPath(in.Root, r.Span.File)
			where := path.Join(opts.PathPrefix, file)
			if r.Span.Start.Line > 0 {
				where += ":" + strconv.Itoa(r.Span.Start.Line)
			}
			msg += "\n" + r.Message + " (" + where + ")"
		}
		file, _ := relPath(in.Root, f.Span.File)
		props := []string{"file=" + escapeProperty(path.Join(opts.PathPrefix, file))}
		// Positions are given only when known: line=0 is not a line, and
		// GitHub annotates the whole file without one.
		if start := f.Span.Start; start.Line > 0 {
			props = append(props, "line="+strconv.Itoa(start.Line))
			if start.Col > 0 {
				props = append(props, "col="+strconv.Itoa(start.Col))
			}
			if end := f.Span.End; end.Line >= start.Line {
				props = append(props, "endLine="+strconv.Itoa(end.Line))
				if end.Line == start.Line && end.Col > 0 {
					props = append(props, "endColumn="+strconv.Itoa(end.Col))
				}
			}
		}
		props = append(props, "title="+escapeProperty(f.RuleID+" "+f.RuleName))
		fmt.Fprintf(bw, "::%s %s::%s\n", githubCommand(f.Level), strings.Join(props, ","), escapeData(msg))
	}
	for _, n := range in.Notifications {
		level, err := notificationLevel(n.Level)
		if err != nil {
			return err
		}
		props := ""
		if n.File != "" {
			props = " file=" + escapeProperty(path.Join(opts.PathPrefix, n.File))
		}
		fmt.Fprintf(bw, "::%s%s::%s\n", githubCommand(level), props, escapeData(in.toolName()+": "+n.Message))
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

func githubCommand(l lint.Level) string {
	switch l {
	case lint.LevelError:
		return "error"
	case lint.LevelWarning:
		return "warning"
	}
	return "notice"
}

// escapeData escapes a workflow command's message: "%", "\r" and "\n" as
// the runner expects, and any other control character (but tab) as
// "\xNN", since the runner has no escape for them and they must not reach
// the log raw (a file name or message with ESC could restyle it).
func escapeData(s string) string {
	return escapeWorkflow(s, false)
}

// escapeProperty escapes a workflow command property value: as
// escapeData, and ":" and "," too.
func escapeProperty(s string) string {
	return escapeWorkflow(s, true)
}

func escapeWorkflow(s string, property bool) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '%':
			b.WriteString("%25")
		case r == '\r':
			b.WriteString("%0D")
		case r == '\n':
			b.WriteString("%0A")
		case property && r == ':':
			b.WriteString("%3A")
		case property && r == ',':
			b.WriteString("%2C")
		case isControl(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
