#!/usr/bin/env bash
# Builds (quietly, incrementally) and runs build/Datagrid.SpecTool with the given arguments,
# in the caller's working directory. Exit code is the tool's: 0 ok, 1 breaking changes, 2 bad input.
set -euo pipefail
# SPECTOOL_DLL: use an already built tool instead (the script tests do, to stay fast).
if [[ -n "${SPECTOOL_DLL:-}" ]]; then
  exec dotnet "$SPECTOOL_DLL" "$@"
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$here/Datagrid.SpecTool/Datagrid.SpecTool.csproj"
if ! build_log="$(dotnet build "$project" -c Release -nologo -v quiet 2>&1)"; then
  echo "$build_log" >&2
  echo "error: building the spec tool failed (see above)." >&2
  exit 2
fi
exec dotnet "$here/Datagrid.SpecTool/bin/Release/net10.0/Datagrid.SpecTool.dll" "$@"
