#!/usr/bin/env bash
# The behavioural tests on .NET Framework: builds tests/Datagrid.Client.NetFx.Tests (net472, against the client's
# netstandard2.0 build) and tests/Datagrid.Client.Redis.NetFx.Tests (net472, against Datagrid.Client.Redis's, with a
# real redis-server) and runs them on Mono, one after the other. Result XML: artifacts/test-results/netfx.xml and
# netfx-redis.xml. Last line: "N passed, N failed", the two runs' totals added. Each test fails after the runner's
# default time limit (120 s, as for dotnet test; NUnit aborts the test's thread on .NET Framework); NETFX_TEST_TIMEOUT
# (default 20m) bounds each run.
# Without mono: skipped (exit 0) locally, an error under CI=true. Guide: build/docs/articles/testing-reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's packages for the run (.ci/run installs the same list): Mono's runtime and the framework assemblies loaded
# beyond those it brings: System.Net.Http (the client), System.Xml.Linq (NUnit), System.Data (Newtonsoft.Json),
# System.ComponentModel.DataAnnotations (the generated models' attributes), System.Runtime.Serialization (both runs load
# it; none of the others depends on its package). The Redis tests also need redis-server (.ci/run installs it).
packages="mono-runtime libmono-system-net-http4.0-cil libmono-system-xml-linq4.0-cil libmono-system-data4.0-cil libmono-system-componentmodel-dataannotations4.0-cil libmono-system-runtime-serialization4.0-cil"
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
results="artifacts/test-results"
mkdir -p "$results"

dotnet build tests/Datagrid.Client.NetFx.Tests -c "$configuration" "$@"
dotnet build tests/Datagrid.Client.Redis.NetFx.Tests -c "$configuration" "$@"

status=0
passed=0
failed=0
# run NAME EXE: one runner on Mono, its log and XML under $results; adds its totals line to passed/failed.
run() {
  local name="$1" exe="$2" code
  # The runner's own totals line stays in its log: the script prints one, the sum. Its exit code is timeout's (mono's);
  # grep's says only whether it printed anything.
  set +e
  timeout --kill-after=30s "${NETFX_TEST_TIMEOUT:-20m}" mono --debug "$exe" --result "$results/$name.xml" \
    | tee "$results/$name.log" | grep -Ev '^[0-9]+ passed, [0-9]+ failed$'
  code="${PIPESTATUS[0]}"
  set -e
  if [ "$code" -eq 124 ] || [ "$code" -eq 137 ]; then
    echo "HANG: the Mono test run $name took longer than ${NETFX_TEST_TIMEOUT:-20m} and was killed" >&2
  fi

  # The runner's last line; a run that died before printing it counts as one failure.
  local totals
  totals="$(tail -n 1 "$results/$name.log")"
  if [[ "$totals" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    echo "$name: $totals"
    passed=$((passed + BASH_REMATCH[1]))
    failed=$((failed + BASH_REMATCH[2]))
  else
    echo "error: the Mono test run $name ended without its totals (exit $code)" >&2
    failed=$((failed + 1))
    [ "$code" -ne 0 ] || code=1
  fi
  [ "$code" -eq 0 ] || status="$code"
}

run netfx "tests/Datagrid.Client.NetFx.Tests/bin/$configuration/net472/Datagrid.Client.Tests.exe"
run netfx-redis "tests/Datagrid.Client.Redis.NetFx.Tests/bin/$configuration/net472/Datagrid.Client.Redis.Tests.exe"

echo "$passed passed, $failed failed"
exit "$status"
