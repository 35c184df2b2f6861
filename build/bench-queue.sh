#!/usr/bin/env bash
# The work queue on one budget, as a team runs it: a redis-server (append-only, fsync always), `datagrid serve` with a
# tight limit, N ids enqueued in one teamspace, 3 `datagrid user-memories work --exit-when-empty` processes. Prints the
# wall time from the workers' start to the last one's exit against the minimum the limit allows; with `kill`, one
# worker is SIGKILLed a third of the way in and a new one started (its items come back after --lease).
# "first to last outcome" is the queue's own time (from the report); "wall" adds the start-up of the dotnet processes.
# KNOWN_LIMIT=1 passes --rate-limit so the workers do not start one request at a time while they learn the limit.
# Not part of CI (it takes about a minute).
#   build/bench-queue.sh            # 3 workers
#   build/bench-queue.sh kill       # one killed and replaced
#   N=600 LIMIT=50 WINDOW=2 LEASE=5 build/bench-queue.sh kill
set -euo pipefail
mode=${1:-plain}
n=${N:-600}
limit=${LIMIT:-50}
window=${WINDOW:-2}
lease=${LEASE:-5}
# Only KNOWN_LIMIT=1 passes the limit (KNOWN_LIMIT=0 means learned, as unset does).
known=()
if [ "${KNOWN_LIMIT:-0}" = 1 ]; then known=(--rate-limit "$limit"); fi
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build "$root/src/Datagrid.Cli" -c Release -v quiet -nologo >/dev/null
cli="$root/src/Datagrid.Cli/bin/Release/net10.0/datagrid.dll"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly yes --appendfsync always --dir "$work" > "$work/redis.log" 2>&1 &
pids+=($!)
dotnet "$cli" serve --port 0 --seed "$n" --limit "$limit" --window "$window" > "$work/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 600); do grep -q "listening on" "$work/serve.log" && redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.2; done
url=$(grep -o 'http://[^ ]*' "$work/serve.log" | head -1)
export DATAGRID_API_KEY=local-dev-key
seq -f "mem_%06.0f" 1 "$n" > "$work/ids.txt"
dotnet "$cli" user-memories enqueue --redis "127.0.0.1:$port" --queue bench --base-url "$url" --teamspace team-a --ids-file "$work/ids.txt" >/dev/null

worker() {
  dotnet "$cli" user-memories work --redis "127.0.0.1:$port" --queue bench --base-url "$url" --exit-when-empty \
    --rate-limit-window "$window" --lease "$lease" --poll-interval 0.2 "${known[@]}" > "$work/worker-$1.log" 2>&1 &
  last=$!
  pids+=("$last")
}
start=$(date +%s.%N)
worker 1; w1=$last; worker 2; w2=$last; worker 3; w3=$last
minimum=$(python3 -c "print((($n - 1) // $limit) * $window)")
if [ "$mode" = kill ]; then
  sleep "$(python3 -c "print($minimum / 3)")"
  kill -9 "$w1"
  worker 4; w4=$last
  wait "$w2" "$w3" "$w4" || true
else
  wait "$w1" "$w2" "$w3" || true
fi
end=$(date +%s.%N)
status=$(dotnet "$cli" user-memories status --redis "127.0.0.1:$port" --queue bench --json)
deleted=$(echo "$status" | grep -o '"deleted": [0-9]*' | grep -o '[0-9]*$')
absent=$(echo "$status" | grep -o '"absent": [0-9]*' | grep -o '[0-9]*$')
failed=$(echo "$status" | grep -o '"failed_count": [0-9]*' | grep -o '[0-9]*$')
dotnet "$cli" user-memories report --redis "127.0.0.1:$port" --queue bench --report "$work/report.jsonl" >/dev/null
python3 - "$work/report.jsonl" "$mode" "$n" "$limit" "$window" "$lease" "$start" "$end" "$minimum" "$deleted" "$absent" "$failed" <<'PY'
import sys, json, datetime
times = [datetime.datetime.fromisoformat(json.loads(line)["time"].replace("Z", "+00:00")) for line in open(sys.argv.pop(1))]
span = (max(times) - min(times)).total_seconds()
mode, n, limit, window, lease, start, end, minimum, deleted, absent, failed = sys.argv[1:]
wall = float(end) - float(start); minimum = float(minimum)
print(f"{mode}: {n} ids, {limit} per {window} s, 3 workers{' (one killed, one started; lease ' + lease + ' s)' if mode == 'kill' else ''}: "
      f"first to last outcome {span:.1f} s vs minimum {minimum:.0f} s = {span / minimum:.2f}x; wall {wall:.1f} s with process start-up ({wall / minimum:.2f}x); "
      f"deleted {deleted}, absent {absent}, failed {failed}, outcomes recorded {len(times)}")
PY
