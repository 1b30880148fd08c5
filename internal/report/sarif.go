package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/loc"
)

// SARIF constants. GitHub code scanning reads them as documented in
// docs.github.com "SARIF support for code scanning".
const (
	// SARIFSchemaURI is the $schema of the log: the one GitHub's own
	// documentation uses.
	SARIFSchemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
	// InformationURI is tool.driver.informationUri.
	InformationURI = "https://github.com/nclint/nclint"
	// RuleHelpURIPrefix followed by "<ref>/docs/rules/<rule ID>.md" is a
	// rule's helpUri (see RuleHelpURI).
	RuleHelpURIPrefix = "https://github.com/nclint/nclint/blob/"
	// SARIFResultLimit is the most results GitHub code scanning accepts in
	// one run: it rejects the upload above it.
	SARIFResultLimit = 25000
	// SourceRootBaseID is the uriBaseId of every relative artifact URI;
	// run.originalUriBaseIds maps it to the project root.
	SourceRootBaseID = "%SRCROOT%"
	// AutomationID is run.automationDetails.id: GitHub reads the part
	// before the last "/" as the analysis category, "nclint".
	AutomationID = "nclint/"
	// FingerprintKey is the partialFingerprints key GitHub reads.
	FingerprintKey = "primaryLocationLineHash"
)

// maxDescription is GitHub's limit on shortDescription and fullDescription.
const maxDescription = 1024

var semverRE = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$`)

// SARIF writes in as a SARIF 2.1.0 log with exactly one run, as GitHub code
// scanning ingests it. The output is indented JSON ending in a newline and
// depends only on in, so the same input gives the same bytes.
//
// Rules: every rule in in.Rules becomes a reportingDescriptor, in the given
// order, with short and full descriptions (cut to GitHub's 1024
// characters), Markdown help plus a plain-text rendering of it, a helpUri,
// the default level, and properties tags, precision, security-severity
// (security rules, which also get the "security" tag GitHub expects) or
// problem.severity (other rules).
//
// Results: each finding gets its rule's ruleIndex, a location relative to
// %SRCROOT% (the root, percent-encoded), relatedLocations numbered from 1,
// one codeFlow when the finding has a flow, and a primaryLocationLineHash
// computed from the finding's Identity, so an alert keeps its identity when
// lines move. A span with no known position gets the region {startLine: 1}:
// GitHub needs a startLine to place an alert, and no column is claimed.
//
// SARIF returns an error, and writes nothing, when the input cannot be
// expressed validly: a finding of an unknown rule or without a file, an
// invalid level, precision or security severity, or a duplicate rule ID.
func SARIF(w io.Writer, in Input) error {
	log, err := buildSARIF(&in)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // keep "<" and ">" of XML examples readable
	enc.SetIndent("", "  ")
	if err := enc.Encode(log); err != nil { // Encode ends with a newline
		return fmt.Errorf("write SARIF: %w", err)
	}
	return nil
}

// RuleHelpURI is the documentation page of rule id for the nclint version
// toolVersion: the page at the release's tag (v1.2.3) for a release, at
// main for a development build (no version, "dev", a pseudo-version or a
// "-devel" suffix), whose rules may differ from any release.
func RuleHelpURI(toolVersion, id string) string {
	return RuleHelpURIPrefix + DocsRef(toolVersion) + "/docs/rules/" + id + ".md"
}

// releaseRE matches release versions (1.2.3, 1.2.3-rc.1), not Go
// pseudo-versions (0.0.0-20260101120000-abcdef123456) or "-devel" builds.
var releaseRE = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-(rc|beta|alpha)\.?\d+)?$`)

// DocsRef is the git ref whose documentation describes toolVersion: "v"
// and the version for a release, else "main".
func DocsRef(toolVersion string) string {
	if v := trimV(toolVersion); releaseRE.MatchString(v) {
		return "v" + v
	}
	return "main"
}

