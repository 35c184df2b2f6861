#!/usr/bin/env bash
# The client's behavioural tests on .NET Framework: builds tests/Datagrid.Client.NetFx.Tests (net472, against the
# client's netstandard2.0 build) and runs it on Mono. Result XML: artifacts/test-results/netfx.xml. Last line:
# "N passed, N failed" (the runner's own). Each test fails after the runner's default time limit (120 s, as for
# dotnet test; NUnit aborts the test's thread on .NET Framework); NETFX_TEST_TIMEOUT (default 20m) bounds the whole run.
# Without mono: skipped (exit 0) locally, an error under CI=true. Guide: build/docs/articles/testing-reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's packages for the run (.ci/run installs the same list): Mono's runtime and the framework assemblies loaded
# beyond those it brings: System.Net.Http (the client), System.Xml.Linq (NUnit), System.Data (Newtonsoft.Json),
# System.ComponentModel.DataAnnotations (the generated models' attributes).
packages="mono-runtime libmono-system-net-http4.0-cil libmono-system-xml-linq4.0-cil libmono-system-data4.0-cil libmono-system-componentmodel-dataannotations4.0-cil"
if ! command -v mono >/dev/null 2>&1; then
  if [ "${CI:-}" = "true" ]; then
    echo "error: mono is required for the .NET Framework tests (apt-get install $packages)" >&2
    exit 1
  fi
  echo "skipped: mono not installed (apt-get install $packages)"
  echo "0 passed, 0 failed"
  exit 0
fi

configuration="${CONFIGURATION:-Release}"
project="tests/Datagrid.Client.NetFx.Tests"
results="artifacts/test-results"
mkdir -p "$results"

dotnet build "$project" -c "$configuration" "$@"
exe="$project/bin/$configuration/net472/Datagrid.Client.Tests.exe"

status=0
timeout --kill-after=30s "${NETFX_TEST_TIMEOUT:-20m}" mono --debug "$exe" --result "$results/netfx.xml" \
  | tee "$results/netfx.log" || status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  echo "HANG: the Mono test run took longer than ${NETFX_TEST_TIMEOUT:-20m} and was killed" >&2
fi

# The runner's last line is this script's; a run that died before printing it counts as one failure.
if ! tail -n 1 "$results/netfx.log" | grep -Eq '^[0-9]+ passed, [0-9]+ failed$'; then
  echo "error: the Mono test run ended without its totals (exit $status)" >&2
  echo "0 passed, 1 failed"
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
