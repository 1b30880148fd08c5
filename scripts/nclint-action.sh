#!/usr/bin/env bash
# Runs nclint for the composite GitHub Action (action.yml). Inputs come from
# the environment so that .ci/run can run exactly this script locally:
#   NCLINT_PATH     project path (default .)
#   NCLINT_CONFIG   configuration file ("" = .nclint.yml at the project root)
#   NCLINT_BASELINE baseline file ("" = none)
#   NCLINT_FAIL_ON  error | warning | note | none (default warning)
#   NCLINT_CATEGORY code scanning category (default nclint): the SARIF's
#                   run.automationDetails.id becomes "<category>/"
#   NCLINT_SARIF    SARIF file to write (default nclint.sarif)
#   GITHUB_OUTPUT   file receiving "sarif-file=..." and "exit-code=..."
# The SARIF is written in full and the exit code is reported as an output,
# so the upload step runs before the job fails. When nclint cannot run at all
# (exit 2: bad configuration, missing path), the step fails once with
# nclint's message and sarif-file stays empty, so nothing is uploaded.
set -uo pipefail

path="${NCLINT_PATH:-.}"
sarif="${NCLINT_SARIF:-nclint.sarif}"
category="${NCLINT_CATEGORY:-nclint}"
out="${GITHUB_OUTPUT:-/dev/null}"

if ! [[ "$category" =~ ^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$ ]]; then
  echo "::error title=nclint::category \"$category\" may hold only letters, digits, '.', '_', '-' and '/' (not at the ends)"
  echo "exit-code=2" >>"$out"
  exit 2
fi

args=(--format sarif --output "$sarif" --fail-on "${NCLINT_FAIL_ON:-warning}")
common=()
if [[ -n "${NCLINT_CONFIG:-}" ]]; then
  common+=(--config "$NCLINT_CONFIG")
fi
if [[ -n "${NCLINT_BASELINE:-}" ]]; then
  common+=(--baseline "$NCLINT_BASELINE")
fi
args+=("${common[@]}")

errfile=$(mktemp "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/nclint-stderr.XXXXXX")
trap 'rm -f "$errfile"' EXIT
nclint "${args[@]}" "$path" 2>"$errfile"
code=$?
cat "$errfile" >&2

if [[ $code -eq 2 ]]; then
  # One annotation with nclint's message (newlines encoded as GitHub wants).
  msg=$(sed -e 's/%/%25/g' "$errfile" | awk 'BEGIN { ORS = "%0A" } { print }' | sed -e 's/%0A$//')
  echo "::error title=nclint could not run::${msg:-exit 2}"
  echo "exit-code=$code" >>"$out"
  exit "$code"
fi

if [[ "$category" != nclint && -f "$sarif" ]]; then
  # nclint writes "id": "nclint/"; GitHub reads the part before the last "/"
  # as the category, and upload-sarif keeps an id the file already has.
  sed -e 's#^\([[:space:]]*"id": \)"nclint/"$#\1"'"$category"'/"#' "$sarif" >"$sarif.tmp" && mv -f "$sarif.tmp" "$sarif"
fi

# Human-readable annotations on the pull request too (never fails the step).
nclint --format github --fail-on none "${common[@]}" "$path" || true

{
  echo "sarif-file=$sarif"
  echo "exit-code=$code"
} >>"$out"
exit 0
