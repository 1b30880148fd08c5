package report

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/loc"
)

// JSONVersion is the version of the JSON report shape. It changes only when
// a field is removed or changes meaning; new fields may appear without it.
const JSONVersion = 1

// jsonReport is the JSON report, documented in docs/json-format.md.
type jsonReport struct {
	Version       int                `json:"version"`
	Tool          jsonTool           `json:"tool"`
	FilesScanned  int                `json:"filesScanned"`
	Summary       jsonSummary        `json:"summary"`
	Findings      []jsonFinding      `json:"findings"`
	Notifications []jsonNotification `json:"notifications"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
}

type jsonSummary struct {
	Errors     int `json:"errors"`
	Warnings   int `json:"warnings"`
	Notes      int `json:"notes"`
	Suppressed int `json:"suppressed"`
	// Baselined and AlreadyAtRevision count the findings left out by the
	// baseline and by --new-from-rev (at Revision), as the text summary
	// says "(34 in the baseline, 3 already at HEAD)".
	Baselined         int    `json:"baselined"`
	AlreadyAtRevision int    `json:"alreadyAtRevision"`
	Revision          string `json:"revision,omitempty"`
	// OutsideTargets counts the findings in files the command line did
	// not name (present only when it is not 0).
	OutsideTargets int `json:"outsideTargets,omitempty"`
}

type jsonFinding struct {
	RuleID      string           `json:"ruleId"`
	RuleName    string           `json:"ruleName"`
	Level       lint.Level       `json:"level"`
	Message     string           `json:"message"`
	Location    jsonLocation     `json:"location"`
	Related     []jsonRelated    `json:"related"`
	Flow        []jsonRelated    `json:"flow"`
	Identity    string           `json:"identity"`
	Suppression *jsonSuppression `json:"suppression"`
}

// jsonLocation is a position, as in SARIF: StartLine is always at least 1
// (1 for a finding about the whole file, whose position is unknown); the
// other fields are left out when unknown, never 0.
type jsonLocation struct {
	File        string `json:"file"`
	StartLine   int    `json:"startLine"`
	StartColumn int    `json:"startColumn,omitempty"`
	EndLine     int    `json:"endLine,omitempty"`
	EndColumn   int    `json:"endColumn,omitempty"`
}

type jsonRelated struct {
	Location jsonLocation `json:"location"`
	Message  string       `json:"message"`
}

type jsonSuppression struct {
	Kind   string        `json:"kind"`
	Reason string        `json:"reason"`
	Where  *jsonLocation `json:"location"`
}

type jsonNotification struct {
	File    string     `json:"file,omitempty"`
	Rule    string     `json:"rule,omitempty"`
	Level   lint.Level `json:"level"`
	Message string     `json:"message"`
}

// JSON writes in as one indented JSON object (see docs/json-format.md),
// for scripts. Paths are relative to the project root with forward
// slashes; lines and columns are 1-based, columns in Unicode code points.
// Lists are never null. The output depends only on in.
func JSON(w io.Writer, in Input) error {
	r := jsonReport{
		Version:      JSONVersion,
		Tool:         jsonTool{Name: in.toolName(), Version: in.ToolVersion},
		FilesScanned: in.FilesScanned,
		Summary: jsonSummary{Baselined: in.Baselined, AlreadyAtRevision: in.AtRevision, Revision: in.Revision,
			OutsideTargets: in.OutsideTargets},
		Findings:      []jsonFinding{},
		Notifications: []jsonNotification{},
	}
	for _, f := range in.Findings {
		jf := jsonFinding{
			RuleID: f.RuleID, RuleName: f.RuleName, Level: f.Level, Message: f.Message,
			Location: jsonLoc(in.Root, f.Span), Related: jsonRelatedList(in.Root, f.Related),
			Flow: jsonRelatedList(in.Root, f.Flow), Identity: f.Identity,
		}
		if s := f.Suppression; s != nil {
			jf.Suppression = &jsonSuppression{Kind: s.Kind, Reason: s.Reason}
			if s.Span.IsValid() {
				where := jsonLoc(in.Root, s.Span)
				jf.Suppression.Where = &where
			}
			r.Summary.Suppressed++
		} else {
			switch f.Level {
			case lint.LevelError:
				r.Summary.Errors++
			case lint.LevelWarning:
				r.Summary.Warnings++
			case lint.LevelNote:
				r.Summary.Notes++
			}
		}
		r.Findings = append(r.Findings, jf)
	}
	for _, n := range in.Notifications {
		level, err := notificationLevel(n.Level)
		if err != nil {
			return err
		}
		r.Notifications = append(r.Notifications, jsonNotification{File: n.File, Rule: n.Rule, Level: level, Message: n.Message})
	}
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("encode JSON report: %w", err)
	}
	if _, err := w.Write(append(data, '\n')); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

func jsonLoc(root string, s loc.Span) jsonLocation {
	file, _ := relPath(root, s.File)
	l := jsonLocation{File: file, StartLine: 1}
	if !s.Start.IsValid() {
		return l
	}
	l.StartLine = s.Start.Line
	l.StartColumn = max(s.Start.Col, 0)
	if s.End.IsValid() && s.End.Line >= s.Start.Line {
		l.EndLine = s.End.Line
		l.EndColumn = max(s.End.Col, 0)
	}
	return l
}

func jsonRelatedList(root string, rs []lint.Related) []jsonRelated {
	out := []jsonRelated{}
	for _, r := range rs {
		out = append(out, jsonRelated{Location: jsonLoc(root, r.Span), Message: r.Message})
	}
	return out
}
