#!/usr/bin/env bash
# Builds the documentation site into artifacts/docs: the API reference of Datagrid.Client (generated clients included),
# Datagrid.Client.Redis and Datagrid.LocalServer from their projects' XML docs, and the guides in build/docs/articles,
# whose code is included from src/samples (compiled by the build). DocFX comes from the tool manifest
# (.config/dotnet-tools.json). Any warning fails the build: a broken link or cross-reference, a missing include.
# Serve the result with any static server, e.g. `python3 -m http.server -d artifacts/docs -b 127.0.0.1`.
set -euo pipefail
cd "$(dirname "$0")/.."
configuration="${CONFIGURATION:-Release}"

dotnet tool restore >/dev/null

# The generated client lives in obj/ and exists only after a build: build the documented projects (and the samples the
# guides include, so a snippet that no longer compiles fails here too) before DocFX reads them.
for project in src/Datagrid.Client src/Datagrid.Client.Redis src/Datagrid.LocalServer src/samples/Datagrid.Samples.Snippets \
  src/samples/Datagrid.Samples.Console src/samples/Datagrid.Samples.Worker src/samples/Datagrid.Samples.LocalServerTests; do
  dotnet build "$project" -c "$configuration" --nologo -v q -clp:NoSummary
done

rm -rf artifacts/docs artifacts/docs-api
dotnet docfx build/docs/docfx.json --warningsAsErrors
echo "docs: artifacts/docs/index.html"
