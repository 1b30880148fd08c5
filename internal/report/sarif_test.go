package report

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/sarifcheck"
)

// sarifSchema returns the compiled vendored OASIS schema.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	s, err := sarifcheck.Schema()
	if err != nil {
		t.Fatalf("compile SARIF schema: %v", err)
	}
	return s
}

func validateSARIF(t *testing.T, data []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	if err := sarifSchema(t).Validate(inst); err != nil {
		t.Fatalf("output is not valid SARIF 2.1.0:\n%v\n%s", err, data)
	}
}

func writeSARIF(t *testing.T, in Input) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := SARIF(&buf, in); err != nil {
		t.Fatalf("SARIF: %v", err)
	}
	return buf.Bytes()
}

// The subset of SARIF the tests read.
type (
	sLog struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []sRun `json:"runs"`
	}
	sRun struct {
		Tool struct {
			Driver struct {
				Name            string  `json:"name"`
				Version         string  `json:"version"`
				SemanticVersion string  `json:"semanticVersion"`
				InformationURI  string  `json:"informationUri"`
				Rules           []sRule `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results            []sResult `json:"results"`
		ColumnKind         string    `json:"columnKind"`
		OriginalURIBaseIDs map[string]struct {
			URI string `json:"uri"`
		} `json:"originalUriBaseIds"`
		AutomationDetails *struct {
			ID string `json:"id"`
		} `json:"automationDetails"`
		Invocations []struct {
			ExecutionSuccessful        *bool `json:"executionSuccessful"`
			ToolExecutionNotifications []struct {
				Level   string     `json:"level"`
				Message sMessage   `json:"message"`
				Locs    []sLocJSON `json:"locations"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
	}
	sRule struct {
		ID                   string    `json:"id"`
		Name                 string    `json:"name"`
		ShortDescription     *sMessage `json:"shortDescription"`
		FullDescription      *sMessage `json:"fullDescription"`
		Help                 *sMessage `json:"help"`
		HelpURI              string    `json:"helpUri"`
		DefaultConfiguration *struct {
			Level string `json:"level"`
		} `json:"defaultConfiguration"`
		Properties map[string]any `json:"properties"`
	}
	sMessage struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown"`
	}
	sLocJSON struct {
		ID               *int      `json:"id"`
		Message          *sMessage `json:"message"`
		PhysicalLocation *struct {
			ArtifactLocation *struct {
				URI       string `json:"uri"`
				URIBaseID string `json:"uriBaseId"`
			} `json:"artifactLocation"`
			Region *sRegion `json:"region"`
		} `json:"physicalLocation"`
	}
	sRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine"`
		EndColumn   int `json:"endColumn"`
	}
	sResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           *int              `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             sMessage          `json:"message"`
		Locations           []sLocJSON        `json:"locations"`
		RelatedLocations    []sLocJSON        `json:"relatedLocations"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		CodeFlows           []struct {
			ThreadFlows []struct {
				Locations []struct {
					Location sLocJSON `json:"location"`
				} `json:"locations"`
			} `json:"threadFlows"`
		} `json:"codeFlows"`
	}
)

func parseSARIF(t *testing.T, data []byte) sLog {
	t.Helper()
	var l sLog
	if err := json.Unmarshal(data, &l); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	return l
}

func TestSARIFSchemaValid(t *testing.T) {
	for name, in := range map[string]Input{
		"findings":    testInput(),
		"no findings": emptyInput(),
		"no rules":    {ExecutionSuccessful: true},
	} {
		t.Run(name, func(t *testing.T) {
			validateSARIF(t, writeSARIF(t, in))
		})
	}
}

// TestSchemaRejectsInvalid makes sure the validator is really checking.
func TestSchemaRejectsInvalid(t *testing.T) {
	good := writeSARIF(t, testInput())
	for name, bad := range map[string]string{
		"level":     strings.Replace(string(good), `"level": "warning"`, `"level": "high"`, 1),
		"startLine": strings.Replace(string(good), `"startLine": 40`, `"startLine": 0`, 1),
		"version":   strings.Replace(string(good), `"version": "2.1.0"`, `"version": "2.0.0"`, 1),
		"shortDesc": strings.Replace(string(good), `"shortDescription": {`, `"shortDescription": null, "x": {`, 1),
	} {
		if bad == string(good) {
			t.Fatalf("%s: replacement did not apply", name)
		}
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := sarifSchema(t).Validate(inst); err == nil {
			t.Errorf("%s: invalid SARIF accepted", name)
		}
	}
}

