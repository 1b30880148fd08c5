// Package report writes lint results for people and for machines: a
// compiler-style text listing and a SARIF 2.1.0 log for GitHub code
// scanning. A reporter never knows a metadata type: it sees rules, findings,
// source spans and notifications only.
package report

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/nclint/nclint/internal/lint"
)

// DefaultToolName is the tool name used when Input.ToolName is empty.
const DefaultToolName = "nclint"

// Input is everything a reporter writes.
type Input struct {
	// ToolName is the name of the tool; empty means DefaultToolName.
	ToolName string
	// ToolVersion is the tool's version, e.g. "0.3.1" or "v0.3.1". Empty
	// omits the version from the SARIF log.
	ToolVersion string
	// Rules are all the rules of the run, sorted by ID, including those
	// that produced no finding.
	Rules []*lint.Rule
	// Findings are already sorted (see lint.SortFindings); reporters keep
	// their order.
	Findings []lint.Finding
	// Notifications are problems of the run itself, such as files that
	// could not be read.
	Notifications []Notification
	// FilesScanned is the number of files read.
	FilesScanned int
	// Root is the absolute project root. Span files are relative to it.
	Root string
	// RepoRoot, when not "", is the root of the repository holding Root
	// (git's top level). SARIF URIs are then relative to it, the way
	// GitHub code scanning places alerts; "" keeps them relative to Root.
	RepoRoot string
	// Baselined counts the findings silenced by a baseline file, and
	// AtRevision those left out because they occur at git revision
	// Revision (--new-from-rev); the summaries mention them.
	Baselined, AtRevision int
	Revision              string
	// OutsideTargets counts the findings left out because they lie in no
	// file the command line named (changed-files mode); the summaries say
	// so, since such a finding may be caused by the named files.
	OutsideTargets int
	// ExecutionSuccessful is false when the run did not complete normally
	// (a rule panicked, a file could not be read).
	ExecutionSuccessful bool
}

// Notification is a problem of the run itself, not of the project: for
// example a file that could not be read.
type Notification struct {
	// File is the file concerned, relative to the root, or "" when the
	// notification is about no particular file.
	File string
	// Message says what went wrong.
	Message string
	// Level is error, warning or note; empty means warning.
	Level lint.Level
	// Rule is the ID of the rule the notification is about ("" for none).
	Rule string
}

func (in *Input) toolName() string {
	if in.ToolName == "" {
		return DefaultToolName
	}
	return in.ToolName
}

// relPath returns file as a slash-separated path relative to root, and
// whether it is relative. Span files are relative already; an absolute
// file inside root is made relative, one outside root stays absolute.
func relPath(root, file string) (string, bool) {
	if filepath.IsAbs(file) {
		file = filepath.Clean(file)
		if root != "" {
			if rel, err := filepath.Rel(root, file); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				return path.Clean(filepath.ToSlash(rel)), true
			}
		}
		return filepath.ToSlash(file), false
	}
	p := path.Clean(filepath.ToSlash(file))
	return strings.TrimLeft(p, "/"), true
}

// notificationLevel maps a notification's level to a SARIF level.
func notificationLevel(l lint.Level) (lint.Level, error) {
	if l == "" {
		return lint.LevelWarning, nil
	}
	if l.Rank() < 0 {
		return "", fmt.Errorf("invalid notification level %q", l)
	}
	return l, nil
}
