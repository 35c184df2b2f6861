#!/usr/bin/env bash
# CI contract check, two gates side by side:
#   wire:   openapi/datagrid.yaml (working tree) against the base spec (build/spectool.sh diff): what the API promises
#           on the wire (paths, parameters, bodies, statuses);
#   C# API: the public API of the client regenerated from that spec (build/Datagrid.ApiListing) against the base's
#           approved listing (src/Datagrid.Client/api/Datagrid.Client.cs): what callers' source and binaries see
#           (a parameter inserted before the CancellationToken, a retyped member, a removed type).
# Either gate fails on breaking changes unless the package's major version (VersionPrefix in Directory.Build.props)
# is higher than the base's, or, while both are 0.x, its minor version is (SemVer: 0.y is initial development; the
# breaking-change convention of npm's and Cargo's caret ranges, where ^0.1 excludes 0.2). The last line reads
# "check-contract: wire: ..., C# API: ...".
# Levels (see the README's rule table): breaking changes fail; warnings are listed and pass, unless
# CONTRACT_FAIL_ON=warning, which treats wire warnings like breaking ones; info changes are listed.
# CONTRACT_RELAX="rule,rule" lowers breaking wire rules the project is stricter on than other tools to warnings.
# CONTRACT_MARKDOWN=path also writes both change logs as Markdown (for a pull-request comment).
# CONTRACT_API_LISTING=path takes the regenerated listing from path instead of building the client (tests, or a CI
# step that already built it).
#
# Base, first that applies:
#   1. $CONTRACT_BASE if set (any git revision): the spec, listing and version at that revision;
#   2. the last release tag: git describe --tags --abbrev=0 --match 'v*';
#   3. build/baseline/: the last released spec, listing and version, committed by build/release-baseline.sh (so a
#      fresh clone without tags or origin/main still compares against a real base);
#   4. the merge-base of HEAD with origin/main, when origin/main exists;
#   5. otherwise the check is skipped (exit 0) with a message.
# Exit: 0 pass or skipped, 1 breaking (or, with CONTRACT_FAIL_ON=warning, warning) changes without a major version
# bump, 2 bad input / tool failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
spec="openapi/datagrid.yaml"
listing="src/Datagrid.Client/api/Datagrid.Client.cs"
props="Directory.Build.props"
baseline="build/baseline"
work="$(mktemp -d "${TMPDIR:-/tmp}/check-contract.XXXXXX")"
trap 'rm -rf "$work"' EXIT

base=""
if [[ -n "${CONTRACT_BASE:-}" ]]; then
  base="$CONTRACT_BASE"; why="\$CONTRACT_BASE"
elif tag="$(git describe --tags --abbrev=0 --match 'v*' 2>/dev/null)"; then
  base="$tag"; why="last release tag"
elif [[ -f "$baseline/datagrid.yaml" ]]; then
  why="the committed baseline of the last release"
elif git rev-parse --verify -q origin/main >/dev/null; then
  base="$(git merge-base HEAD origin/main)"; why="merge-base with origin/main"
else
  echo "check-contract: skipped - no release tag (v*), no $baseline/ and no origin/main to compare $spec against."
  exit 0
fi

# The base's spec, listing and major version, from git or from the baseline directory.
if [[ -n "$base" ]]; then
  if ! git cat-file -e "$base:$spec" 2>/dev/null; then
    echo "check-contract: skipped - $spec does not exist at $base ($why); nothing to compare."
    exit 0
  fi
  base_name="$base"
  base_spec="git:$base:$spec"
  git show "$base:$listing" >"$work/base.api.cs" 2>/dev/null || rm -f "$work/base.api.cs"
  old_major="$(git show "$base:$props" 2>/dev/null | sed -n 's:.*<VersionPrefix>\([0-9][0-9]*\)\..*</VersionPrefix>.*:\1:p' | head -n 1 || true)"
  old_minor="$(git show "$base:$props" 2>/dev/null | sed -n 's:.*<VersionPrefix>[0-9][0-9]*\.\([0-9][0-9]*\).*</VersionPrefix>.*:\1:p' | head -n 1 || true)"