// capResults keeps at most limit findings, the most severe first (errors,
// then warnings, then notes; in their order within a level), in their
// original order. It returns how many were left out.
func capResults(findings []lint.Finding, limit int) ([]lint.Finding, int) {
	if len(findings) <= limit {
		return findings, 0
	}
	idx := make([]int, len(findings))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return findings[b].Level.Rank() - findings[a].Level.Rank() })
	keep := idx[:limit]
	slices.Sort(keep)
	out := make([]lint.Finding, 0, limit)
	for _, i := range keep {
		out = append(out, findings[i])
	}
	return out, len(findings) - limit
}

// CapNotice is the message of the notification SARIF adds when it leaves
// out dropped results over SARIFResultLimit.
func CapNotice(dropped int) string {
	left := plural(dropped, "result was", "results were")
	return fmt.Sprintf("%s left out of the SARIF: GitHub code scanning rejects more than %d results per run, so the %d most severe were kept; see the text or JSON report for all of them",
		left, SARIFResultLimit, SARIFResultLimit)
}

func buildSARIF(in *Input) (*sarif.Report, error) {
	findings, dropped := capResults(in.Findings, SARIFResultLimit)
	if dropped > 0 {
		in.Findings = findings
		in.Notifications = append(slices.Clip(in.Notifications), Notification{Level: lint.LevelWarning, Message: CapNotice(dropped)})
	}
	// go-sarif v2 pitfall: sarif.New sets a $schema URL of its own choice;
	// set ours. WriteFile/PrettyWrite are not used (WriteFile does not
	// truncate; both HTML-escape); SARIF encodes the struct itself.
	log, err := sarif.New(sarif.Version210)
	if err != nil {
		return nil, err
	}
	log.Schema = SARIFSchemaURI

	driver := sarif.NewDriver(in.toolName()).WithInformationURI(InformationURI)
	if in.ToolVersion != "" {
		// "v1.2.3" is written as "1.2.3": SARIF validators want a version
		// that starts with a digit, and semanticVersion is SemVer proper.
		v := trimV(in.ToolVersion)
		driver.WithVersion(v)
		if semverRE.MatchString(v) {
			driver.WithSemanticVersion(v)
		}
	}
	run := sarif.NewRun(*sarif.NewTool(driver))
	run.WithColumnKind("unicodeCodePoints")
	run.WithAutomationDetails(sarif.NewRunAutomationDetails().WithID(AutomationID))
	prefix := ""
	if in.Root != "" {
		root, err := filepath.Abs(in.Root)
		if err != nil {
			return nil, fmt.Errorf("project root: %w", err)
		}
		base := root
		if in.RepoRoot != "" {
			// GitHub places alerts by URIs relative to the repository
			// root and ignores uriBaseId: a project in apps/crm gets
			// apps/crm/force-app/..., with %SRCROOT% the repository.
			if repo, err := filepath.Abs(in.RepoRoot); err == nil {
				if rel, err := filepath.Rel(repo, root); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel) {
					base = repo
					if rel != "." {
						prefix = filepath.ToSlash(rel)
					}
				}
			}
		}
		run.WithOriginalUriBaseIds(map[string]*sarif.ArtifactLocation{
			SourceRootBaseID: sarif.NewSimpleArtifactLocation(fileURI(base, true)),
		})
	}

	// go-sarif v2 pitfall: ruleIndex is computed when a result is added, as
	// uint(-1) = 2^64-1 if its rule is not registered yet. Register every
	// rule first, and check each result's rule before adding it.
	index := make(map[string]int, len(in.Rules))
	for _, r := range in.Rules {
		if r == nil {
			return nil, errors.New("report: nil rule")
		}
		if _, dup := index[r.ID]; dup {
			return nil, fmt.Errorf("report: duplicate rule ID %q", r.ID)
		}
		index[r.ID] = len(index)
		if err := addRule(run, r, in.ToolVersion); err != nil {
			return nil, err
		}
	}

	b := &sarifBuilder{root: in.Root, prefix: prefix, seen: map[string]int{}}
	for i := range in.Findings {
		f := &in.Findings[i]
		ri, ok := index[f.RuleID]
		if !ok {
			return nil, fmt.Errorf("report: finding of unknown rule %q: %s", f.RuleID, f.Message)
		}
		res, err := b.result(f, in.Rules[ri])
		if err != nil {
			return nil, err
		}
		run.AddResult(res) // sets ruleIndex from the registered rules
		if res.RuleIndex == nil || int(*res.RuleIndex) != ri {
			return nil, fmt.Errorf("report: internal error: ruleIndex of %s", f.RuleID)
		}
	}

	// go-sarif v2 pitfall: Invocation.executionSuccessful and
	// Notification.message are not omitempty; AddInvocation sets the first
	// and every notification gets a message.
	inv := run.AddInvocation(in.ExecutionSuccessful)
	for _, n := range in.Notifications {
		level, err := notificationLevel(n.Level)
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		sn := sarif.NewNotification().WithLevel(string(level)).WithTextMessage(n.Message)
		if n.File != "" {
			sn.WithLocations([]*sarif.Location{
				sarif.NewLocationWithPhysicalLocation(
					sarif.NewPhysicalLocation().WithArtifactLocation(b.artifact(n.File))),
			})
		}
		if n.Rule != "" {
			ref := sarif.NewReportingDescriptorReference().WithId(n.Rule)
			if i, ok := index[n.Rule]; ok {
				ref.WithIndex(i)
			}
			sn.WithAssociatedRule(ref)
		}
		inv.AddTToolExecutionNotification(sn) // sic: the v2 API's spelling
	}

	// The findings left out by the baseline and by --new-from-rev are not
	// results (GitHub would open alerts for them); their counts go in the
	// run's property bag, which SARIF allows on every object and GitHub
	// ignores, as the text summary says "(34 in the baseline, 3 already
	// at HEAD)".
	if props := filteredProperties(in); len(props) > 0 {
		run.Properties = props
	}
	log.AddRun(run)
	return log, nil
}

