#!/usr/bin/env bash
# Approves the current public API of Datagrid.Client: rebuilds, regenerates src/Datagrid.Client/api/Datagrid.Client.cs
# from the built assembly (the approval test in rewrite mode), and shows what changed. Review and commit the file.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
DATAGRID_APPROVE_API=1 dotnet test tests/Datagrid.Client.ApiTests/Datagrid.Client.ApiTests.csproj -nologo -v quiet \
  --filter "FullyQualifiedName~PublicApiApprovalTests.PublicApiMatchesTheApprovedListing"
git --no-pager diff --stat -- src/Datagrid.Client/api/ || true
echo "Approved listing written to src/Datagrid.Client/api/Datagrid.Client.cs: review the diff and commit it."
