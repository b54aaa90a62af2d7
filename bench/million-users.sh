#!/usr/bin/env bash
# Restart time and memory of iamd with many users in one account (issue #14), and CreateUser /
# GetUser throughput at that size. Prints a markdown table (also bench/results-million-users.md).
#
# Usage: bench/million-users.sh [--users N] [--restarts K] [--duration SECS] [--no-build]
#                               [--data-dir DIR] [--keep] [--cold]
#   --users N      users created through the HTTP API, signed CreateUser at concurrency 32
#                  (default 1000000; each is durable and has its audit event, ~2 KB on disk)
#   --restarts K   restarts measured (default 3)
#   --data-dir DIR reuse DIR when it exists (the users already there count; none are created
#                  when it holds N or more), else create it; kept at the end
#   --keep         keep the temporary data directory
#   --cold         also time each restart with the page cache dropped first
#                  (`echo 3 > /proc/sys/vm/drop_caches`: root only; refused otherwise)
# Environment: IAMD_BIN, LOADGEN_BIN override the binaries (default target/release/...,
# CARGO_TARGET_DIR respected); NO_BUILD=1 as --no-build.
#
# Method: `iamd serve` on a fresh data directory; iamd-loadgen creates the users (durable
# CreateUser, concurrency 32) and reports the rate; VmHWM/VmRSS of iamd are read from
# /proc/PID/status; GetUser and CreateUser are measured for --duration s at concurrency 8; then
# iamd is stopped (SIGTERM) and started again K times: each restart is timed from just before
# `iamd serve` is spawned to the first 2xx answer to a signed GetUser
# (`iamd-loadgen --wait-ready`, polling every 5 ms), and its VmHWM/VmRSS read right after.
# The page cache is warm (the database was just written or read); a cold start also reads the
# records' pages from disk.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
USERS=1000000
RESTARTS=3
DURATION=5
NO_BUILD="${NO_BUILD:-}"
DATA=""
KEEP=""
COLD=""
while [ $# -gt 0 ]; do
    case "$1" in
        --users) USERS="$2"; shift 2 ;;
        --restarts) RESTARTS="$2"; shift 2 ;;
        --duration) DURATION="$2"; shift 2 ;;
        --no-build) NO_BUILD=1; shift ;;
        --data-dir) DATA="$2"; shift 2 ;;
        --keep) KEEP=1; shift ;;
        --cold) COLD=1; shift ;;
        -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
if [ -z "$NO_BUILD" ]; then
    cargo build --release -p iamd -p iamd-loadgen
fi
IAMD="${IAMD_BIN:-$TARGET/release/iamd}"
LOADGEN="${LOADGEN_BIN:-$TARGET/release/iamd-loadgen}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/iamd-million.XXXXXX")"
if [ -z "$DATA" ]; then
    DATA="$WORK/data"
else
    KEEP=1
