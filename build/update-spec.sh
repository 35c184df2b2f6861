#!/usr/bin/env bash
# Usage: build/update-spec.sh SOURCE
#   SOURCE: a documentation page holding a fenced ```yaml block (like the Datagrid docs pages),
#           a raw YAML or JSON file, or an http(s) URL.
# Validates SOURCE as OpenAPI 3.x, writes openapi/datagrid.yaml (untouched if SOURCE is bad), prints the
# contract diff against the previous spec, then builds the solution so NSwag regenerates the client.
set -euo pipefail
if [[ $# -ne 1 || "$1" == -* ]]; then
  echo "usage: build/update-spec.sh SOURCE   (page with a \`\`\`yaml block, YAML/JSON file, or http(s) URL)" >&2
  exit 2
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# SOURCE stays relative to the caller's directory; the target is always the repo's spec.
"$root/build/spectool.sh" update "$1" --out "$root/openapi/datagrid.yaml"
echo
echo "Rebuilding so the generated client follows the spec..."
dotnet build "$root/Datagrid.Generated.sln" -nologo -v quiet
echo "Done. Review 'git diff openapi/' and, if the public API changed, run build/approve-api.sh."