// filteredProperties are run.properties: "baselined" when the baseline
// silenced findings, "revision" and "alreadyAtRevision" with --new-from-rev,
// "outsideTargets" when findings lie in files the command line did not name.
func filteredProperties(in *Input) sarif.Properties {
	props := sarif.Properties{}
	if in.Baselined > 0 {
		props["baselined"] = in.Baselined
	}
	if in.Revision != "" || in.AtRevision > 0 {
		props["alreadyAtRevision"] = in.AtRevision
		if in.Revision != "" {
			props["revision"] = in.Revision
		}
	}
	if in.OutsideTargets > 0 {
		props["outsideTargets"] = in.OutsideTargets
	}
	return props
}

// addRule registers r on run's driver.
func addRule(run *sarif.Run, r *lint.Rule, toolVersion string) error {
	if r.Level.Rank() < 0 {
		return fmt.Errorf("report: rule %s: invalid level %q", r.ID, r.Level)
	}
	short := firstNonEmpty(r.Short, r.Name, r.ID)
	full := firstNonEmpty(r.Full, short)
	help := firstNonEmpty(plainText(r.Help), full)

	// go-sarif v2 pitfall: a rule without shortDescription is written as
	// "shortDescription": null, which the schema rejects; it is always set.
	rd := run.AddRule(r.ID).
		WithShortDescription(sarif.NewMultiformatMessageString(truncate(short, maxDescription))).
		WithFullDescription(sarif.NewMultiformatMessageString(truncate(full, maxDescription))).
		WithHelpURI(RuleHelpURI(toolVersion, r.ID)).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(string(r.Level)))
	if r.Name != "" {
		rd.WithName(r.Name)
	}
	hm := sarif.NewMultiformatMessageString(help)
	if r.Help != "" {
		hm.WithMarkdown(r.Help)
	}
	rd.WithHelp(hm)

	// go-sarif v2 pitfall: the embedded PropertyBag of ReportingDescriptor
	// is shadowed by its own Properties field, so PropertyBag.Add is
	// silently dropped; set the map with WithProperties.
	props := sarif.Properties{}
	tags := uniq(r.Tags)
	if r.SecuritySeverity != "" {
		v, err := strconv.ParseFloat(r.SecuritySeverity, 64)
		if err != nil || math.IsNaN(v) || v <= 0 || v > 10 {
			return fmt.Errorf("report: rule %s: security severity %q is not a number in (0, 10]", r.ID, r.SecuritySeverity)
		}
		props["security-severity"] = r.SecuritySeverity // a string, as GitHub wants
		if !slices.Contains(tags, "security") {
			tags = append(tags, "security")
		}
	} else {
		props["problem.severity"] = problemSeverity(r.Level)
	}
	if len(tags) > 0 {
		props["tags"] = tags
	}
	if r.Precision != "" {
		switch r.Precision {
		case "very-high", "high", "medium", "low":
		default:
			return fmt.Errorf("report: rule %s: invalid precision %q", r.ID, r.Precision)
		}
		props["precision"] = r.Precision
	}
	rd.WithProperties(props)
	return nil
}