else
  base_name="$baseline/ ($(cat "$baseline/version.txt" 2>/dev/null || echo 'version unknown'))"
  base_spec="$baseline/datagrid.yaml"
  cp "$baseline/Datagrid.Client.api.cs" "$work/base.api.cs" 2>/dev/null || true
  old_major="$(sed -n 's/^\([0-9][0-9]*\)\..*/\1/p' "$baseline/version.txt" 2>/dev/null | head -n 1 || true)"
  old_minor="$(sed -n 's/^[0-9][0-9]*\.\([0-9][0-9]*\).*/\1/p' "$baseline/version.txt" 2>/dev/null | head -n 1 || true)"
fi

fail_on="${CONTRACT_FAIL_ON:-breaking}"
case "$fail_on" in
  breaking|warning) ;;
  *) echo "check-contract: FAILED - CONTRACT_FAIL_ON must be breaking or warning, not '$fail_on'." >&2; exit 2 ;;
esac
args=(diff "$base_spec" "$spec" --fail-on "$fail_on")
[[ -n "${CONTRACT_RELAX:-}" ]] && args+=(--relax "$CONTRACT_RELAX")
summary() { local s; s="$(sed -n 's/^\([0-9]* breaking, [0-9]* warning, [0-9]* info\) change.*/\1/p' <<<"$1" | tail -n 1)"; echo "${s:-no changes}"; }

echo "check-contract: comparing $spec and the client generated from it with $base_name ($why)"
echo
echo "== wire (spec), failing on $fail_on changes"
set +e
wire_report="$("$root/build/spectool.sh" "${args[@]}")"
wire_rc=$?
set -e
echo "$wire_report"
if [[ $wire_rc -gt 1 ]]; then
  echo "check-contract: FAILED - the spec tool could not compare the specs (exit $wire_rc)." >&2
  exit 2
fi

# The C# API gate: the listing of the client regenerated from the working tree's spec against the base's listing.
api_contract() {
  if [[ -n "${APICONTRACT_DLL:-}" ]]; then dotnet "$APICONTRACT_DLL" "$@"; return; fi
  dotnet "$root/build/Datagrid.ApiContract/bin/Release/net10.0/Datagrid.ApiContract.dll" "$@"
}
echo
echo "== C# API (public API listing of the regenerated client)"
api_rc=0; api_report=""
if [[ ! -s "$work/base.api.cs" ]]; then
  api_verdict="skipped (no $listing at the base)"
  echo "skipped: the base has no $listing."
  api_rc=-1
else
  new_listing="${CONTRACT_API_LISTING:-}"
  if [[ -z "$new_listing" ]]; then
    new_listing="$work/new.api.cs"
    echo "building the client from $spec and its API listing (build/Datagrid.ApiListing)..."
    if ! dotnet build build/Datagrid.ApiListing -c Release -nologo -v quiet >"$work/build.log" 2>&1 \
      || ! dotnet build build/Datagrid.ApiContract -c Release -nologo -v quiet >>"$work/build.log" 2>&1 \
      || ! dotnet build/Datagrid.ApiListing/bin/Release/net10.0/Datagrid.ApiListing.dll "$new_listing"; then
      grep -E 'error' "$work/build.log" | sort -u | head -n 20 >&2 || true
      echo "check-contract: FAILED - the client does not build from $spec (errors above; full log: dotnet build build/Datagrid.ApiListing -c Release)." >&2
      exit 2
    fi
  fi
  set +e
  api_report="$(api_contract diff "$work/base.api.cs" "$new_listing")"
  api_rc=$?
  set -e
  echo "$api_report"
  if [[ $api_rc -gt 1 ]]; then
    echo "check-contract: FAILED - the API listings could not be compared (exit $api_rc)." >&2
    exit 2
  fi
