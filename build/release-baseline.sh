#!/usr/bin/env bash
# The release step for the contract check: records what is being released as the base build/check-contract.sh
# compares with (build/baseline/: the spec, the approved public API listing and the version). Run it when a version
# is released (after build/approve-api.sh, with the tree as released) and commit build/baseline/ with the release.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
version="$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' Directory.Build.props | head -n 1)"
if [[ -z "$version" ]]; then
  echo "release-baseline: no VersionPrefix in Directory.Build.props." >&2
  exit 2
fi
if ! git diff --quiet -- openapi/ src/Datagrid.Client/api/; then
  echo "release-baseline: openapi/ or src/Datagrid.Client/api/ has uncommitted changes; record the released state only." >&2
  exit 2
fi
mkdir -p build/baseline
cp openapi/datagrid.yaml build/baseline/datagrid.yaml
cp src/Datagrid.Client/api/Datagrid.Client.cs build/baseline/Datagrid.Client.api.cs
echo "$version" > build/baseline/version.txt
echo "release-baseline: build/baseline/ now records $version; commit it with the release."