// problemSeverity maps a level to GitHub's problem.severity.
func problemSeverity(l lint.Level) string {
	switch l {
	case lint.LevelError:
		return "error"
	case lint.LevelWarning:
		return "warning"
	}
	return "recommendation"
}

type sarifBuilder struct {
	root string
	// prefix is the project root relative to the repository root ("" when
	// they are the same), prepended to relative URIs.
	prefix string
	// seen counts fingerprints per file, to number repeated ones.
	seen map[string]int
}

func (b *sarifBuilder) result(f *lint.Finding, r *lint.Rule) (*sarif.Result, error) {
	level := f.Level
	if level == "" {
		level = r.Level
	}
	// go-sarif v2 pitfall: no enum validation; an invalid level would
	// produce an invalid log.
	if level.Rank() < 0 {
		return nil, fmt.Errorf("report: finding of %s: invalid level %q", f.RuleID, level)
	}
	if f.Span.File == "" {
		return nil, fmt.Errorf("report: finding of %s has no file: %s", f.RuleID, f.Message)
	}
	res := sarif.NewRuleResult(f.RuleID).
		WithLevel(string(level)).
		WithMessage(sarif.NewTextMessage(linkedMessage(f))).
		WithLocations([]*sarif.Location{b.location(f.Span)})

	if len(f.Related) > 0 {
		rel := make([]*sarif.Location, 0, len(f.Related))
		for i, r := range f.Related {
			l := b.location(r.Span).WithId(i + 1)
			if r.Message != "" {
				l.WithMessage(sarif.NewTextMessage(r.Message))
			}
			rel = append(rel, l)
		}
		res.WithRelatedLocations(rel)
	}

	if len(f.Flow) > 0 {
		steps := make([]*sarif.ThreadFlowLocation, 0, len(f.Flow))
		for _, s := range f.Flow {
			l := b.location(s.Span)
			if s.Message != "" {
				l.WithMessage(sarif.NewTextMessage(s.Message))
			}
			steps = append(steps, sarif.NewThreadFlowLocation().WithLocation(l))
		}
		res.WithCodeFlows([]*sarif.CodeFlow{
			sarif.NewCodeFlow().WithThreadFlows([]*sarif.ThreadFlow{
				sarif.NewThreadFlow().WithLocations(steps),
			}),
		})
	}

	// go-sarif v2 pitfall: partialFingerprints is map[string]interface{};
	// only string values are valid.
	hash := identityHash(f)
	key := f.Span.File + "\x00" + hash
	b.seen[key]++
	res.WithPartialFingerPrints(map[string]interface{}{
		FingerprintKey: hash + ":" + strconv.Itoa(b.seen[key]),
	})
	return res, nil
}

