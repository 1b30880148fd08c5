#!/usr/bin/env bash
# Runs nclint for the composite GitHub Action (action.yml). Inputs come from
# the environment so that .ci/run can run exactly this script locally:
#   NCLINT_PATH     project path (default .)
#   NCLINT_CONFIG   configuration file ("" = .nclint.yml at the project root)
#   NCLINT_BASELINE baseline file ("" = none)
#   NCLINT_FAIL_ON  error | warning | note | none (default warning)
#   NCLINT_SARIF    SARIF file to write (default nclint.sarif)
#   GITHUB_OUTPUT   file receiving "sarif-file=..." and "exit-code=..."
# The SARIF is always written in full; the exit code is reported as an
# output so the upload step runs before the job fails.
set -uo pipefail

path="${NCLINT_PATH:-.}"
sarif="${NCLINT_SARIF:-nclint.sarif}"
args=(--format sarif --output "$sarif" --fail-on "${NCLINT_FAIL_ON:-warning}")
common=()
if [[ -n "${NCLINT_CONFIG:-}" ]]; then
  common+=(--config "$NCLINT_CONFIG")
fi
if [[ -n "${NCLINT_BASELINE:-}" ]]; then
  common+=(--baseline "$NCLINT_BASELINE")
fi
args+=("${common[@]}")

nclint "${args[@]}" "$path"
code=$?
# Human-readable annotations on the pull request too (never fails the step).
nclint --format github --fail-on none "${common[@]}" "$path" || true

{
  echo "sarif-file=$sarif"
  echo "exit-code=$code"
} >> "${GITHUB_OUTPUT:-/dev/null}"

if [[ $code -ge 2 ]]; then
  echo "nclint could not run (exit $code); see the log above" >&2
  exit "$code"
fi
exit 0
