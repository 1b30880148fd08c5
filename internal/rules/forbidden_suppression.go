package rules

import "github.com/nclint/nclint/internal/lint"

// ForbiddenSuppression (NC004) is reported by the engine
// (lint.ApplySuppressionsWith) for inline comments the run refuses:
// --no-inline-suppressions, or a rule listed in suppressions.forbid.
var ForbiddenSuppression = &lint.Rule{
	ID:        lint.ForbiddenSuppressionID,
	Name:      "forbidden-suppression",
	Level:     lint.LevelNote,
	Precision: "very-high",
	Tags:      []string{"suppression"},
	Short:     "Inline suppression that the run does not allow",
	Full: "An nclint-ignore comment was not applied because inline suppressions are turned off " +
		"(--no-inline-suppressions) or because it names a rule that the configuration's suppressions.forbid " +
		"list says cannot be suppressed inline. The findings it names are reported as if it were not there.",
	Help: `## Why it breaks

Nothing breaks at run time. Some teams want certain findings, such as a secret committed in metadata (NC601),
fixed rather than silenced by whoever edits the file, or a strict CI job that ignores every inline comment.
The comment then has no effect, and this note shows where it is:

` + "```xml" + `
<!-- nclint-ignore NC601: test key -->       <!-- not applied when NC601 is forbidden -->
<namedCredentialParameters>
    <parameterName>X-Api-Key</parameterName>
    <parameterType>HttpHeader</parameterType>
    <parameterValue>sk_live_...</parameterValue>
</namedCredentialParameters>
` + "```" + `

## How to fix

Fix the finding and delete the comment. If it truly cannot be fixed, silence it where reviewers decide: an
` + "`ignore:`" + ` entry of ` + "`.nclint.yml`" + ` or the baseline. The policy is set in the configuration:

` + "```yaml" + `
suppressions:
  forbid: [NC601]           # rules that nclint-ignore comments cannot silence
` + "```" + `

## References

- nclint README, "Suppressions and baseline": https://github.com/nclint/nclint#suppressions-and-baseline
`,
}
