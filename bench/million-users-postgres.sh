#!/usr/bin/env bash
# Issue #14 on PostgreSQL: restart time and memory of an iamd node with a million users in one
# account, and what a write made on another node costs at that size (incremental catch-up).
# Prints a markdown table (also bench/results-million-users-postgres.md).
#
# Usage: bench/million-users-postgres.sh [--users N] [--restarts K] [--duration SECS]
#   --users N      users in the account (default 1000000), inserted straight into `records`
#                  by one SQL statement (through the API, PostgreSQL's serial durable writes
#                  take ~20 min for a million); each is the record CreateUser writes
#   --restarts K   restarts of node A measured (default 3)
#   --duration S   seconds of CreateUser on node A with node B following (default 10)
# Environment: IAMD_BIN, LOADGEN_BIN (default $CARGO_TARGET_DIR/release/…), PG_BIN.
#
# Method: a throw-away PostgreSQL 15 (tests/e2e/pg.sh: default settings); node A starts once on
# the empty database (default account, root key), stops; the users are inserted with one
# change; then node A is started K times, each timed from just before `iamd serve` to the first
# 2xx answer to a signed GetUser (iamd-loadgen --wait-ready, every 5 ms), VmHWM/VmRSS read
# right after. Node B then starts on the same database (its start timed the same way), and
# CreateUser runs on node A at concurrency 1 for --duration s: each write is answered once B
# holds it (SYNC_BOUND 1 s at most), so its latency includes B's catch-up; B's own catch-up
# times are read from its log (IAMD_LOG=iam_core::service=debug: "caught up … took_ms").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
USERS=1000000
RESTARTS=3
DURATION=10
while [ $# -gt 0 ]; do
    case "$1" in
        --users) USERS="$2"; shift 2 ;;
        --restarts) RESTARTS="$2"; shift 2 ;;
        --duration) DURATION="$2"; shift 2 ;;
        -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
IAMD="${IAMD_BIN:-$TARGET/release/iamd}"
LOADGEN="${LOADGEN_BIN:-$TARGET/release/iamd-loadgen}"
source "$ROOT/tests/e2e/pg.sh"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/iamd-million-pg.XXXXXX")"
chmod 755 "$WORK"
head -c 32 /dev/urandom > "$WORK/master.key"
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    pg_stop "$WORK/pg"
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
pg_start "$WORK/pg" >/dev/null
PSQL="$PG_BIN/psql"
sql() { "$PSQL" -X -q -t -A -h 127.0.0.1 -p "$PG_PORT" -U postgres iamd -c "$1"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
mem() { # "HWM RSS" in MB of pid $1
    awk '/^VmHWM/ {h=$2} /^VmRSS/ {r=$2} END {printf "%d %d\n", h/1024, r/1024}' "/proc/$1/status"
}

# start NAME: spawns node NAME, waits for its first answer to a signed GetUser; sets PID, START_MS.
start() {
    local name="$1" port t0 t1 out
    port="$(free_port)"
    mkdir -p "$WORK/$name"
    t0="$(now_ms)"
    IAMD_LOG="info,iam_core::service=debug" "$IAMD" serve --max-users-per-account 100000000 \
        --listen "127.0.0.1:$port" --data-dir "$WORK/$name" --store "$PG_URL" \
        --master-key-file "$WORK/master.key" >>"$WORK/$name.log" 2>&1 &
    PID=$!
    PIDS+=("$PID")
    while [ ! -s "$WORK/a/credentials" ]; do
        kill -0 "$PID" 2>/dev/null || { tail -n 20 "$WORK/$name.log" >&2; exit 1; }
        sleep 0.01
    done
    out="$("$LOADGEN" --endpoint "http://127.0.0.1:$port" --credentials-file "$WORK/a/credentials" \
        --op get-user --wait-ready 900)"
    t1="${out#first_answer_unix_ms=}"
    t1="${t1%% *}"
    START_MS=$(( t1 - t0 ))
    ENDPOINT="http://127.0.0.1:$port"
}
stop() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

