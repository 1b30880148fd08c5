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
			msg += "\n" + r.Message + " (" + path.Join(opts.PathPrefix, file) + ":" + strconv.Itoa(r.Span.Start.Line) + ")"
		}
		file, _ := relPath(in.Root, f.Span.File)
		props := []string{
			"file=" + escapeProperty(path.Join(opts.PathPrefix, file)),
			"line=" + strconv.Itoa(f.Span.Start.Line),
			"col=" + strconv.Itoa(f.Span.Start.Col),
		}
		if f.Span.End.Line >= f.Span.Start.Line && f.Span.End.Line > 0 {
			props = append(props, "endLine="+strconv.Itoa(f.Span.End.Line))
			if f.Span.End.Line == f.Span.Start.Line {
				props = append(props, "endColumn="+strconv.Itoa(f.Span.End.Col))
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

// escapeData escapes a workflow command's message.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