fi

new_major="$(sed -n 's:.*<VersionPrefix>\([0-9][0-9]*\)\..*</VersionPrefix>.*:\1:p' "$props" | head -n 1)"
new_minor="$(sed -n 's:.*<VersionPrefix>[0-9][0-9]*\.\([0-9][0-9]*\).*</VersionPrefix>.*:\1:p' "$props" | head -n 1)"
if [[ -z "$new_major" ]]; then
  echo "check-contract: FAILED - no VersionPrefix found in $props." >&2
  exit 2
fi
# A breaking change needs a new major version; while the package is 0.x (base and new), a new minor version.
major_moved=false; moved_what=""; moved_how=""
if [[ -n "$old_major" && "$new_major" -gt "$old_major" ]]; then
  major_moved=true; moved_what="major version moved"; moved_how="major version moved from $old_major to $new_major"
elif [[ "$old_major" == 0 && "$new_major" == 0 && -n "$old_minor" && -n "$new_minor" && "$new_minor" -gt "$old_minor" ]]; then
  major_moved=true; moved_what="0.x minor version moved"; moved_how="0.x minor version moved from 0.$old_minor to 0.$new_minor"
fi
verdict() { # verdict RC SUMMARY
  case $1 in
    0) echo "OK ($2)" ;;
    1) if [[ $major_moved == true ]]; then echo "OK, $moved_what ($2)"; else echo "FAILED ($2)"; fi ;;
  esac
}
wire_verdict="$(verdict "$wire_rc" "$(summary "$wire_report")")"
[[ $api_rc -ge 0 ]] && api_verdict="$(verdict "$api_rc" "$(summary "$api_report")")"
line="wire: $wire_verdict, C# API: $api_verdict"

if [[ -n "${CONTRACT_MARKDOWN:-}" ]]; then
  {
    "$root/build/spectool.sh" "${args[@]}" --format markdown || true
    echo
    if [[ $api_rc -ge 0 ]]; then api_contract diff "$work/base.api.cs" "$new_listing" --format markdown || true; else echo "#### C# API: $api_verdict"; fi
    echo
    echo "**Verdict** against $base_name: $line"
  } >"$CONTRACT_MARKDOWN"
  echo "check-contract: change log written to $CONTRACT_MARKDOWN"
fi

echo
warnings="$(sed -n 's/^[0-9]* breaking, \([0-9]*\) warning, .*/\1/p' <<<"$wire_report" | tail -n 1)"
if [[ $wire_rc -eq 0 && $api_rc -le 0 ]]; then
  if [[ "${warnings:-0}" -gt 0 ]]; then
    echo "check-contract: OK - no breaking changes since $base_name; ${warnings} warning(s) above may affect some callers (CONTRACT_FAIL_ON=warning makes them fail)."
  else
    echo "check-contract: OK - no breaking changes since $base_name."
  fi
  echo "check-contract: $line"
  exit 0
fi
if [[ $major_moved == true ]]; then
  echo "check-contract: OK - $fail_on changes allowed: $moved_how since $base_name."
  echo "check-contract: $line"
  exit 0
fi
if [[ "$new_major" == 0 ]]; then
  echo "check-contract: FAILED - $fail_on changes since $base_name, but the major version is still ${new_major} (was ${old_major:-unknown}) and the 0.x minor version is still ${new_minor:-unknown} (was ${old_minor:-unknown})." >&2
  echo "  Either make the change non-breaking, or raise the minor part of VersionPrefix in $props (a 0.x package; the major part from 1.0 on)." >&2
else
  echo "check-contract: FAILED - $fail_on changes since $base_name, but the major version is still ${new_major} (was ${old_major:-unknown})." >&2
  echo "  Either make the change non-breaking, or raise the major part of VersionPrefix in $props." >&2
fi
echo "check-contract: $line" >&2
exit 1
