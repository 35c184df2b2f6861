#!/usr/bin/env bash
# Measures what a Redis pause costs a multi-process purge, as an operator would see it: `datagrid serve` (100 requests
# per 5 s sliding window, 400 memories), 4 `datagrid user-memories delete --redis` workers over disjoint ids, and
# redis-server stopped (SIGSTOP) 4 s in for PAUSE seconds, then resumed. Prints the wall clock and each worker's summary.
# Usage: build/measure-redis-pause.sh [PAUSE seconds, 0 = no pause; default 12]. Needs redis-server and python3.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pause=${1:-12}
dotnet build "$root/src/Datagrid.Cli" -c Release -v quiet -nologo >/dev/null
cli="$root/src/Datagrid.Cli/bin/Release/net10.0/datagrid"
dir=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
server_port=$(free_port); redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >/dev/null 2>&1 & redis_pid=$!
"$cli" serve --port "$server_port" --limit 100 --window 5 --seed 400 >"$dir/serve.log" 2>&1 & server_pid=$!
cleanup() { kill -CONT "$redis_pid" 2>/dev/null || true; kill "$server_pid" "$redis_pid" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
sleep 3
echo local-dev-key >"$dir/key"
workers=()
start=$(date +%s.%N)
for w in 0 1 2 3; do
  seq $((w * 100 + 1)) $((w * 100 + 100)) | awk '{ printf "mem_%06d\n", $1 }' >"$dir/ids$w"
  "$cli" user-memories delete --ids-file "$dir/ids$w" --base-url "http://127.0.0.1:$server_port/v1" --api-key-file "$dir/key" \
    --concurrency 8 --rate-limit-window 5 --redis "127.0.0.1:$redis_port" --json >"$dir/out$w.json" 2>"$dir/err$w.log" &
  workers+=($!)
done
if [ "$pause" != 0 ]; then
  sleep 4; kill -STOP "$redis_pid"; sleep "$pause"; kill -CONT "$redis_pid"
fi
wait "${workers[@]}"
end=$(date +%s.%N)
echo "pause ${pause} s: wall clock $(python3 -c "print(f'{$end - $start:.1f}')") s (load: $(cut -d' ' -f1-3 /proc/loadavg))"
for w in 0 1 2 3; do
  python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(f\"  worker {sys.argv[2]}: {r['elapsed_seconds']} s, {r['deleted']} deleted, {r['requests']} requests, {r['throttled']} refused\")" "$dir/out$w.json" "$w"
done
