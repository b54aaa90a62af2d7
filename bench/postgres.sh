#!/usr/bin/env bash
# Single-node PostgreSQL vs SQLite throughput (GetUser, CreateUser) in one run, and the CPU each
# costs per request (iamd's own, and PostgreSQL's), with iamd-loadgen. PostgreSQL 15 is
# initialised from the image's binaries in a temp dir (tests/e2e/pg.sh; run as root).
#   bench/postgres.sh            # DURATION=10 CONCURRENCY=1,32 NO_BUILD=1 to skip the build
# Prints a markdown table.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/tests/e2e/pg.sh"
DURATION="${DURATION:-10}"
CONCURRENCY="${CONCURRENCY:-1,32}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
if [ -z "${NO_BUILD:-}" ]; then cargo build --release -p iamd -p iamd-loadgen; fi
IAMD="$TARGET/release/iamd"
LOADGEN="$TARGET/release/iamd-loadgen"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/iamd-bench-pg.XXXXXX")"
chmod 755 "$WORK"
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; pg_stop "$WORK/pg"; rm -rf "$WORK"; }
trap cleanup EXIT
pg_start "$WORK/pg" >/dev/null
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# CPU seconds (user+system) of a process and of every postgres process.
cpu_of() { awk '{print ($14+$15)/100}' "/proc/$1/stat"; }
pg_cpu() { local t=0; for p in $(pgrep -u postgres postgres); do t=$(awk -v t="$t" '{print t+($14+$15)/100}' "/proc/$p/stat" 2>/dev/null || echo "$t"); done; echo "$t"; }

echo "| store | operation | concurrency | req/s | p50 ms | p99 ms | iamd CPU µs/req | PostgreSQL CPU µs/req |"
echo "|---|---|---|---|---|---|---|---|"
for store in sqlite postgres; do
    port="$(free_port)"
    args=(serve --listen "127.0.0.1:$port" --data-dir "$WORK/data-$store")
    if [ "$store" = postgres ]; then
        pg_as "$PG_BIN/dropdb -h 127.0.0.1 -p $PG_PORT -U postgres --if-exists iamd; $PG_BIN/createdb -h 127.0.0.1 -p $PG_PORT -U postgres iamd"
        args+=(--store "$PG_URL")
    fi
    "$IAMD" "${args[@]}" --max-users-per-account 1000000 > "$WORK/$store.log" 2>&1 &
    PID=$!
    for _ in $(seq 100); do [ -s "$WORK/data-$store/credentials" ] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
    for op in get-user create-user; do
        for c in ${CONCURRENCY//,/ }; do
            before="$(cpu_of "$PID")"; pg_before="$(pg_cpu)"
            out="$("$LOADGEN" --endpoint "http://127.0.0.1:$port" --credentials-file "$WORK/data-$store/credentials" \
                --op "$op" --concurrency "$c" --duration "$DURATION" --json 2>/dev/null)"
            after="$(cpu_of "$PID")"; pg_after="$(pg_cpu)"
            python3 - "$store" "$op" "$c" "$before" "$after" "$pg_before" "$pg_after" "$out" <<'PY'
import json, sys
store, op, c, b, a, pb, pa, out = sys.argv[1:]
r = json.loads(out)
lv = r["results"][0]
rps = lv["rps"]; p50 = lv["p50_us"] / 1000; p99 = lv["p99_us"] / 1000
# The CPU counters also ran during the warm-up: its requests are counted at the measured rate.
n = lv["ok"] + rps * r["warmup_s"]
cpu = (float(a) - float(b)) * 1e6 / n if n else 0
pcpu = (float(pa) - float(pb)) * 1e6 / n if n else 0
print(f"| {store} | {op} | {c} | {rps:,.0f} | {p50:.2f} | {p99:.2f} | {cpu:.0f} | {pcpu if store == 'postgres' else 0:.0f} |")
PY
        done
    done
    kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
done
