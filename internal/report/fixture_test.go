package report

import (
	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/loc"
)

// Hand-built rules and findings shared by the tests. No real rule or
// metadata type is involved: a reporter only sees these shapes.

const (
	testRoot = "/home/dev/my project"
	// A path with spaces and a non-ASCII letter.
	fileNC = "force-app/main/default/Named Credentials App/Zürich API.namedCredential-meta.xml"
	// A real-world profile name with a literal "%2F".
	fileProfile = "force-app/main/default/profiles/AMLCTF Retail Audit Case R%2FW.profile-meta.xml"
	filePS      = "force-app/main/default/permissionsets/Callout_User.permissionset-meta.xml"
	fileEC      = "force-app/main/default/externalCredentials/Zurich_EC.externalCredential-meta.xml"
)

func testRules() []*lint.Rule {
	return []*lint.Rule{
		{
			ID:        "NC001",
			Name:      "principal-not-granted",
			Level:     lint.LevelError,
			Short:     "Principal used by a named credential is not granted",
			Full:      "A named credential authenticates through an external credential principal that no permission set or profile grants, so callouts fail at run time.",
			Help:      "## Why\n\nCallouts fail with **no access**.\n\n## Fix\n\nGrant the principal in a permission set:\n\n```xml\n<externalCredentialPrincipalAccesses>\n    <enabled>true</enabled>\n</externalCredentialPrincipalAccesses>\n```\n\nSee [the docs](https://example.com/ec).",
			Tags:      []string{"access", "salesforce"},
			Precision: "high",
			// A security rule: GitHub reads this string.
			SecuritySeverity: "8.1",
		},
		{
			ID:        "NC002",
			Name:      "profile-field-access",
			Level:     lint.LevelWarning,
			Short:     "Profile grants edit on a read-only field",
			Full:      "The profile grants edit access to a field that cannot be edited.",
			Help:      "Remove the `editable` flag on `Field__c`.",
			Tags:      []string{"metadata"},
			Precision: "medium",
		},
		{
			ID:        "NC003",
			Name:      "no-findings-rule",
			Level:     lint.LevelNote,
			Short:     "A rule that finds nothing here",
			Full:      "Present to check that rules without findings are listed.",
			Help:      "Nothing to do.",
			Precision: "low",
		},
	}
}

func span(file string, l1, c1, l2, c2 int) loc.Span {
	return loc.Span{File: file, Start: loc.Pos{Line: l1, Col: c1}, End: loc.Pos{Line: l2, Col: c2}}
}

func testFindings() []lint.Finding {
	return []lint.Finding{
		{
			RuleID:   "NC001",
			RuleName: "principal-not-granted",
			Level:    lint.LevelError,
			Message:  "Principal \"Callout\" of external credential Zurich_EC is granted by no permission set; callouts through Zürich API fail with an authentication error.",
			Span:     span(fileNC, 7, 5, 7, 48),
			Related: []lint.Related{
				{Span: span(fileEC, 12, 9, 12, 40), Message: "principal defined here"},
				{Span: span(filePS, 3, 5, 5, 6), Message: "permission set that grants the external credential"},
			},
			Flow: []lint.Related{
				{Span: span(fileNC, 7, 5, 7, 48), Message: "named credential uses external credential Zurich_EC"},
				{Span: span(fileEC, 12, 9, 12, 40), Message: "external credential declares principal Callout"},
			},
			Identity: "NC001|NamedCredential:Zurich_API|Callout",
		},
		{
			RuleID:   "NC002",
			RuleName: "profile-field-access",
			Level:    lint.LevelWarning,
			Message:  "Field Account.Score__c is read-only but the profile grants edit.",
			Span:     span(fileProfile, 40, 9, 43, 25),
			Identity: "NC002|Profile:AMLCTF Retail Audit Case R/W|Account.Score__c",
		},
		{
			RuleID:   "NC002",
			RuleName: "profile-field-access",
			Level:    lint.LevelNote,
			Message:  "The profile could not be located precisely.",
			Span:     loc.FileSpan(fileProfile),
			Identity: "NC002|Profile:AMLCTF Retail Audit Case R/W|whole",
		},
	}
}

func testInput() Input {
	return Input{
		ToolName:    "nclint",
		ToolVersion: "v0.4.0",
		Rules:       testRules(),
		Findings:    testFindings(),
		Notifications: []Notification{
			{File: "force-app/main/default/classes/Broken File.cls", Message: "cannot read file: permission denied", Level: lint.LevelError},
		},
		FilesScanned:        12,
		Root:                testRoot,
		ExecutionSuccessful: false,
	}
}

func emptyInput() Input {
	return Input{
		ToolName:            "nclint",
		ToolVersion:         "0.4.0",
		Rules:               testRules(),
		FilesScanned:        1,
		Root:                testRoot,
		ExecutionSuccessful: true,
	}
}
