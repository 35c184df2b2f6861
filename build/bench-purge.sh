#!/usr/bin/env bash
# Purge at scale, as an operator runs it: `datagrid serve` (no effective limit) and `datagrid user-memories delete`
# of N ids from a file, with a journal, --concurrency 64. Prints ids, wall time, deletes/s, the CLI's peak memory
# (/usr/bin/time -f %M) and the journal's size. Not part of CI: 10M ids take minutes and GBs of server memory.
#   build/bench-purge.sh 1000000
set -euo pipefail
n=${1:-1000000}
concurrency=${2:-64}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build "$root/src/Datagrid.Cli" -c Release -v quiet -nologo >/dev/null
server="$root/src/Datagrid.Cli/bin/Release/net10.0/datagrid.dll"
# BENCH_CLI=path/to/datagrid.dll measures another build of the client against the same server (a paired comparison).
cli="${BENCH_CLI:-$server}"
seq -f "mem_%06.0f" 1 "$n" > "$work/ids.txt"

dotnet "$server" serve --port 0 --seed "$n" --limit 2000000000 > "$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 600); do grep -q "listening on" "$work/serve.log" && break; sleep 0.5; done
url=$(grep -o 'http://[^ ]*' "$work/serve.log" | head -1)
key=$(grep -o 'DATAGRID_API_KEY=[^ ]*' "$work/serve.log" | head -1 | cut -d= -f2)

start=$(date +%s.%N)
/usr/bin/time -f %M -o "$work/peak.txt" dotnet "$cli" user-memories delete --ids-file "$work/ids.txt" \
  --journal "$work/journal.jsonl" --base-url "$url" --api-key "$key" --concurrency "$concurrency" --json > "$work/summary.json" || true
end=$(date +%s.%N)

deleted=$(grep -o '"deleted": [0-9]*' "$work/summary.json" | grep -o '[0-9]*$')
exit_code=$(grep -o '"exit_code": [0-9]*' "$work/summary.json" | grep -o '[0-9]*$')
wall=$(echo "$end - $start" | bc -l)
peak_kb=$(tail -1 "$work/peak.txt")
journal_bytes=$(stat -c %s "$work/journal.jsonl")
printf 'ids %d  deleted %s  exit %s  wall %.1f s  %.0f deletes/s  peak %.0f MB  journal %.1f MB (%.0f bytes/id)\n' \
  "$n" "$deleted" "$exit_code" "$wall" "$(echo "$deleted / $wall" | bc -l)" "$(echo "$peak_kb / 1024" | bc -l)" \
  "$(echo "$journal_bytes / 1048576" | bc -l)" "$(echo "$journal_bytes / $n" | bc -l)"
