#!/usr/bin/env bash
# Three iamd nodes on one PostgreSQL (tests/e2e/pg.sh): CreateUser driven on node 1 while nodes
# 2 and 3 follow, then GetUser on node 2; the CPU each node and PostgreSQL spend per request.
# On a 2-core machine this cannot show scale-out: it gives the per-node cost to compute it.
#   NO_BUILD=1 DURATION=5 bench/cluster.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/tests/e2e/pg.sh"
DURATION="${DURATION:-10}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
if [ -z "${NO_BUILD:-}" ]; then cargo build --release -p iamd -p iamd-loadgen; fi
IAMD="$TARGET/release/iamd"; LOADGEN="$TARGET/release/iamd-loadgen"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/iamd-bench-cluster.XXXXXX")"; chmod 755 "$WORK"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; pg_stop "$WORK/pg"; rm -rf "$WORK"; }
trap cleanup EXIT
pg_start "$WORK/pg" >/dev/null
head -c 32 /dev/urandom > "$WORK/key"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_of() { awk '{print ($14+$15)/100}' "/proc/$1/stat"; }
pg_cpu() { local t=0; for p in $(pgrep -u postgres postgres); do t=$(awk -v t="$t" '{print t+($14+$15)/100}' "/proc/$p/stat" 2>/dev/null || echo "$t"); done; echo "$t"; }
PORTS=()
for i in 1 2 3; do
    port="$(free_port)"; PORTS+=("$port")
    "$IAMD" serve --listen "127.0.0.1:$port" --data-dir "$WORK/n$i" --store "$PG_URL" \
        --master-key-file "$WORK/key" --max-users-per-account 1000000 > "$WORK/n$i.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
done
echo "| operation | driven on | concurrency | req/s | p50 ms | p99 ms | CPU µs/req node 1 | node 2 | node 3 | PostgreSQL |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for spec in "create-user 0 32" "get-user 1 32"; do
    set -- $spec
    op=$1; on=$2; c=$3
    b=(); for p in "${PIDS[@]}"; do b+=("$(cpu_of "$p")"); done; pb="$(pg_cpu)"
    out="$("$LOADGEN" --endpoint "http://127.0.0.1:${PORTS[$on]}" --credentials-file "$WORK/n1/credentials" \
        --op "$op" --concurrency "$c" --duration "$DURATION" --json 2>/dev/null)"
    a=(); for p in "${PIDS[@]}"; do a+=("$(cpu_of "$p")"); done; pa="$(pg_cpu)"
    python3 - "$op" "$((on + 1))" "$c" "${b[*]}" "${a[*]}" "$pb" "$pa" "$out" <<'PY'
import json, sys
op, on, c, b, a, pb, pa, out = sys.argv[1:]
r = json.loads(out); lv = r["results"][0]
n = lv["ok"] + lv["rps"] * r["warmup_s"]
cpu = [(float(y) - float(x)) * 1e6 / n for x, y in zip(b.split(), a.split())]
pcpu = (float(pa) - float(pb)) * 1e6 / n
print(f"| {op} | node {on} | {c} | {lv['rps']:,.0f} | {lv['p50_us']/1000:.2f} | {lv['p99_us']/1000:.2f} | "
      + " | ".join(f"{x:.0f}" for x in cpu) + f" | {pcpu:.0f} |")
PY
done
