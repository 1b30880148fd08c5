package rules

import "github.com/nclint/nclint/internal/lint"

// UnusedSuppression (NC001) is reported by the engine (lint.ApplySuppressionsWith)
// for a rule listed in a suppression comment that silences no finding.
var UnusedSuppression = &lint.Rule{
	ID:        lint.UnusedSuppressionID,
	Name:      "unused-suppression",
	Level:     lint.LevelNote,
	Precision: "very-high",
	Tags:      []string{"suppression"},
	Short:     "Suppression comment that matches no finding",
	Full: "An nclint-ignore or nclint-ignore-file comment lists a rule that reports nothing where the comment " +
		"applies: the problem was fixed, the comment sits before the wrong element, or the rule ID is mistyped. " +
		"Stale suppressions hide the next real finding, so remove them.",
	Help: `## Why it breaks

Nothing breaks at run time. A suppression that no longer matches anything is noise, and because it covers a
whole element, it will silently hide the next real problem in that element.

## How to fix

Remove the comment, or move it directly before the element the finding points at. An
` + "`nclint-ignore`" + ` comment covers the next element and everything inside it:

` + "```xml" + `
<!-- nclint-ignore NC101: granted on the Integration profile, which is managed in the org -->
<externalCredentialParameters>
    <parameterGroup>Billing Service</parameterGroup>
    <parameterName>Billing Service</parameterName>
    <parameterType>NamedPrincipal</parameterType>
    <sequenceNumber>1</sequenceNumber>
</externalCredentialParameters>
` + "```" + `

## References

- nclint README, "Suppressions and baseline" (comment forms and what each covers): https://github.com/nclint/nclint#suppressions-and-baseline
- Same convention in other linters: staticcheck's ` + "`//lint:ignore`" + ` reports ignore directives that match nothing (https://staticcheck.dev/docs/configuration/#line-based-linter-directives)
`,
}

// MalformedSuppression (NC002) is reported by the engine for suppression
// comments with no reason, no rule, or an unknown rule.
var MalformedSuppression = &lint.Rule{
	ID:        lint.MalformedSuppressionID,
	Name:      "malformed-suppression",
	Level:     lint.LevelNote,
	Precision: "very-high",
	Tags:      []string{"suppression"},
	Short:     "Suppression comment without a reason, or naming no or an unknown rule",
	Full: "An nclint-ignore or nclint-ignore-file comment has no reason after a colon, names no rule, or names " +
		"something that is not a rule ID or name. A suppression should say which rule it silences and why, so " +
		"reviewers can tell whether it is still justified.",
	Help: `## Why it breaks

Nothing breaks at run time. A suppression without a reason cannot be reviewed, and one naming an unknown rule
(a typo such as ` + "`NC10`" + `) silences nothing.

## How to fix

Write the comment as ` + "`nclint-ignore RULE[, RULE...]: reason`" + `. In XML it applies to the next element, in
Apex (` + "`// nclint-ignore NC201: reason`" + `) to its own line when it follows code, else to the next line;
` + "`nclint-ignore-file`" + ` applies to the whole file:

` + "```xml" + `
<?xml version="1.0" encoding="UTF-8"?>
<!-- nclint-ignore-file NC904: kept for the 2027 migration, see JIRA BILL-412 -->
<ExternalCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    ...
</ExternalCredential>
` + "```" + `

## References

- nclint README, "Suppressions and baseline": https://github.com/nclint/nclint#suppressions-and-baseline
- staticcheck requires a reason on every ignore directive (https://staticcheck.dev/docs/configuration/#line-based-linter-directives)
`,
}
