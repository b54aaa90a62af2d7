#!/usr/bin/env bash
# Signed GetUser (concurrency 8, 6 s) against each iamd binary given, while three busy loops
# keep both cores of the machine saturated: what the audit trail's low-priority event preparer
# does to requests when it gets no CPU (BENCHMARKS.md, issue #12).
# Usage: bash bench/audit-saturated.sh BIN [BIN...]   (LOADGEN_BIN: default target/release/iamd-loadgen)
set -uo pipefail
LG=${LOADGEN_BIN:-target/release/iamd-loadgen}
busy=()
for _ in 1 2 3; do (while :; do :; done) & busy+=($!); done
trap 'kill "${busy[@]}" 2>/dev/null' EXIT
for BIN in "$@"; do
  W=$(mktemp -d)
  port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  "$BIN" serve --listen 127.0.0.1:"$port" --data-dir "$W/d" >"$W/log" 2>&1 &
  pid=$!
  for _ in $(seq 600); do [ -s "$W/d/credentials" ] && break; sleep 0.1; done
  "$LG" --endpoint "http://127.0.0.1:$port" --credentials-file "$W/d/credentials" --op get-user \
    --concurrency 8 --duration 6 --warmup 1 --json 2>/dev/null |
    python3 -c "import json,sys; r=json.load(sys.stdin)['results'][0]; print('$BIN', round(r['rps']), 'req/s  p50', r['p50_us'], 'µs  p99', r['p99_us'], 'µs  max', r['max_us'], 'µs')"
  kill "$pid"; wait "$pid" 2>/dev/null; rm -rf "$W"
done
