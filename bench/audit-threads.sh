#!/usr/bin/env bash
# Where the audit trail's cost goes, per thread: two servers side by side (one recording, one
# `--no-audit-trail`), signed GetUser and durable CreateUser at concurrency 8 for DURATION
# seconds each, and the CPU time of each server thread (tokio workers, the store's writer, the
# audit events' preparer) per request. Steadier than req/s on a shared machine: it counts CPU,
# not wall time.
# Usage: bash bench/audit-threads.sh [--duration S]   (IAMD_BIN, LOADGEN_BIN: release builds)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=5
[ "${1:-}" = "--duration" ] && DURATION="$2"
TARGET="${CARGO_TARGET_DIR:-target}"
IAMD="${IAMD_BIN:-$TARGET/release/iamd}"
LG="${LOADGEN_BIN:-$TARGET/release/iamd-loadgen}"
WORK=$(mktemp -d)
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
PORT_ON=$(free_port); PORT_OFF=$(free_port)
"$IAMD" serve --max-users-per-account 10000000 --listen "127.0.0.1:$PORT_ON" --data-dir "$WORK/on" >"$WORK/on.log" 2>&1 &
PID_ON=$!
"$IAMD" serve --max-users-per-account 10000000 --listen "127.0.0.1:$PORT_OFF" --data-dir "$WORK/off" --no-audit-trail >"$WORK/off.log" 2>&1 &
PID_OFF=$!
trap 'kill $PID_ON $PID_OFF 2>/dev/null; rm -rf "$WORK"' EXIT
for d in on off; do
  for _ in $(seq 600); do [ -s "$WORK/$d/credentials" ] && break; sleep 0.1; done
done
sleep 1
# CPU ticks of each thread name of process $1.
snap() { for t in /proc/"$1"/task/*; do echo "$(cat "$t/comm" | tr ' ' _) $(awk '{print $14+$15}' "$t/stat")"; done | awk '{a[$1]+=$2} END {for (k in a) print k, a[k]}' | sort; }
echo "Run $(date -u '+%Y-%m-%d %H:%M UTC'), commit \`$(git rev-parse --short HEAD)\`, $(nproc) CPUs, ${DURATION}s per case, load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
echo
echo "| case | trail | requests | request threads (tokio workers) | store writer thread | event preparer (nice 19) | whole server |"
echo "|---|---|---:|---:|---:|---:|---:|"
for op in get-user create-user; do
  for s in on off; do
    if [ "$s" = on ]; then port=$PORT_ON pid=$PID_ON; else port=$PORT_OFF pid=$PID_OFF; fi
    lg=("$LG" --endpoint "http://127.0.0.1:$port" --credentials-file "$WORK/$s/credentials" --op "$op" --concurrency 8)
    "${lg[@]}" --duration 1 --warmup 0 >/dev/null 2>&1
    snap "$pid" >"$WORK/s0"
    n=$("${lg[@]}" --duration "$DURATION" --warmup 0 --json 2>/dev/null | python3 -c "import json,sys;print(json.load(sys.stdin)['results'][0]['ok'])")
    snap "$pid" >"$WORK/s1"
    join "$WORK/s0" "$WORK/s1" | awk -v n="$n" -v op="$op" -v s="$s" -v tck="$(getconf CLK_TCK)" '
      { d = ($3 - $2) * 1e6 / tck / n; total += d; if ($1 ~ /tokio/) w += d; else if ($1 ~ /store-writ/) st += d; else if ($1 ~ /event-prep/) pp += d }
      END { printf "| %s at 8 | %s | %d | %.1f µs | %.1f µs | %.1f µs | %.1f µs |\n", op, s, n, w, st, pp, total }'
  done
done
