#!/usr/bin/env bash
# Benchmarks iamd against moto with iamd-loadgen and prints a markdown table
# (also written to bench/results-latest.md).
#
# Usage: bench/run.sh [--duration SECS] [--concurrency 1,8,32] [--ops "get-user list-users create-user"]
#                     [--only iamd|moto] [--no-build]
# Environment: DURATION, CONCURRENCY, OPS, ONLY, NO_BUILD=1 do the same; IAMD_BIN overrides
# the iamd binary (default target/release/iamd).
#
# Both servers listen on loopback only and are stopped on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${DURATION:-10}"
CONCURRENCY="${CONCURRENCY:-1,8,32}"
OPS="${OPS:-get-user list-users create-user}"
ONLY="${ONLY:-}"
NO_BUILD="${NO_BUILD:-}"

while [ $# -gt 0 ]; do
    case "$1" in
        --duration) DURATION="$2"; shift 2 ;;
        --concurrency) CONCURRENCY="$2"; shift 2 ;;
        --ops) OPS="$2"; shift 2 ;;
        --only) ONLY="$2"; shift 2 ;;
        --no-build) NO_BUILD=1; shift ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
case "$ONLY" in ""|iamd|moto) ;; *) echo "--only must be iamd or moto" >&2; exit 2 ;; esac

want() { [ -z "$ONLY" ] || [ "$ONLY" = "$1" ]; }

# The real interpreter (not a pyenv shim), so the pid we kill is the server's.
PY="$(python3 -c 'import sys; print(sys.executable)')"

cd "$ROOT"
if [ -z "$NO_BUILD" ]; then
    if want iamd; then
        cargo build --release -p iamd -p iamd-loadgen
    else
        cargo build --release -p iamd-loadgen
    fi
fi
LOADGEN="$ROOT/target/release/iamd-loadgen"
IAMD="${IAMD_BIN:-$ROOT/target/release/iamd}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/iamd-bench.XXXXXX")"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

wait_port() { # port pid name
    local i
    for i in $(seq 1 300); do
        if ! kill -0 "$2" 2>/dev/null; then
            echo "$3 exited during startup; log:" >&2
            cat "$WORK/$3.log" >&2 || true
            exit 1
        fi
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    echo "$3 did not open port $1 within 30s" >&2
    exit 1
}

if want iamd; then
    IAMD_PORT="$(free_port)"
    mkdir -p "$WORK/iamd-data"
    "$IAMD" serve --max-users-per-account 10000000 --listen "127.0.0.1:$IAMD_PORT" --data-dir "$WORK/iamd-data" >"$WORK/iamd.log" 2>&1 &
    PIDS+=($!)
    wait_port "$IAMD_PORT" "$!" iamd
    for _ in $(seq 1 100); do
        [ -s "$WORK/iamd-data/credentials" ] && break
        sleep 0.1
    done
    [ -s "$WORK/iamd-data/credentials" ] || { echo "iamd wrote no $WORK/iamd-data/credentials" >&2; exit 1; }
    echo "iamd listening on 127.0.0.1:$IAMD_PORT" >&2
fi
if want moto; then
    MOTO_PORT="$(free_port)"
    "$PY" -m moto.server -H 127.0.0.1 -p "$MOTO_PORT" >"$WORK/moto.log" 2>&1 &
    PIDS+=($!)
    wait_port "$MOTO_PORT" "$!" moto
    echo "moto listening on 127.0.0.1:$MOTO_PORT" >&2
fi

# run_loadgen server op -> writes $WORK/server-op.json (or .failed)
run_loadgen() {
    local server="$1" op="$2" rc=0
    local -a creds
    if [ "$server" = iamd ]; then
        creds=(--endpoint "http://127.0.0.1:$IAMD_PORT" --credentials-file "$WORK/iamd-data/credentials")
    else
        creds=(--endpoint "http://127.0.0.1:$MOTO_PORT" --access-key test --secret-key test)
    fi
    echo "== $server $op" >&2
    "$LOADGEN" "${creds[@]}" --op "$op" --concurrency "$CONCURRENCY" --duration "$DURATION" --json \
        >"$WORK/$server-$op.json" || rc=$?
    # 3 = completed with >1% errors (reported in the JSON); anything else non-zero is a failure.
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
        echo "loadgen against $server ($op) failed with status $rc" >&2
        rm -f "$WORK/$server-$op.json"
    fi
}

for op in $OPS; do
    if want iamd; then run_loadgen iamd "$op"; fi
    if want moto; then run_loadgen moto "$op"; fi
done

COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
CPU="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)"
"$PY" - "$WORK" "$OPS" "$CONCURRENCY" "$DURATION" "$COMMIT" "${CPU:-unknown CPU}" "$(nproc)" >"$WORK/table.md" <<'PYEOF'
import json, os, sys, datetime

work, ops, conc, duration, commit, cpu, ncpu = sys.argv[1:8]
levels = [int(c) for c in conc.split(",") if c]

def load(server, op):
    try:
        with open(os.path.join(work, f"{server}-{op}.json")) as f:
            return {r["concurrency"]: r for r in json.load(f)["results"]}
    except (OSError, ValueError, KeyError):
        return None

def ms(us):
    v = us / 1000.0
    return f"{v:.3f} ms" if v < 1 else (f"{v:.2f} ms" if v < 10 else f"{v:.1f} ms")

def cells(r):
    if r is None:
        return ["—", "—", "—"]
    rps = f"{r['rps']:,.0f}" if r["rps"] >= 100 else f"{r['rps']:.1f}"
    total = r["ok"] + r["errors"]
    if r["errors"]:
        rps += f" ({r['errors'] / total:.1%} err)" if total else " (err)"
    return [rps, ms(r["p50_us"]), ms(r["p99_us"])]

now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
print(f"Run {now}, commit `{commit}`, {ncpu} CPUs ({cpu}), loopback, {duration}s per level "
      "after 1s warm-up; SigV4-signed AWS Query requests, one HTTP/1.1 keep-alive connection "
      "per worker (moto closes the connection after every response).")
print()
print("| op | concurrency | iamd req/s | iamd p50 | iamd p99 | moto req/s | moto p50 | moto p99 | iamd/moto |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for op in ops.split():
    iamd, moto = load("iamd", op), load("moto", op)
    for c in levels:
        a = iamd.get(c) if iamd else None
        b = moto.get(c) if moto else None
        ratio = f"{a['rps'] / b['rps']:.1f}×" if a and b and b["rps"] > 0 else "—"
        print(f"| {op} | {c} | " + " | ".join(cells(a) + cells(b)) + f" | {ratio} |")
PYEOF

cp "$WORK/table.md" "$ROOT/bench/results-latest.md"
cat "$WORK/table.md"
echo >&2
echo "written to bench/results-latest.md" >&2
