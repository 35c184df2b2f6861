#!/usr/bin/env bash
# Packs Datagrid.Client, Datagrid.LocalServer (the test server for users' tests) and the `datagrid` dotnet tool into
# artifacts/packages, then runs tests/Datagrid.Client.PackageTests, which consumes the PACKAGES from that folder,
# not the projects. The netstandard2.0 build is tested through a .NET Framework program run on Mono
# (tests/Datagrid.Client.PackageTests.NetFx).
# Exits non-zero if packing or any test fails. Optional: CONFIGURATION (default Release), VERSION_SUFFIX (e.g. ci.42).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
configuration="${CONFIGURATION:-Release}"
version_args=()
if [[ -n "${VERSION_SUFFIX:-}" ]]; then
  version_args=("-p:VersionSuffix=${VERSION_SUFFIX}")
fi

# Stale packages of the same version would be tested instead of the new ones.
rm -f "$root"/artifacts/packages/Datagrid.Client.*.nupkg "$root"/artifacts/packages/Datagrid.Client.*.snupkg
rm -f "$root"/artifacts/packages/Datagrid.LocalServer.*.nupkg "$root"/artifacts/packages/Datagrid.LocalServer.*.snupkg
rm -rf "$root/artifacts/package-tests"

dotnet pack "$root/src/Datagrid.Client/Datagrid.Client.csproj" -c "$configuration" --nologo "${version_args[@]}"
dotnet pack "$root/src/Datagrid.LocalServer/Datagrid.LocalServer.csproj" -c "$configuration" --nologo "${version_args[@]}"
# The Redis-shared rate limit (issue 10) is its own package, so the core one does not depend on Redis.
dotnet pack "$root/src/Datagrid.Client.Redis/Datagrid.Client.Redis.csproj" -c "$configuration" --nologo "${version_args[@]}"

# The `datagrid` command line (issue 4) packs as a dotnet tool: pack it, install it from the folder feed, run it.
cli="$root/src/Datagrid.Cli/Datagrid.Cli.csproj"
if [[ -f "$cli" ]]; then
  rm -f "$root"/artifacts/packages/Datagrid.Cli.*.nupkg "$root"/artifacts/packages/Datagrid.Cli.*.snupkg
  dotnet pack "$cli" -c "$configuration" --nologo "${version_args[@]}"
  cli_version="$(dotnet msbuild "$cli" -getProperty:PackageVersion "${version_args[@]}")"
  # Own packages folder, so a re-packed tool of the same version is not shadowed by ~/.nuget/packages.
  NUGET_PACKAGES="$root/artifacts/package-tests/packages" dotnet tool install Datagrid.Cli --version "$cli_version" \
    --tool-path "$root/artifacts/package-tests/tools" --add-source "$root/artifacts/packages"
  "$root/artifacts/package-tests/tools/datagrid" --help >/dev/null
  echo "dotnet tool: datagrid $cli_version installs from artifacts/packages and runs"
fi

# A .NET Framework 4.6.2 program that uses the package (so it gets lib/netstandard2.0); the package tests run it on Mono.
dotnet build "$root/tests/Datagrid.Client.PackageTests.NetFx/Datagrid.Client.PackageTests.NetFx.csproj" -c "$configuration" --nologo \
  "${version_args[@]}"

results="$root/artifacts/package-tests/results"
dotnet test "$root/tests/Datagrid.Client.PackageTests/Datagrid.Client.PackageTests.csproj" -c "$configuration" --nologo \
  "${version_args[@]}" --logger "trx;LogFileName=package-tests.trx" --results-directory "$results"

# dotnet test prints no "N passed, N failed" line of its own; print one from the TRX counters.
counters="$(grep -o '<Counters [^>]*>' "$results/package-tests.trx")"
passed="$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")"
failed="$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")"
echo "package tests: ${passed} passed, ${failed} failed"
ls -1 "$root/artifacts/packages"