start a
stop "$PID"
ACCOUNT="$(sql "SELECT key FROM records WHERE kind = 'account' LIMIT 1")"
echo "inserting $USERS users into account $ACCOUNT..." >&2
t0="$(now_ms)"
sql "BEGIN;
INSERT INTO changes (seq, node) SELECT coalesce(max(seq), 0) + 1, 'bench' FROM changes;
INSERT INTO records (kind, key, value, account, name, changed_seq)
SELECT 'user', id, convert_to(json_build_object('id', id, 'account_id', '$ACCOUNT',
        'name', name, 'path', '/', 'create_date', 1764900000, 'tags', json_build_array(),
        'permissions_boundary', NULL, 'inline_policies', json_build_object(),
        'attached_policies', json_build_array(), 'groups', json_build_array(),
        'login_profile', NULL, 'password_last_used', NULL)::text, 'UTF8'), '$ACCOUNT', name,
    (SELECT max(seq) FROM changes)
FROM (SELECT 'AIDA' || lpad(i::text, 17, '0') AS id, 'bench-user-' || i AS name
      FROM generate_series(1, $USERS) AS i) u;
COMMIT; ANALYZE records;" >/dev/null
echo "inserted in $(( $(now_ms) - t0 )) ms; $(sql "SELECT pg_size_pretty(pg_total_relation_size('records'))") in records" >&2

ROWS=""
for i in $(seq 1 "$RESTARTS"); do
    start a
    read -r HWM RSS < <(mem "$PID")
    LOADED="$(grep -o 'elapsed_ms=[0-9]*' "$WORK/a.log" | tail -n 1)"
    echo "node A restart $i: first answer after ${START_MS} ms ($LOADED), VmHWM ${HWM} MB, VmRSS ${RSS} MB" >&2
    ROWS="$ROWS| node A restart $i | ${START_MS} ms | ${LOADED#elapsed_ms=} ms | ${HWM} MB | ${RSS} MB |"$'\n'
    [ "$i" = "$RESTARTS" ] || stop "$PID"
done
A_PID="$PID"
A_ENDPOINT="$ENDPOINT"
start b
B_PID="$PID"
read -r HWM RSS < <(mem "$B_PID")
LOADED="$(grep -o 'elapsed_ms=[0-9]*' "$WORK/b.log" | tail -n 1)"
ROWS="$ROWS| node B start (A running) | ${START_MS} ms | ${LOADED#elapsed_ms=} ms | ${HWM} MB | ${RSS} MB |"$'\n'
echo "node B: first answer after ${START_MS} ms, VmHWM ${HWM} MB, VmRSS ${RSS} MB" >&2

# Writes on A, B following: each answer waits for B to hold the write.
OUT="$("$LOADGEN" --endpoint "$A_ENDPOINT" --credentials-file "$WORK/a/credentials" \
    --op create-user --concurrency 1 --duration "$DURATION" --json 2>/dev/null)"
read -r W_RPS W_P50 W_P99 W_OK < <(python3 -c '
import json, sys
r = json.loads(sys.argv[1])["results"][0]
print("%.0f %.2f %.2f %d" % (r["rps"], r["p50_us"] / 1000, r["p99_us"] / 1000, r["ok"]))' "$OUT")
read -r B_HWM B_RSS < <(mem "$B_PID")
CATCH="$(python3 - "$WORK/b.log" <<'EOF'
import re, statistics, sys
inc, full = [], []
for line in open(sys.argv[1], errors="replace"):
    m = re.search(r"took_ms=(\d+).*caught up with the shared store \((\w+)", line) or \
        re.search(r"caught up with the shared store \((\w+).*took_ms=(\d+)", line)
    if not m:
        continue
    a, b = m.groups()
    ms, mode = (int(a), b) if a.isdigit() else (int(b), a)
    (inc if mode == "incremental" else full).append(ms)
def fmt(v):
    if not v:
        return "none"
    v.sort()
    return "%d, p50 %d ms, max %d ms" % (len(v), statistics.median(v), v[-1])
print("incremental: %s; full reloads: %s" % (fmt(inc), fmt(full)))
EOF
)"
echo "CreateUser on A with B following: $W_RPS/s, p50 $W_P50 ms, p99 $W_P99 ms; B $CATCH; B VmRSS $B_RSS MB" >&2

