#!/usr/bin/env bash
# The test command (README): builds everything with warnings as errors, runs every test project in the solution,
# then the client's tests on .NET Framework under Mono (build/test-netfx.sh), and prints the totals as one line
# "N passed, N failed" (summed from the TRX files dotnet test writes and the Mono runner's own line).
# Time limits (build/docs/articles/testing-reliability.md): each test fails after 120 s (tests/test.runsettings); a test
# host that stops answering for TEST_HANG_TIMEOUT (default 5m) is dumped (TEST_HANG_DUMP: mini, full or none) and
# killed by dotnet test's hang guard, which names the test that was running, and the run fails.
set -euo pipefail
cd "$(dirname "$0")/.."

configuration="${CONFIGURATION:-Release}"
results="artifacts/test-results"
rm -rf "$results"

mkdir -p "$results"
log="$results/dotnet-test.log"

# --blame as well as the hang options: without it, with the TRX logger on, the hang guard does not say which test ran.
status=0
dotnet test Datagrid.Generated.sln -c "$configuration" --logger "trx" --results-directory "$results" \
  --blame --blame-hang-timeout "${TEST_HANG_TIMEOUT:-5m}" --blame-hang-dump-type "${TEST_HANG_DUMP:-mini}" "$@" 2>&1 | tee "$log" || status=$?

passed=0; failed=0; total=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); total=$((total + ${t:-0}))
done

# A test host killed by the hang guard (its project's TRX may be missing): name the test it was running, plainly.
hangs=$(grep -c "inactivity time of .* has elapsed" "$log" || true)
if [ "$hangs" -gt 0 ]; then
  echo "HANG: $hangs test host(s) stopped answering and were killed:" >&2
  # The project from the "Test run for" line before each hang; the test from the line after "crash occurred" (none
  # when no test had started: a fixture's one-time set-up, or the host itself).
  awk '/^Test run for /{project=$4} /inactivity time of .* has elapsed/{print "  in " project} \
       prev ~ /The test running when the crash occurred/ && NF {print "  test: " $0} {prev=$0}' "$log" >&2
  find "$results" -name '*hangdump*' -not -path '*/In/*' -printf '  dump: %p\n' >&2
  status=1
fi

# The client's behavioural tests again on .NET Framework, under Mono (build/test-netfx.sh; skipped without mono
# unless CI=true). dotnet test's hang guard does not reach this run: the runner's per-test time limit and the
# script's overall timeout do.
netfx_status=0
bash build/test-netfx.sh 2>&1 | tee "$results/test-netfx.log" || netfx_status=$?
netfx_line=$(tail -n 1 "$results/test-netfx.log")
netfx_passed=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' <<<"$netfx_line")
netfx_failed=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' <<<"$netfx_line")
passed=$((passed + ${netfx_passed:-0})); failed=$((failed + ${netfx_failed:-0}))
if [ "$netfx_status" -ne 0 ]; then
  echo "the .NET Framework (Mono) tests failed: $results/test-netfx.log" >&2
  [ -n "$netfx_failed" ] && [ "$netfx_failed" -gt 0 ] || failed=$((failed + 1))
  status=1
fi

if [ "$total" -eq 0 ]; then
  echo "no tests ran" >&2
  status=1
fi
echo "${passed} passed, ${failed} failed"
exit "$status"
