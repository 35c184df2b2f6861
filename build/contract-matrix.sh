#!/usr/bin/env bash
# Usage: build/contract-matrix.sh [CASE...]   (default: every case; `CASE` names as listed by the first lines)
# Proof that the contract gates and the generated client agree: applies each spec change of the matrix
# (build/Datagrid.ApiContract/SpecChanges.cs) to a copy of openapi/datagrid.yaml, regenerates and compiles the client,
# and checks:
#   additive cases - the caller corpus (tests/Datagrid.Client.Callers) compiles unchanged, and both gates pass
#                    (wire: build/spectool.sh diff; C# API: the regenerated public API listing against the base one);
#   breaking cases - both gates fail, each naming the change.
# The client builds for both its targets (net10.0, netstandard2.0) in every case, so a spec change that generates
# code .NET Standard 2.0 cannot compile fails here too.
# Fast on purpose: only the client and, for additive cases, the corpus are rebuilt per case, in a scratch copy of the
# repository (restored once, built incrementally, analyzers off), never the solution; the working tree is not touched.
# Exit 0 when every case behaves, 1 otherwise. Ends with "contract matrix: N passed, N failed".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
started=$SECONDS
work="$(mktemp -d "${TMPDIR:-/tmp}/contract-matrix.XXXXXX")"
trap 'rm -rf "$work"' EXIT

dotnet build build/Datagrid.ApiContract -c Release -nologo -v quiet >"$work/tools.log" 2>&1 \
  && dotnet build build/Datagrid.SpecTool -c Release -nologo -v quiet >>"$work/tools.log" 2>&1 \
  || { cat "$work/tools.log" >&2; echo "contract matrix: FAILED - building the tools failed (above)." >&2; exit 2; }
contract() { dotnet "$root/build/Datagrid.ApiContract/bin/Release/net10.0/Datagrid.ApiContract.dll" "$@"; }
spectool() { dotnet "$root/build/Datagrid.SpecTool/bin/Release/net10.0/Datagrid.SpecTool.dll" "$@"; }

# The scratch copy: what the client, the listing tool and the corpus need, nothing built.
copy="$work/repo"
mkdir -p "$copy"
tar -C "$root" --exclude=bin --exclude=obj -cf - \
  Directory.Build.props Directory.Build.targets Directory.Packages.props global.json nswag.json README.md openapi \
  build/Packaging.props build/Datagrid.CodeGen.targets build/Datagrid.CodeGen build/Datagrid.ApiListing \
  src/Datagrid.Client src/Datagrid.Client.Redis src/Datagrid.LocalServer tests/Datagrid.Client.Callers \
  src/samples/Datagrid.Samples.Snippets src/samples/Datagrid.Samples.Worker/Program.cs | tar -C "$copy" -xf -
# Analyzers off: compiler errors are what this proves, and the analyzers double the compile time.
build_flags=(-c Release -nologo -v quiet --no-restore -p:EnableSourceLink=false -p:EnableSourceControlManagerQueries=false -p:RunAnalyzers=false)
dotnet restore "$copy/build/Datagrid.ApiListing" -v quiet >"$work/restore.log" 2>&1 \
  && dotnet restore "$copy/tests/Datagrid.Client.Callers" -v quiet >>"$work/restore.log" 2>&1 \
  || { cat "$work/restore.log" >&2; echo "contract matrix: FAILED - restoring the scratch copy failed (above)." >&2; exit 2; }

# The listing tool is built once; each case only rebuilds the client (and the corpus) and puts the new
# Datagrid.Client.dll beside the tool, which reads whatever Datagrid.Client it finds there.
dotnet build "$copy/build/Datagrid.ApiListing" "${build_flags[@]}" >"$work/listing-tool.log" 2>&1 \
  || { cat "$work/listing-tool.log" >&2; echo "contract matrix: FAILED - the listing tool does not build (above)." >&2; exit 2; }
listing_dir="$copy/build/Datagrid.ApiListing/bin/Release/net10.0"

# build_listing SPEC LISTING LOG: regenerates the client from SPEC and writes its public API listing.
build_listing() {
  cp "$1" "$copy/openapi/datagrid.yaml"
  dotnet build "$copy/src/Datagrid.Client" "${build_flags[@]}" >"$3" 2>&1 || return 1
  cp "$copy"/src/Datagrid.Client/bin/Release/net10.0/Datagrid.Client.{dll,pdb} "$listing_dir/" # Cecil reads both
  dotnet "$listing_dir/Datagrid.ApiListing.dll" "$2"
}
# build_corpus LOG SETUP: compiles the caller corpus against the client built last (already up to date); the corpus
# adds the callers of a setup's own types (ContractMatrixSetup).
build_corpus() { dotnet build "$copy/tests/Datagrid.Client.Callers" "${build_flags[@]}" -p:ContractMatrixSetup="$2" >"$1" 2>&1; }

