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
#   NCLINT_SUMMARY  true (default) | false: write the job summary
#   GITHUB_OUTPUT   file receiving "sarif-file=..." and "exit-code=..."
#   GITHUB_STEP_SUMMARY  file receiving the job summary (Markdown)
#   GITHUB_EVENT_NAME, GITHUB_EVENT_PATH  the event; for pull_request, its
#                   pull_request.base.sha is the commit the access diff
#                   compares with
# One nclint run writes the SARIF file, the annotations (standard output)
# and the summary's findings table (--output FORMAT=FILE). The SARIF is
# written in full and the exit code is reported as an output, so the upload
# step runs before the job fails. When nclint cannot run at all (exit 2: bad
# configuration, missing path), the step fails once with nclint's message
# and sarif-file stays empty, so nothing is uploaded.
#
# On a pull_request event the summary also shows what the pull request
# changes in who can call what: nclint access --diff against the base
# commit, fetched with `git fetch --depth=1 origin SHA` when the clone lacks
# it. A base that cannot be read or fetched is said in the summary and never
# fails the step.
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

summary="${NCLINT_SUMMARY:-true}"
case "$summary" in
true | false) ;;
*)
  echo "::error title=nclint::summary must be true or false, not \"$summary\""
  echo "exit-code=2" >>"$out"
  exit 2
  ;;
esac
summary_file="${GITHUB_STEP_SUMMARY:-}"
[[ -n "$summary_file" ]] || summary=false

common=()
if [[ -n "${NCLINT_CONFIG:-}" ]]; then
  common+=(--config "$NCLINT_CONFIG")
fi
args=(--fail-on "${NCLINT_FAIL_ON:-warning}" --output "sarif=$sarif" --output "github=-" "${common[@]}")
if [[ -n "${NCLINT_BASELINE:-}" ]]; then
  args+=(--baseline "$NCLINT_BASELINE")
fi

work=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/nclint-action.XXXXXX")
trap 'rm -rf "$work"' EXIT
errfile=$work/stderr
if [[ "$summary" == true ]]; then
  args+=(--output "markdown=$work/findings.md")
fi
nclint "${args[@]}" "$path" 2>"$errfile"
code=$?
cat "$errfile" >&2

if [[ $code -eq 2 ]]; then
  # One annotation with nclint's message (newlines encoded as GitHub wants).
  msg=$(sed -e 's/%/%25/g' "$errfile" | awk 'BEGIN { ORS = "%0A" } { print }' | sed -e 's/%0A$//')
  echo "::error title=nclint could not run::${msg:-exit 2}"
  if [[ "$summary" == true ]]; then
    {
      echo "## nclint could not run"
      echo
      echo '```text'
      cat "$errfile"
      echo '```'
    } >>"$summary_file"
  fi
  echo "exit-code=$code" >>"$out"
  exit "$code"
fi

if [[ "$category" != nclint && -f "$sarif" ]]; then
  # nclint writes "id": "nclint/"; GitHub reads the part before the last "/"
  # as the category, and upload-sarif keeps an id the file already has.
  sed -e 's#^\([[:space:]]*"id": \)"nclint/"$#\1"'"$category"'/"#' "$sarif" >"$sarif.tmp" && mv -f "$sarif.tmp" "$sarif"
fi

# base_sha prints pull_request.base.sha of the event payload (JSON), read
# with Node.js or Python (both are on GitHub's runners; jq is not needed).
base_sha() {
  local event="${GITHUB_EVENT_PATH:-}"
  [[ -n "$event" && -r "$event" ]] || return 1
  if command -v node >/dev/null 2>&1; then
    node -e 'const e = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const s = e && e.pull_request && e.pull_request.base && e.pull_request.base.sha;
if (typeof s === "string") process.stdout.write(s);' "$event"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import json, sys
s = ((json.load(open(sys.argv[1], encoding="utf-8")).get("pull_request") or {}).get("base") or {}).get("sha")
sys.stdout.write(s if isinstance(s, str) else "")' "$event"
  else
    return 1
  fi
}

# access_diff writes the pull request's access diff section of the summary.
access_diff() {
  local base dir short fetched=""
  if ! base=$(base_sha 2>"$work/event.err") || [[ -z "$base" ]]; then
    echo "nclint: no pull_request.base.sha in ${GITHUB_EVENT_PATH:-the event} (Node.js or Python is needed to read it)" >&2
    printf '## Who can call what\n\nNot compared: the base commit could not be read from the pull_request event.\n'
    return
  fi
  if ! [[ "$base" =~ ^([0-9a-f]{40}|[0-9a-f]{64})$ ]]; then
    printf '## Who can call what\n\nNot compared: the event'"'"'s base commit is not a commit SHA.\n'
    return
  fi
  short=${base:0:7}
  dir=$path
  [[ -d "$dir" ]] || dir=$(dirname "$dir")
  if ! git -C "$dir" cat-file -e "$base^{commit}" 2>/dev/null; then
    echo "nclint: fetching the base commit $base (git fetch --depth=1 origin $base)" >&2
    if GIT_TERMINAL_PROMPT=0 git -C "$dir" fetch --quiet --no-tags --depth=1 origin "$base" >&2 &&
      git -C "$dir" cat-file -e "$base^{commit}" 2>/dev/null; then
      fetched=" (fetched)"
    else
      echo "nclint: could not fetch the base commit $base; the summary shows no access diff" >&2
      # shellcheck disable=SC2016 # Markdown code spans, not expansions
      printf '## Who can call what\n\nNot compared with the base commit `%s`: it is not in the clone and `git fetch --depth=1 origin %s` failed (see the log). Check out with `fetch-depth: 2`, or keep the checkout'"'"'s credentials so that the action can fetch it.\n' "$short" "$base"
      return
    fi
  fi
  if nclint access --diff "$base" --format markdown "${common[@]}" "$path" >"$work/diff.md" 2>"$work/diff.err"; then
    cat "$work/diff.md"
    [[ -z "$fetched" ]] || echo "nclint: compared with the base commit $base$fetched" >&2
  else
    cat "$work/diff.err" >&2
    # shellcheck disable=SC2016 # Markdown code spans, not expansions
    printf '## Who can call what\n\nNot compared with the base commit `%s`: nclint access --diff failed:\n\n```text\n' "$short"
    cat "$work/diff.err"
    printf '```\n'
  fi
}

if [[ "$summary" == true ]]; then
  {
    if [[ -s "$work/findings.md" ]]; then
      # Name the project in the heading when it is not the repository root.
      IFS= read -r first <"$work/findings.md"
      if [[ "$path" != . && "$first" == "## nclint: "* ]]; then
        first="## nclint (\`$path\`): ${first#"## nclint: "}"
      fi
      printf '%s\n' "$first"
      tail -n +2 "$work/findings.md"
    fi
    if [[ "${GITHUB_EVENT_NAME:-}" == pull_request ]]; then
      echo
      access_diff
    fi
  } >>"$summary_file"
fi

{
  echo "sarif-file=$sarif"
  echo "exit-code=$code"
} >>"$out"
exit 0
