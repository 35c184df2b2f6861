#!/usr/bin/env bash
# CI contract check: compares openapi/datagrid.yaml (working tree) with the spec at the base revision and
# fails on changes that break callers of the generated client, unless the package's major version
# (VersionPrefix in Directory.Build.props) is higher than at the base revision.
# Levels (see the README's rule table): breaking changes fail; warnings are listed and pass, unless
# CONTRACT_FAIL_ON=warning, which treats them like breaking ones; info changes are listed.
# CONTRACT_RELAX="rule,rule" lowers breaking rules the project is stricter on than other tools to warnings.
# CONTRACT_MARKDOWN=path also writes the change log as Markdown (for a pull-request comment).
#
# Base revision, first that applies:
#   1. $CONTRACT_BASE if set (any git revision);
#   2. the last release tag: git describe --tags --abbrev=0 --match 'v*';
#   3. the merge-base of HEAD with origin/main, when origin/main exists;
#   4. otherwise the check is skipped (exit 0) with a message.
# Exit: 0 pass or skipped, 1 breaking (or, with CONTRACT_FAIL_ON=warning, warning) changes without a major version
# bump, 2 bad input / tool failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
spec="openapi/datagrid.yaml"
props="Directory.Build.props"

if [[ -n "${CONTRACT_BASE:-}" ]]; then
  base="$CONTRACT_BASE"; why="\$CONTRACT_BASE"
elif tag="$(git describe --tags --abbrev=0 --match 'v*' 2>/dev/null)"; then
  base="$tag"; why="last release tag"
elif git rev-parse --verify -q origin/main >/dev/null; then
  base="$(git merge-base HEAD origin/main)"; why="merge-base with origin/main"
else
  echo "check-contract: skipped - no release tag (v*) and no origin/main to compare $spec against."
  exit 0
fi

if ! git cat-file -e "$base:$spec" 2>/dev/null; then
  echo "check-contract: skipped - $spec does not exist at $base ($why); nothing to compare."
  exit 0
fi

fail_on="${CONTRACT_FAIL_ON:-breaking}"
case "$fail_on" in
  breaking|warning) ;;
  *) echo "check-contract: FAILED - CONTRACT_FAIL_ON must be breaking or warning, not '$fail_on'." >&2; exit 2 ;;
esac
args=(diff "git:$base:$spec" "$spec" --fail-on "$fail_on")
[[ -n "${CONTRACT_RELAX:-}" ]] && args+=(--relax "$CONTRACT_RELAX")

echo "check-contract: comparing $spec with $base ($why), failing on $fail_on changes"
set +e
report="$("$root/build/spectool.sh" "${args[@]}")"
rc=$?
set -e
echo "$report"
if [[ -n "${CONTRACT_MARKDOWN:-}" && $rc -le 1 ]]; then
  "$root/build/spectool.sh" "${args[@]}" --format markdown > "$CONTRACT_MARKDOWN" || true
  echo "check-contract: change log written to $CONTRACT_MARKDOWN"
fi
# The report's last line counts each level: "N breaking, N warning, N info change(s)."
warnings="$(sed -n 's/^[0-9]* breaking, \([0-9]*\) warning, .*/\1/p' <<<"$report" | tail -n 1)"
case $rc in
  0)
    if [[ "${warnings:-0}" -gt 0 ]]; then
      echo "check-contract: OK - no breaking changes since $base; ${warnings} warning(s) above may affect some callers (CONTRACT_FAIL_ON=warning makes them fail)."
    else
      echo "check-contract: OK - no breaking changes since $base."
    fi
    exit 0 ;;
  1) ;;
  *) echo "check-contract: FAILED - the spec tool could not compare the specs (exit $rc)." >&2; exit 2 ;;
esac

major() { sed -n 's:.*<VersionPrefix>\([0-9][0-9]*\)\..*</VersionPrefix>.*:\1:p' | head -n 1; }
old_major="$(git show "$base:$props" 2>/dev/null | major || true)"
new_major="$(major < "$props")"
if [[ -z "$new_major" ]]; then
  echo "check-contract: FAILED - no VersionPrefix found in $props." >&2
  exit 2
fi
if [[ -n "$old_major" && "$new_major" -gt "$old_major" ]]; then
  echo "check-contract: OK - $fail_on changes allowed: major version moved from $old_major to $new_major since $base."
  exit 0
fi
echo "check-contract: FAILED - $fail_on changes since $base, but the major version is still ${new_major} (was ${old_major:-unknown})." >&2
echo "  Either make the spec change non-breaking, or raise the major part of VersionPrefix in $props." >&2
exit 1