base_spec="$root/openapi/datagrid.yaml"
declare -A bases=()
base_listing() { # base_listing SETUP: the spec and listing a case is compared with (built once per setup)
  local setup="$1"
  if [[ -z "${bases[$setup]:-}" ]]; then
    local spec="$work/base-$setup.json"
    if [[ "$setup" == "-" ]]; then cp "$base_spec" "$spec"; else contract mutate "$base_spec" "$spec" --setup "$setup"; fi
    { build_listing "$spec" "$work/base-$setup.api.cs" "$work/base-$setup.log" && build_corpus "$work/base-$setup.log" "$setup"; } \
      || { cat "$work/base-$setup.log" >&2; echo "contract matrix: FAILED - the base ($setup) does not build." >&2; exit 2; }
    bases[$setup]="$spec"
  fi
}

# The first breaking finding of a report, on one line; the C# API report has the member on the next line (--member).
first_breaking() {
  local lines=0; [[ "${2:-}" == --member ]] && lines=1
  grep -m 1 -A "$lines" -E '^ *BREAKING' <<<"$1" | sed -E 's/^ *BREAKING *//; s/^ +- / /' | tr -s ' \n' ' ' || true
}

passed=0; failed=0
printf '%-24s %-9s %-6s %s\n' "case" "kind" "result" "corpus / wire / C# API"
while IFS=$'\t' read -r name kind setup description; do
  if [[ $# -gt 0 && " $* " != *" $name "* ]]; then continue; fi
  case_started=$SECONDS
  base_listing "$setup"
  spec="$work/$name.json"
  args=(mutate "$base_spec" "$spec"); [[ "$setup" != "-" ]] && args+=(--setup "$setup"); args+=(--case "$name")
  contract "${args[@]}"
  with_corpus=false; [[ "$kind" == additive ]] && with_corpus=true

  corpus="not built"; listing_ok=true
  if ! build_listing "$spec" "$work/$name.api.cs" "$work/$name.log"; then
    listing_ok=false
    corpus="client does not build: $(grep -m 1 -E 'error [A-Z]+[0-9]+' "$work/$name.log" | sed -E 's/ \[.*//' || echo 'see the log')"
  elif [[ "$with_corpus" == true ]]; then
    if build_corpus "$work/$name.corpus.log" "$setup"; then
      corpus="compiles"
    else
      corpus="FAILS: $(grep -m 1 -E 'error [A-Z]+[0-9]+' "$work/$name.corpus.log" | sed -E 's/.*\/([^/]+\.cs\([0-9,]+\)): error /\1 /; s/ \[.*//' || echo 'build failed')"
    fi
  fi

  set +e
  wire="$(spectool diff "${bases[$setup]}" "$spec")"; wire_rc=$?
  if [[ "$listing_ok" == true ]]; then api="$(contract diff "$work/base-$setup.api.cs" "$work/$name.api.cs")"; api_rc=$?; else api="client did not build"; api_rc=2; fi
  set -e
  wire_verdict="$([[ $wire_rc -eq 0 ]] && echo OK || echo "FAILED ($(first_breaking "$wire"))")"
  api_verdict="$([[ $api_rc -eq 0 ]] && echo "OK ($(tail -n 1 <<<"$api"))" || echo "FAILED ($(first_breaking "$api" --member | cut -c1-200))")"

  if [[ "$kind" == additive ]]; then
    good=$([[ "$corpus" == compiles && $wire_rc -eq 0 && $api_rc -eq 0 ]] && echo true || echo false)
  else
    good=$([[ $wire_rc -eq 1 && $api_rc -eq 1 ]] && echo true || echo false)
  fi
  if [[ "$good" == true ]]; then result=PASS; passed=$((passed + 1)); else result=FAIL; failed=$((failed + 1)); fi
  printf '%-24s %-9s %-6s %ss  %s\n' "$name" "$kind" "$result" "$((SECONDS - case_started))" "$description"
  printf '    corpus: %s\n    wire: %s\n    C# API: %s\n' "$corpus" "$wire_verdict" "$api_verdict"
  if [[ "$result" == FAIL && "${MATRIX_VERBOSE:-}" == 1 ]]; then
    printf '%s\n%s\n' "$wire" "$api" | sed 's/^/      /'
  fi
done < <(contract cases)

echo "contract matrix: ${passed} passed, ${failed} failed ($((SECONDS - started)) s; set MATRIX_VERBOSE=1 for the full diffs of failed cases)"
[[ $failed -eq 0 ]]
