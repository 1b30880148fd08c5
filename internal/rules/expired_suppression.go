package rules

import "github.com/nclint/nclint/internal/lint"

// ExpiredSuppression (NC003) is reported by the engine
// (lint.ApplySuppressionsWith) for a suppression past its "until" date.
var ExpiredSuppression = &lint.Rule{
	ID:        lint.ExpiredSuppressionID,
	Name:      "expired-suppression",
	Level:     lint.LevelNote,
	Precision: "very-high",
	Tags:      []string{"suppression"},
	Short:     "Suppression past its until date",
	Full: "An nclint-ignore comment, or an ignore entry of the configuration, has an expiry date " +
		"(until YYYY-MM-DD) that has passed. It is in force through that day; from the next day (UTC) it " +
		"silences nothing, the findings it covered are reported again, and this note says why they came back.",
	Help: `## Why it breaks

Nothing breaks at run time. A suppression with an expiry is a promise to fix the finding by that date; once the
date has passed, the finding is reported again (and fails the run at its own level), and this note points at the
suppression that lapsed, so the finding does not look like a regression.

## How to fix

Fix the finding and delete the suppression, or, if the reason still holds, set a later date and say why:

` + "```xml" + `
<!-- nclint-ignore NC101 until 2027-03-31: granted on the Integration profile until the permission set migration (BILL-412) -->
<externalCredentialParameters>
    <parameterGroup>Billing Service</parameterGroup>
    <parameterName>Billing Service</parameterName>
    <parameterType>NamedPrincipal</parameterType>
    <sequenceNumber>1</sequenceNumber>
</externalCredentialParameters>
` + "```" + `

The same ` + "`until`" + ` works in Apex comments (` + "`// nclint-ignore NC201 until 2027-03-31: reason`" + `), in the
configuration's ` + "`ignore:`" + ` entries and in baseline entries. A date that is not YYYY-MM-DD is reported as NC002.

## References

- nclint README, "Suppressions and baseline": https://github.com/nclint/nclint#suppressions-and-baseline
`,
}
