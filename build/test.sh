#!/usr/bin/env bash
# The test command (README): builds everything with warnings as errors, runs every test project in the solution,
# and prints the totals as one line "N passed, N failed" (summed from the TRX files dotnet test writes).
set -euo pipefail
cd "$(dirname "$0")/.."

configuration="${CONFIGURATION:-Release}"
results="artifacts/test-results"
rm -rf "$results"

status=0
dotnet test Datagrid.Generated.sln -c "$configuration" --logger "trx" --results-directory "$results" "$@" || status=$?

passed=0; failed=0; total=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); total=$((total + ${t:-0}))
done

if [ "$total" -eq 0 ]; then
  echo "no tests ran" >&2
  status=1
fi
echo "${passed} passed, ${failed} failed"
exit "$status"
