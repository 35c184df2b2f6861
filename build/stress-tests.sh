#!/usr/bin/env bash
# Runs the test suite N times (default 10), every other run with the machine kept busy by a CPU burner beside it (one
# `yes > /dev/null` per core), to show the suite neither hangs nor flakes under load. Each run's output is kept in
# artifacts/stress/run-NN.log (its TRX files in artifacts/stress/run-NN/); a summary (runs, failures, hangs, each
# run's duration and failed tests) is printed and written to artifacts/stress/summary.txt.
#
#   bash build/stress-tests.sh                 # 10 runs of build/test.sh, 5 of them under load
#   bash build/stress-tests.sh 4               # 4 runs
#   bash build/stress-tests.sh 6 -- dotnet test tests/Datagrid.Client.Tests -c Release --no-build
#                                              # any other test command (here one project, already built)
#
# STRESS_RUN_TIMEOUT (default 30m) bounds each run from outside; a run stopped by it counts as a hang, as does a run
# in which dotnet test's own hang guard (build/test.sh) killed a test host. Exit status: 0 only if every run passed.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=10
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
  runs="$1"
  shift
fi
if [ $# -gt 0 ] && [ "$1" = "--" ]; then
  shift
fi
command=("$@")
if [ ${#command[@]} -eq 0 ]; then
  command=(bash build/test.sh)
fi
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: build/stress-tests.sh [runs] [-- test command...]  (runs must be a whole number above 0, got '$runs')" >&2
  exit 2
fi

out="artifacts/stress"
rm -rf "$out"
mkdir -p "$out"
summary="$out/summary.txt"

burners=()
runner=""
stop_burners() {
  if [ ${#burners[@]} -gt 0 ]; then
    kill "${burners[@]}" 2>/dev/null || true
    wait "${burners[@]}" 2>/dev/null || true
  fi
  burners=()
}
# On Ctrl-C or TERM: stop the test run (timeout passes the signal on) and the burners, at once.
trap stop_burners EXIT
trap 'if [ -n "$runner" ]; then kill "$runner" 2>/dev/null || true; fi; stop_burners; exit 130' INT TERM

start_burners() {
  local i
  for ((i = 0; i < $(nproc); i++)); do
    yes >/dev/null &
    burners+=($!)
  done
}

failures=0
hangs=0
lines=()
for ((run = 1; run <= runs; run++)); do
  name=$(printf 'run-%02d' "$run")
  log="$out/$name.log"
  load=quiet
  if [ $((run % 2)) -eq 0 ]; then
    start_burners
    load="loaded"
  fi

  echo "== $name ($load): ${command[*]}"
  started=$(date +%s)
  status=0
  # In the background and waited for, so a signal reaches the trap at once rather than after the run.
  timeout --kill-after=30s "${STRESS_RUN_TIMEOUT:-30m}" "${command[@]}" >"$log" 2>&1 &
  runner=$!
  wait "$runner" || status=$?
  runner=""
  elapsed=$(($(date +%s) - started))
  stop_burners

  if [ "${command[*]}" = "bash build/test.sh" ] && [ -d artifacts/test-results ]; then
    cp -r artifacts/test-results "$out/$name"
  fi

  hung=no
  if [ "$status" -eq 124 ] || [ "$status" -eq 137 ] || grep -q -e "^HANG:" -e "inactivity time of .* has elapsed" "$log"; then
    hung=yes
    hangs=$((hangs + 1))
  fi
  if [ "$status" -ne 0 ]; then
    failures=$((failures + 1))
  fi

  totals=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1 || true)
  if [ -z "$totals" ]; then
    totals=$(grep -E '(Passed|Failed)! +- ' "$log" | sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+).*/\2 passed, \1 failed/' |
      awk '{p += $1; f += $3} END {if (NR) printf "%d passed, %d failed", p, f}' || true)
  fi
  failed_tests=$(grep -E '^ +Failed [^ ]+ \[' "$log" | awk '{print $2}' | sort -u | paste -sd, - || true)
  line=$(printf '%s  %-6s  exit %-3s  hang %-3s  %4ss  %s%s' "$name" "$load" "$status" "$hung" "$elapsed" "${totals:-no totals}" \
    "${failed_tests:+  failed: $failed_tests}")
  lines+=("$line")
  echo "$line"
done

{
  echo "stress: ${runs} runs of: ${command[*]}"
  echo "every other run under load ($(nproc) CPU burners on $(nproc) cores); logs in $out/"
  printf '%s\n' "${lines[@]}"
  echo "runs ${runs}, failures ${failures}, hangs ${hangs}"
} | tee "$summary"

[ "$failures" -eq 0 ]