// identityHash is the hex SHA-256 (first 64 bits, as long as GitHub's own
// hashes) of the finding's identity, which never contains line numbers.
func identityHash(f *lint.Finding) string {
	id := f.Identity
	if id == "" { // not produced by the engine; still avoid line numbers
		id = f.RuleID + "|" + f.Span.File + "|" + f.Message
	}
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:8])
}

// location is the SARIF location of s. A span without a file gives a
// location with no physical location (only related locations and flow
// steps can be such).
func (b *sarifBuilder) location(s loc.Span) *sarif.Location {
	if s.File == "" {
		return sarif.NewLocation()
	}
	return sarif.NewLocationWithPhysicalLocation(
		sarif.NewPhysicalLocation().
			WithArtifactLocation(b.artifact(s.File)).
			WithRegion(region(s)))
}

// artifact is the artifactLocation of file: a percent-encoded URI relative
// to %SRCROOT%, or an absolute file URI for a file outside the root.
func (b *sarifBuilder) artifact(file string) *sarif.ArtifactLocation {
	p, rel := relPath(b.root, file)
	if !rel {
		return sarif.NewSimpleArtifactLocation(fileURI(p, false))
	}
	if b.prefix != "" {
		p = b.prefix + "/" + p
	}
	return sarif.NewSimpleArtifactLocation(escapePath(p, false)).WithUriBaseId(SourceRootBaseID)
}

// linkedMessage is the SARIF message text of f: its message, with literal
// square brackets escaped, followed by one link per related location
// ("[text](id)", id numbering relatedLocations from 1), which GitHub shows
// as links to those places.
func linkedMessage(f *lint.Finding) string {
	msg := escapeBrackets(f.Message)
	var links []string
	for i, r := range f.Related {
		if r.Span.File == "" {
			continue
		}
		text := r.Message
		if text == "" {
			text = path.Base(filepath.ToSlash(r.Span.File))
		}
		links = append(links, fmt.Sprintf("[%s](%d)", escapeBrackets(text), i+1))
	}
	if len(links) == 0 {
		return msg
	}
	return msg + " Related: " + strings.Join(links, "; ") + "."
}

// escapeBrackets escapes "[" and "]", which SARIF message text reserves
// for embedded links (SARIF 2.1.0, 3.11.6).
func escapeBrackets(s string) string {
	return strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`).Replace(s)
}

// region is the SARIF region of s. Columns are code points (columnKind
// unicodeCodePoints) and End is exclusive, as in loc.Span. A span with no
// position gives {startLine: 1}; an end before the start is dropped.
func region(s loc.Span) *sarif.Region {
	r := sarif.NewRegion()
	if !s.Start.IsValid() {
		return r.WithStartLine(1)
	}
	r.WithStartLine(s.Start.Line)
	if s.Start.Col > 0 {
		r.WithStartColumn(s.Start.Col)
	}
	e := s.End
	if !e.IsValid() || e.Line < s.Start.Line {
		return r
	}
	if e.Line == s.Start.Line && e.Col > 0 && e.Col < max(s.Start.Col, 1) {
		return r
	}
	r.WithEndLine(e.Line)
	if e.Col > 0 {
		r.WithEndColumn(e.Col)
	}
	return r
}

func trimV(v string) string {
	if len(v) > 1 && v[0] == 'v' && v[1] >= '0' && v[1] <= '9' {
		return v[1:]
	}
	return v
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// truncate cuts s to at most n characters, ending it with "…" if cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	rs := []rune(s)
	return string(rs[:n-1]) + "…"
}

// uniq returns ss without empty strings and repeats, in order.
func uniq(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