// TestSARIFGitHubIngestion checks what GitHub code scanning requires beyond
// the schema (docs: "SARIF support for code scanning").
func TestSARIFGitHubIngestion(t *testing.T) {
	for name, in := range map[string]Input{"findings": testInput(), "no findings": emptyInput()} {
		t.Run(name, func(t *testing.T) {
			l := parseSARIF(t, writeSARIF(t, in))
			if l.Schema == "" || l.Version != "2.1.0" {
				t.Errorf("$schema %q, version %q", l.Schema, l.Version)
			}
			if len(l.Runs) != 1 {
				t.Fatalf("%d runs, want exactly 1", len(l.Runs))
			}
			run := l.Runs[0]
			if run.AutomationDetails == nil || run.AutomationDetails.ID == "" {
				t.Error("automationDetails.id not set")
			}
			if run.Tool.Driver.Name == "" || run.Tool.Driver.Rules == nil {
				t.Error("tool.driver.name or rules missing")
			}
			for _, r := range run.Tool.Driver.Rules {
				if r.ShortDescription == nil || r.ShortDescription.Text == "" {
					t.Errorf("rule %s: no shortDescription.text", r.ID)
				}
				if r.FullDescription == nil || r.FullDescription.Text == "" {
					t.Errorf("rule %s: no fullDescription.text", r.ID)
				}
				if r.Help == nil || r.Help.Text == "" {
					t.Errorf("rule %s: no help.text", r.ID)
				}
				if len(r.ShortDescription.Text) > 1024 || len(r.FullDescription.Text) > 1024 || len(r.Name) > 255 {
					t.Errorf("rule %s: description or name too long", r.ID)
				}
				if s, ok := r.Properties["security-severity"]; ok {
					str, isString := s.(string)
					v, err := strconv.ParseFloat(str, 64)
					if !isString || err != nil || v <= 0 || v > 10 {
						t.Errorf("rule %s: security-severity %#v is not a string number in (0,10]", r.ID, s)
					}
				}
			}
			if run.Results == nil {
				t.Error("results must be present (an empty array when there are none)")
			}
			for i, res := range run.Results {
				if res.RuleIndex == nil || *res.RuleIndex < 0 || *res.RuleIndex >= len(run.Tool.Driver.Rules) ||
					run.Tool.Driver.Rules[*res.RuleIndex].ID != res.RuleID {
					t.Errorf("result %d: ruleIndex %v does not point at rule %s", i, res.RuleIndex, res.RuleID)
				}
				if res.Message.Text == "" {
					t.Errorf("result %d: no message.text", i)
				}
				if len(res.Locations) == 0 || res.Locations[0].PhysicalLocation == nil ||
					res.Locations[0].PhysicalLocation.ArtifactLocation == nil {
					t.Fatalf("result %d: no locations[0].physicalLocation.artifactLocation", i)
				}
				pl := res.Locations[0].PhysicalLocation
				uri := pl.ArtifactLocation.URI
				if uri == "" || strings.HasPrefix(uri, "/") || strings.Contains(uri, `\`) || strings.Contains(uri, "://") {
					t.Errorf("result %d: uri %q is not a relative reference", i, uri)
				}
				if pl.Region == nil || pl.Region.StartLine < 1 {
					t.Errorf("result %d: startLine < 1", i)
				}
				if res.PartialFingerprints[FingerprintKey] == "" {
					t.Errorf("result %d: no %s", i, FingerprintKey)
				}
			}
		})
	}
}

func TestSARIFContent(t *testing.T) {
	l := parseSARIF(t, writeSARIF(t, testInput()))
	run := l.Runs[0]
	d := run.Tool.Driver
	check := func(what string, got, want any) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %#v, want %#v", what, got, want)
		}
	}
	check("$schema", l.Schema, SARIFSchemaURI)
	check("driver.name", d.Name, "nclint")
	check("driver.version", d.Version, "0.4.0")
	check("driver.semanticVersion", d.SemanticVersion, "0.4.0")
	check("driver.informationUri", d.InformationURI, "https://github.com/nclint/nclint")
	check("columnKind", run.ColumnKind, "unicodeCodePoints")
	check("automationDetails.id", run.AutomationDetails.ID, "nclint/")
	check("%SRCROOT%", run.OriginalURIBaseIDs["%SRCROOT%"].URI, "file:///home/dev/my%20project/")

	// Rules: all of them, in order, with their metadata.
	if len(d.Rules) != 3 {
		t.Fatalf("%d rules, want 3", len(d.Rules))
	}
	r1, r2, r3 := d.Rules[0], d.Rules[1], d.Rules[2]
	check("rule 0 id", r1.ID, "NC001")
	check("rule 0 name", r1.Name, "principal-not-granted")
	check("rule 0 helpUri", r1.HelpURI, "https://github.com/nclint/nclint/blob/v0.4.0/docs/rules/NC001.md") // the release's tag
	check("rule 0 level", r1.DefaultConfiguration.Level, "error")
	check("rule 0 markdown", r1.Help.Markdown, testRules()[0].Help)
	check("rule 0 text", r1.Help.Text, "Why\n\nCallouts fail with no access.\n\nFix\n\nGrant the principal in a permission set:\n\n"+
		"    <externalCredentialPrincipalAccesses>\n        <enabled>true</enabled>\n    </externalCredentialPrincipalAccesses>\n\n"+
		"See the docs (https://example.com/ec).")
	check("rule 0 security-severity", r1.Properties["security-severity"], "8.1")
	check("rule 0 precision", r1.Properties["precision"], "high")
	check("rule 0 tags", strings.Join(toStrings(r1.Properties["tags"]), ","), "access,salesforce,security")
	if _, ok := r1.Properties["problem.severity"]; ok {
		t.Error("security rule has problem.severity")
	}
	check("rule 1 problem.severity", r2.Properties["problem.severity"], "warning")
	check("rule 1 help text", r2.Help.Text, "Remove the editable flag on Field__c.")
	check("rule 2 id", r3.ID, "NC003")
	check("rule 2 problem.severity", r3.Properties["problem.severity"], "recommendation")
	if _, ok := r3.Properties["tags"]; ok {
		t.Error("rule without tags has a tags property")
	}

	// Results.
	if len(run.Results) != 3 {
		t.Fatalf("%d results, want 3", len(run.Results))
	}
	res := run.Results[0]
	check("result 0 ruleId", res.RuleID, "NC001")
	check("result 0 ruleIndex", *res.RuleIndex, 0)
	check("result 0 level", res.Level, "error")
	pl := res.Locations[0].PhysicalLocation
	check("result 0 uri", pl.ArtifactLocation.URI,
		"force-app/main/default/Named%20Credentials%20App/Z%C3%BCrich%20API.namedCredential-meta.xml")
	check("result 0 uriBaseId", pl.ArtifactLocation.URIBaseID, "%SRCROOT%")
	check("result 0 region", *pl.Region, sRegion{StartLine: 7, StartColumn: 5, EndLine: 7, EndColumn: 48})
	if len(res.RelatedLocations) != 2 {
		t.Fatalf("%d related locations, want 2", len(res.RelatedLocations))
	}
	for i, rl := range res.RelatedLocations {
		check("related id", *rl.ID, i+1)
	}
	check("related 0 message", res.RelatedLocations[0].Message.Text, "principal defined here")
	check("related 1 region", *res.RelatedLocations[1].PhysicalLocation.Region, sRegion{StartLine: 3, StartColumn: 5, EndLine: 5, EndColumn: 6})
	if len(res.CodeFlows) != 1 || len(res.CodeFlows[0].ThreadFlows) != 1 || len(res.CodeFlows[0].ThreadFlows[0].Locations) != 2 {
		t.Fatalf("codeFlows = %+v, want one flow of one thread of 2 steps", res.CodeFlows)
	}
	step := res.CodeFlows[0].ThreadFlows[0].Locations[1].Location
	check("flow step 2 message", step.Message.Text, "external credential declares principal Callout")
	check("flow step 2 uri", step.PhysicalLocation.ArtifactLocation.URI, "force-app/main/default/externalCredentials/Zurich_EC.externalCredential-meta.xml")

	res = run.Results[1]
	check("result 1 ruleIndex", *res.RuleIndex, 1)
	check("result 1 uri", res.Locations[0].PhysicalLocation.ArtifactLocation.URI,
		"force-app/main/default/profiles/AMLCTF%20Retail%20Audit%20Case%20R%252FW.profile-meta.xml")
	if res.CodeFlows != nil || res.RelatedLocations != nil {
		t.Error("result 1 has codeFlows or relatedLocations it does not need")
	}

	res = run.Results[2]
	check("result 2 level", res.Level, "note")
	check("result 2 region (file-level span)", *res.Locations[0].PhysicalLocation.Region, sRegion{StartLine: 1})

	// Invocation and notifications.
	inv := run.Invocations[0]
	check("executionSuccessful", *inv.ExecutionSuccessful, false)
	if len(inv.ToolExecutionNotifications) != 1 {
		t.Fatalf("%d notifications, want 1", len(inv.ToolExecutionNotifications))
	}
	n := inv.ToolExecutionNotifications[0]
	check("notification level", n.Level, "error")
	check("notification message", n.Message.Text, "cannot read file: permission denied")
	check("notification uri", n.Locs[0].PhysicalLocation.ArtifactLocation.URI, "force-app/main/default/classes/Broken%20File.cls")
}

func toStrings(v any) []string {
	var out []string
	if vs, ok := v.([]any); ok {
		for _, x := range vs {
			s, _ := x.(string)
			out = append(out, s)
		}
	}
	return out
}

func TestSARIFNoFindings(t *testing.T) {
	data := writeSARIF(t, emptyInput())
	if !bytes.Contains(data, []byte(`"results": []`)) {
		t.Errorf("no findings must give \"results\": []\n%s", data)
	}
	l := parseSARIF(t, data)
	if got := len(l.Runs[0].Tool.Driver.Rules); got != 3 {
		t.Errorf("%d rules, want all 3 even without findings", got)
	}
	if inv := l.Runs[0].Invocations; len(inv) != 1 || !*inv[0].ExecutionSuccessful {
		t.Errorf("invocations = %+v, want one successful", inv)
	}
}

func TestSARIFFingerprint(t *testing.T) {
	fp := func(in Input, i int) string {
		t.Helper()
		return parseSARIF(t, writeSARIF(t, in)).Runs[0].Results[i].PartialFingerprints[FingerprintKey]
	}
	base := testInput()
	want := fp(base, 0)
	if len(want) != 18 || !strings.HasSuffix(want, ":1") {
		t.Errorf("fingerprint %q, want 16 hex digits and \":1\"", want)
	}

	moved := testInput()
	moved.Findings[0].Span = span(fileNC, 70, 1, 72, 3)
	moved.Findings[0].Related[0].Span.Start.Line = 99
	if got := fp(moved, 0); got != want {
		t.Errorf("fingerprint changed when only lines moved: %q, was %q", got, want)
	}

	other := testInput()
	other.Findings[0].Identity = "NC001|NamedCredential:Other_API|Callout"
	if got := fp(other, 0); got == want {
		t.Errorf("fingerprint unchanged when identity changed: %q", got)
	}

	// Two findings with the same identity in one file are told apart.
	dup := testInput()
	dup.Findings[2].Identity = dup.Findings[1].Identity
	a, b := fp(dup, 1), fp(dup, 2)
	if a == b || strings.TrimSuffix(a, ":1") != strings.TrimSuffix(b, ":2") {
		t.Errorf("repeated identity: fingerprints %q and %q, want same hash with :1 and :2", a, b)
	}
}

func TestSARIFDeterministic(t *testing.T) {
	a := writeSARIF(t, testInput())
	b := writeSARIF(t, testInput())
	if !bytes.Equal(a, b) {
		t.Fatal("two runs on the same input gave different bytes")
	}
	if !bytes.HasSuffix(a, []byte("}\n")) || bytes.HasSuffix(a, []byte("\n\n")) {
		t.Error("output must end with exactly one newline")
	}
	if !bytes.HasPrefix(a, []byte("{\n  \"version\": \"2.1.0\",\n  \"$schema\": ")) {
		t.Errorf("output is not indented JSON: %.60q", a)
	}
	// XML in help and messages stays readable (no \u003c escapes).
	if bytes.Contains(a, []byte(`\u003c`)) || !bytes.Contains(a, []byte("<enabled>true</enabled>")) {
		t.Error("HTML escaping applied")
	}
}

func TestSARIFErrors(t *testing.T) {
	cases := map[string]func(in *Input){
		"unknown rule":      func(in *Input) { in.Findings[0].RuleID = "NC999" },
		"no file":           func(in *Input) { in.Findings[0].Span = loc.Span{} },
		"bad finding level": func(in *Input) { in.Findings[0].Level = "high" },
		"bad rule level":    func(in *Input) { in.Rules[1].Level = "" },
		"bad severity":      func(in *Input) { in.Rules[0].SecuritySeverity = "11" },
		"zero severity":     func(in *Input) { in.Rules[0].SecuritySeverity = "0.0" },
		"NaN severity":      func(in *Input) { in.Rules[0].SecuritySeverity = "NaN" },
		"bad precision":     func(in *Input) { in.Rules[0].Precision = "certain" },
		"duplicate rule":    func(in *Input) { in.Rules[1].ID = "NC001" },
		"nil rule":          func(in *Input) { in.Rules[2] = nil },
		"bad notification":  func(in *Input) { in.Notifications[0].Level = "fatal" },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			in := testInput()
			mutate(&in)
			var buf bytes.Buffer
			if err := SARIF(&buf, in); err == nil {
				t.Error("no error")
			}
			if buf.Len() != 0 {
				t.Error("partial output written on error")
			}
		})
	}
}

func TestSARIFEdgeCases(t *testing.T) {
	in := testInput()
	// A level left empty takes the rule's; a finding outside the root
	// keeps an absolute file URI; an absolute path inside the root is
	// made relative; a related location without a file has a message only;
	// a reversed end is dropped; an unusual version has no semanticVersion.
	in.ToolVersion = "devel"
	in.Findings[1].Level = ""
	in.Findings[1].Span = span("/elsewhere/x y.xml", 3, 2, 1, 1)
	in.Findings[2].Span = loc.FileSpan(testRoot + "/" + fileProfile)
	in.Findings[0].Related = append(in.Findings[0].Related, lint.Related{Message: "somewhere in the org"})
	in.Notifications = append(in.Notifications, Notification{Message: "one rule failed"})
	data := writeSARIF(t, in)
	validateSARIF(t, data)
	run := parseSARIF(t, data).Runs[0]
	if run.Tool.Driver.SemanticVersion != "" || run.Tool.Driver.Version != "devel" {
		t.Errorf("version %q semanticVersion %q", run.Tool.Driver.Version, run.Tool.Driver.SemanticVersion)
	}
	r1 := run.Results[1]
	if r1.Level != "warning" {
		t.Errorf("empty level became %q, want the rule's warning", r1.Level)
	}
	al := r1.Locations[0].PhysicalLocation.ArtifactLocation
	if al.URI != "file:///elsewhere/x%20y.xml" || al.URIBaseID != "" {
		t.Errorf("outside root: %+v", al)
	}
	if g := *r1.Locations[0].PhysicalLocation.Region; g != (sRegion{StartLine: 3, StartColumn: 2}) {
		t.Errorf("reversed span region %+v", g)
	}
	if u := run.Results[2].Locations[0].PhysicalLocation.ArtifactLocation.URI; u != escapePath(fileProfile, false) {
		t.Errorf("absolute path inside root: uri %q", u)
	}
	last := run.Results[0].RelatedLocations[2]
	if last.PhysicalLocation != nil || last.Message.Text != "somewhere in the org" || *last.ID != 3 {
		t.Errorf("related location without file: %+v", last)
	}
	n := run.Invocations[0].ToolExecutionNotifications[1]
	if n.Level != "warning" || n.Locs != nil {
		t.Errorf("notification without level or file: %+v", n)
	}
}

func TestSARIFTruncatesDescriptions(t *testing.T) {
	in := emptyInput()
	in.Rules[0].Full = strings.Repeat("é", 2000)
	l := parseSARIF(t, writeSARIF(t, in))
	got := []rune(l.Runs[0].Tool.Driver.Rules[0].FullDescription.Text)
	if len(got) != 1024 || got[1023] != '…' {
		t.Errorf("fullDescription has %d characters, want 1024 ending in …", len(got))
	}
}

// TestWriteExampleSARIF writes the example log to $NCLINT_SARIF_EXAMPLE,
// for checking it with the SARIF Multitool by hand or in CI:
//
//	NCLINT_SARIF_EXAMPLE=/tmp/example.sarif go test -run TestWriteExampleSARIF ./internal/report/
func TestWriteExampleSARIF(t *testing.T) {
	out := os.Getenv("NCLINT_SARIF_EXAMPLE")
	if out == "" {
		t.Skip("NCLINT_SARIF_EXAMPLE not set")
	}
	in := testInput()
	if err := WriteFileAtomic(out, func(w io.Writer) error { return SARIF(w, in) }); err != nil {
		t.Fatal(err)
	}
}
