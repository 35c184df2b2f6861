#!/usr/bin/env bash
# Usage: build/update-spec.sh SOURCE
#   SOURCE: a documentation page holding a fenced ```yaml block (like the Datagrid docs pages),
#           a raw YAML or JSON file, or an http(s) URL.
# Validates SOURCE as OpenAPI 3.x, writes openapi/datagrid.yaml (untouched if SOURCE is bad), prints the
# contract diff against the previous spec, then builds the solution so NSwag regenerates the client.
# Then it does the follow-ups that are safe to do by itself (the coverage list line of each new operation, the
# approved API listing) and prints the exact ones CI will still ask for (a client test, a local-server route).
set -euo pipefail
if [[ $# -ne 1 || "$1" == -* ]]; then
  echo "usage: build/update-spec.sh SOURCE   (page with a \`\`\`yaml block, YAML/JSON file, or http(s) URL)" >&2
  exit 2
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
spec="$root/openapi/datagrid.yaml"
covered="$root/tests/Datagrid.Client.ApiTests/covered-operations.txt"
# SOURCE stays relative to the caller's directory; the target is always the repo's spec.
"$root/build/spectool.sh" update "$1" --out "$spec"
echo
echo "Rebuilding so the generated client follows the spec..."
dotnet build "$root/Datagrid.Generated.sln" -nologo -v quiet

# operationId <TAB> METHOD <TAB> /path <TAB> Client.MethodAsync, for every operation of the new spec.
operations="$(dotnet run --project "$root/build/Datagrid.CodeGen" --no-build -- --operations "$spec")"
new_operations=()
while IFS=$'\t' read -r id method path call; do
  [[ -z "$id" ]] && continue
  if ! grep -qE "^${id//./\\.}[[:space:]]" "$covered"; then
    new_operations+=("$id"$'\t'"$method"$'\t'"$path"$'\t'"$call")
  fi
done <<<"$operations"

echo
echo "Approving the public API listing (review it with git diff src/Datagrid.Client/api/)..."
"$root/build/approve-api.sh" >/dev/null
git -C "$root" --no-pager diff --stat -- src/Datagrid.Client/api/ || true

if [[ ${#new_operations[@]} -eq 0 ]]; then
  echo
  echo "Done. No new operations: review 'git diff openapi/ src/Datagrid.Client/api/' and commit."
  exit 0
fi

echo
echo "New operations: added to tests/Datagrid.Client.ApiTests/covered-operations.txt:"
for entry in "${new_operations[@]}"; do
  IFS=$'\t' read -r id method path call <<<"$entry"
  printf '%s  %s\n' "$id" "$call" | tee -a "$covered" | sed 's/^/  /'
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
