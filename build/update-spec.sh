#!/usr/bin/env bash
# Usage: build/update-spec.sh SOURCE
#   SOURCE: a documentation page holding a fenced ```yaml block (like the Datagrid docs pages),
#           a raw YAML or JSON file, or an http(s) URL.
# All or nothing: validates SOURCE as OpenAPI 3.x and prints its contract diff against openapi/datagrid.yaml, then, in
# a scratch copy of the repository, regenerates the client, builds the caller corpus (tests/Datagrid.Client.Callers)
# and the whole solution, and approves the public API listing. Only when every step succeeds does it write
# openapi/datagrid.yaml, src/Datagrid.Client/api/Datagrid.Client.cs and the coverage list of new operations into this
# tree. On failure nothing here changes: it names the step that failed, shows its errors and keeps the copy and its
# log for a closer look. It then prints the follow-ups CI will still ask for (a client test, a local-server route).
set -euo pipefail
if [[ $# -ne 1 || "$1" == -* ]]; then
  echo "usage: build/update-spec.sh SOURCE   (page with a \`\`\`yaml block, YAML/JSON file, or http(s) URL)" >&2
  exit 2
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
spec_rel="openapi/datagrid.yaml"
listing_rel="src/Datagrid.Client/api/Datagrid.Client.cs"
covered_rel="tests/Datagrid.Client.ApiTests/covered-operations.txt"
work="$(mktemp -d "${TMPDIR:-/tmp}/update-spec.XXXXXX")"
copy="$work/repo"
log="$work/step.log"
keep=false
trap '[[ $keep == true ]] || rm -rf "$work"' EXIT

# fail STEP HOW-TO-LOOK: reports the failed step, leaves this tree as it was, keeps the scratch copy.
fail() {
  keep=true
  echo >&2
  grep -E ' error |error:' "$log" 2>/dev/null | sed -E 's/ \[[^]]*\]$//' | sort -u | head -n 20 >&2 || true
  echo "update-spec: FAILED at step '$1'. Nothing in $root changed ($spec_rel is as before)." >&2
  echo "  Full log: $log" >&2
  echo "  To look: $2" >&2
  exit 1
}

# SOURCE stays relative to the caller's directory. The tool prints the wire diff against the current spec.
echo "[1/5] validating $1 and comparing it with $spec_rel"
mkdir -p "$copy"
cp "$root/$spec_rel" "$work/datagrid.yaml"
"$root/build/spectool.sh" update "$1" --out "$work/datagrid.yaml"

echo
echo "[2/5] regenerating the client in a scratch copy ($copy)"
tar -C "$root" --exclude=./.git --exclude=bin --exclude=obj --exclude=./artifacts -cf - . | tar -C "$copy" -xf -
cp "$work/datagrid.yaml" "$copy/$spec_rel"
# No git in the copy: SourceLink has nothing to read.
flags=(-c Release -nologo -v quiet -p:EnableSourceLink=false -p:EnableSourceControlManagerQueries=false)
dotnet build "$copy/src/Datagrid.Client" "${flags[@]}" >"$log" 2>&1 \
  || fail "regenerate the client" "cd $copy && dotnet build src/Datagrid.Client -c Release (the generated code: src/Datagrid.Client/obj/Release/net10.0/DatagridClient.g.cs)"

echo "[3/5] building the caller corpus (tests/Datagrid.Client.Callers): existing calls must still compile"
dotnet build "$copy/tests/Datagrid.Client.Callers" "${flags[@]}" >"$log" 2>&1 \
  || fail "caller corpus" "cd $copy && dotnet build tests/Datagrid.Client.Callers -c Release (a call that stopped compiling means the change breaks callers' source)"

echo "[4/5] building the solution"
dotnet build "$copy/Datagrid.Generated.sln" "${flags[@]}" >"$log" 2>&1 \
  || fail "build the solution" "cd $copy && dotnet build Datagrid.Generated.sln -c Release"

echo "[5/5] approving the public API listing and listing new operations"
DATAGRID_APPROVE_API=1 dotnet test "$copy/tests/Datagrid.Client.ApiTests" "${flags[@]}" --no-build \
  --filter "FullyQualifiedName~PublicApiApprovalTests.PublicApiMatchesTheApprovedListing" >"$log" 2>&1 \
  || fail "approve the API listing" "cd $copy && DATAGRID_APPROVE_API=1 dotnet test tests/Datagrid.Client.ApiTests -c Release"
# operationId <TAB> METHOD <TAB> /path <TAB> Client.MethodAsync, for every operation of the new spec.
operations="$(dotnet "$copy/build/Datagrid.CodeGen/bin/Release/net10.0/Datagrid.CodeGen.dll" --operations "$copy/$spec_rel" 2>"$log")" \
  || fail "list the operations" "dotnet build/Datagrid.CodeGen/bin/Release/net10.0/Datagrid.CodeGen.dll --operations $copy/$spec_rel"
new_operations=()
while IFS=$'\t' read -r id method path call; do
  [[ -z "$id" ]] && continue
  if ! grep -qE "^${id//./\\.}[[:space:]]" "$root/$covered_rel"; then
    new_operations+=("$id"$'\t'"$method"$'\t'"$path"$'\t'"$call")
  fi
done <<<"$operations"

# Every step passed: only now does this tree change.
echo
echo "C# API changes (approved listing before -> after):"
dotnet "$copy/build/Datagrid.ApiContract/bin/Release/net10.0/Datagrid.ApiContract.dll" diff "$root/$listing_rel" "$copy/$listing_rel" | sed 's/^/  /' || true
cp "$copy/$spec_rel" "$root/$spec_rel"
cp "$copy/$listing_rel" "$root/$listing_rel"
for entry in "${new_operations[@]}"; do
  IFS=$'\t' read -r id method path call <<<"$entry"
  printf '%s  %s\n' "$id" "$call" >>"$root/$covered_rel"
done

if [[ ${#new_operations[@]} -eq 0 ]]; then
  echo
  echo "Done: $spec_rel and $listing_rel updated. No new operations: review 'git diff openapi/ src/Datagrid.Client/api/' and commit."
  exit 0
fi

echo
echo "Done: $spec_rel and $listing_rel updated. New operations, added to $covered_rel:"
for entry in "${new_operations[@]}"; do
  IFS=$'\t' read -r id method path call <<<"$entry"
  printf '  %s  %s\n' "$id" "$call"
done

echo
echo "CI (build/test.sh, SpecCoverageTests and the local server's ContractTests) still asks for, per new operation:"
for entry in "${new_operations[@]}"; do
  IFS=$'\t' read -r id method path call <<<"$entry"
  verb="$(tr '[:upper:]' '[:lower:]' <<<"${method:1}")"
  echo "  $id ($method $path):"
  echo "    1. a test in tests/Datagrid.Client.Tests that calls ${call#*.}(...) (e.g. against MockHttp or the local server);"
  echo "    2. src/Datagrid.LocalServer: app.Map${method:0:1}${verb}(\"/v1${path}\", ...) and a ServedOperations entry"
  echo "       (if it cannot be served, list (\"$method\", \"$path\") in ContractTests.NotServed with the reason);"
done
echo "Then run build/test.sh, review 'git diff openapi/ src/Datagrid.Client/api/ tests/' and commit."
