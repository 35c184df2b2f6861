#!/usr/bin/env bash
# Prints the "API changes" section for CHANGELOG.md: the contract diff (build/spectool.sh diff --format markdown) of
# openapi/datagrid.yaml against the spec of the last release. The base is $1 (any source spectool reads, e.g.
# git:v0.1.0:openapi/datagrid.yaml), else the last tag v*, else, before the first release, an empty spec (so every
# operation shows as added). Paste the output under the version's heading in CHANGELOG.md.
set -euo pipefail
cd "$(dirname "$0")/.."

base="${1:-}"
label=""
if [[ -z "$base" ]]; then
  if tag="$(git describe --tags --abbrev=0 --match 'v*' 2>/dev/null)"; then
    base="git:${tag}:openapi/datagrid.yaml"
  else
    empty="$(mktemp --suffix=.yaml)"
    trap 'rm -f "$empty"' EXIT
    printf 'openapi: 3.0.3\ninfo:\n  title: no release yet\n  version: "0"\npaths: {}\n' > "$empty"
    base="$empty"
    label="(no earlier release)"
  fi
fi

status=0
out="$(bash build/spectool.sh diff "$base" openapi/datagrid.yaml --format markdown)" || status=$?
# Exit 1 only says the diff holds breaking changes, which a changelog lists; 2 is bad input.
[ "$status" -le 1 ] || exit "$status"
if [[ -n "$label" ]]; then
  out="${out//\`$base\`/$label}"
fi
printf '%s\n' "$out"