# The same with every catch-up a full reload (as before the change log): the log made to
# answer for no change (`change_log.since` beyond the head), so node B reloads its working set
# for each write and node A's answer waits for it (SYNC_BOUND, 1 s, at most).
sql "UPDATE change_log SET since = 9000000000000000000" >/dev/null
OUT="$("$LOADGEN" --endpoint "$A_ENDPOINT" --credentials-file "$WORK/a/credentials" \
    --op create-user --concurrency 1 --duration "$DURATION" --json 2>/dev/null)"
read -r R_RPS R_P50 R_P99 R_OK < <(python3 -c '
import json, sys
r = json.loads(sys.argv[1])["results"][0]
print("%.0f %.2f %.2f %d" % (r["rps"], r["p50_us"] / 1000, r["p99_us"] / 1000, r["ok"]))' "$OUT")
read -r R_HWM R_RSS < <(mem "$B_PID")
CATCH_R="$(python3 - "$WORK/b.log" <<'EOF'
import re, statistics, sys
full = [int(m.group(1)) for line in open(sys.argv[1], errors="replace")
        for m in [re.search(r"full reload\).*took_ms=(\d+)", line)] if m]
full.sort()
print("full reloads: %d, p50 %d ms, max %d ms" % (len(full), statistics.median(full), full[-1])
      if full else "full reloads: none")
EOF
)"
sql "UPDATE change_log SET since = 0" >/dev/null
echo "with full reloads: CreateUser on A $R_RPS/s, p50 $R_P50 ms, p99 $R_P99 ms; B $CATCH_R; B VmHWM $R_HWM MB" >&2

# ListUsers at this size (bench/list_users_walk.py): a page near the end of the name order,
# and a whole walk of 1000-user pages (capped at LIST_WALK_CAP s).
LIST="$(python3 "$ROOT/bench/list_users_walk.py" "$A_ENDPOINT" "$WORK/a/credentials" \
    "${LIST_WALK_CAP:-300}" "bench-user-999")"
read -r L_FIRST L_LATE L_PAGES L_USERS L_TOTAL L_SLOWEST L_DONE <<<"$LIST"
echo "ListUsers: first page ${L_FIRST} ms, a page near the end ${L_LATE} ms; walk: $L_PAGES pages, $L_USERS users in ${L_TOTAL} s (slowest page ${L_SLOWEST} ms, $L_DONE)" >&2

RESULT="$ROOT/bench/results-million-users-postgres.md"
{
    echo "Run $(date -u '+%Y-%m-%d %H:%M UTC'), commit \`$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')\`, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); $USERS users in one account on PostgreSQL 15."
    echo
    echo "| phase | first answer | working set loaded | VmHWM | VmRSS |"
    echo "|---|---:|---:|---:|---:|"
    printf '%s' "$ROWS"
    echo
    echo "| CreateUser on node A, node B following, concurrency 1 | req/s | p50 | p99 | node B's catch-ups (took) | node B VmRSS after |"
    echo "|---|---:|---:|---:|---|---:|"
    echo "| incremental catch-up: $W_OK writes in ${DURATION} s | $W_RPS | $W_P50 ms | $W_P99 ms | $CATCH | $B_RSS MB |"
    echo "| full reload per write (change log disabled): $R_OK writes in ${DURATION} s | $R_RPS | $R_P50 ms | $R_P99 ms | $CATCH_R | $R_RSS MB (VmHWM $R_HWM MB) |"
    echo
    echo "| ListUsers, MaxItems 1000, node A | first page | a page near the end (by marker) | whole walk | pages | users | slowest page |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    echo "| $L_DONE | ${L_FIRST} ms | ${L_LATE} ms | ${L_TOTAL} s | $L_PAGES | $L_USERS | ${L_SLOWEST} ms |"
} | tee "$RESULT"