fi
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
ENDPOINT="http://127.0.0.1:$PORT"
PID=""
stop() {
    if [ -n "$PID" ]; then
        kill -TERM "$PID" 2>/dev/null || true
        wait "$PID" 2>/dev/null || true
        PID=""
    fi
}
cleanup() {
    stop
    if [ -z "$KEEP" ]; then rm -rf "$WORK"; else echo "data kept in $DATA" >&2; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
mem() { # "HWM RSS" in MB
    awk '/^VmHWM/ {h=$2} /^VmRSS/ {r=$2} END {printf "%d %d\n", h/1024, r/1024}' "/proc/$PID/status"
}

# start: spawns iamd, waits for its first answer to a signed GetUser; sets PID, START_MS.
start() {
    local t0 t1 out
    t0="$(now_ms)"
    "$IAMD" serve --max-users-per-account 100000000 --listen "127.0.0.1:$PORT" \
        --data-dir "$DATA" >>"$WORK/iamd.log" 2>&1 &
    PID=$!
    # The first start writes the credentials file: wait for it before signing.
    while [ ! -s "$DATA/credentials" ]; do
        kill -0 "$PID" 2>/dev/null || { cat "$WORK/iamd.log" >&2; exit 1; }
        sleep 0.01
    done
    out="$("$LOADGEN" --endpoint "$ENDPOINT" --credentials-file "$DATA/credentials" \
        --op get-user --wait-ready 900)"
    t1="${out#first_answer_unix_ms=}"
    t1="${t1%% *}"
    START_MS=$(( t1 - t0 ))
}

loadgen() { # op concurrency [extra args] -> prints "req/s p50 p99"
    local op="$1" c="$2"
    shift 2
    "$LOADGEN" --endpoint "$ENDPOINT" --credentials-file "$DATA/credentials" --op "$op" \
        --concurrency "$c" --json "$@" 2>>"$WORK/loadgen.log" | python3 -c '
import json, sys
r = json.load(sys.stdin)["results"][0]
print("%.0f %.3f %.3f %d" % (r["rps"], r["p50_us"] / 1000, r["p99_us"] / 1000, r["ok"]))'
}

count_users() { # users in the data directory's records (iamd stopped or not: WAL reader)
    python3 - "$DATA/iamd.db" <<'EOF'
import sqlite3, sys
c = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
print(c.execute("select count(*) from records where kind='user'").fetchone()[0])
EOF
}

if [ -n "$COLD" ] && ! [ -w /proc/sys/vm/drop_caches ]; then
    echo "--cold needs to write /proc/sys/vm/drop_caches (root)" >&2
    exit 2
fi
mkdir -p "$DATA"
start
echo "first start: ${START_MS} ms" >&2
HAVE="$(count_users)"
CREATE_RATE="-"
if [ "$HAVE" -lt "$USERS" ]; then
    N=$(( USERS - HAVE ))
    echo "creating $N users (have $HAVE)..." >&2
    read -r CREATE_RATE _ _ OK < <(loadgen create-user 32 --requests "$N" --duration 100000 --warmup 0)
    echo "created $OK users at $CREATE_RATE/s" >&2
fi
read -r INS_HWM INS_RSS < <(mem)
echo "after inserts: VmHWM ${INS_HWM} MB, VmRSS ${INS_RSS} MB" >&2
read -r GET_RPS GET_P50 GET_P99 _ < <(loadgen get-user 8 --duration "$DURATION")
read -r CU_RPS CU_P50 CU_P99 _ < <(loadgen create-user 8 --duration "$DURATION")
echo "at $(count_users) users: GetUser $GET_RPS/s, CreateUser $CU_RPS/s" >&2
stop

ROWS=""
for i in $(seq 1 "$RESTARTS"); do
    start
    read -r HWM RSS < <(mem)
    echo "restart $i: first answer after ${START_MS} ms, VmHWM ${HWM} MB, VmRSS ${RSS} MB" >&2
    ROWS="$ROWS| restart $i | ${START_MS} ms | ${HWM} MB | ${RSS} MB |"$'\n'
    stop
    if [ -n "$COLD" ]; then
        sync
        echo 3 > /proc/sys/vm/drop_caches
        start
        read -r HWM RSS < <(mem)
        echo "restart $i, page cache dropped: first answer after ${START_MS} ms" >&2
        ROWS="$ROWS| restart $i, page cache dropped | ${START_MS} ms | ${HWM} MB | ${RSS} MB |"$'\n'
        stop
    fi
done

TOTAL="$(count_users)"
OUT="$ROOT/bench/results-million-users.md"
{
    echo "Run $(date -u '+%Y-%m-%d %H:%M UTC'), commit \`$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')\`, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); $TOTAL users in one account."
    echo
    echo "| phase | time | VmHWM | VmRSS |"
    echo "|---|---:|---:|---:|"
    echo "| after creating the users (CreateUser at 32: $CREATE_RATE/s) | | ${INS_HWM} MB | ${INS_RSS} MB |"
    printf '%s' "$ROWS"
    echo
    echo "| op at $TOTAL users, concurrency 8 | req/s | p50 | p99 |"
    echo "|---|---:|---:|---:|"
    echo "| get-user | $GET_RPS | $GET_P50 ms | $GET_P99 ms |"
    echo "| create-user (durable) | $CU_RPS | $CU_P50 ms | $CU_P99 ms |"
} | tee "$OUT"
