#!/usr/bin/env bash
# What the audit trail costs in instructions, which a shared machine's noise does not blur:
# each case runs against a server under valgrind's callgrind, once recording every request as
# an event and once with --no-audit-trail, and the table gives instructions per request — the
# whole server, the request threads' handler (`handler::handle`, which the trail's capture runs
# in) and the store's event threads (preparer, writer, indexer, checkpointer).
# Caveat: under valgrind a server answers about a thousand requests a second, so a window of
# reads' events (10 ms) holds a few events instead of hundreds and the preparer's and writer's
# per-batch work is spread over fewer events than at full speed: their figures are upper
# bounds; the request threads' are what they are at any speed. SHA-256 runs in software under
# valgrind (no SHA extensions), which adds about 27,000 instructions to every signed request.
# Writes bench/results-audit-instructions.md.
# Usage: bash bench/audit-instructions.sh [--no-build] [--duration S]
# Environment: IAMD_BIN (default target/release/iamd), LOADGEN_BIN (target/release/iamd-loadgen).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=15; BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=0 ;;
    --duration) DURATION="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
command -v valgrind >/dev/null || { echo "valgrind is required" >&2; exit 1; }
TARGET="${CARGO_TARGET_DIR:-target}"
[ "$BUILD" = 1 ] && cargo build --release -q -p iamd -p iamd-loadgen
IAMD="$(realpath "${IAMD_BIN:-$TARGET/release/iamd}")"
LG="$(realpath "${LOADGEN_BIN:-$TARGET/release/iamd-loadgen}")"
WORK=$(mktemp -d)
PID=""
trap 'kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

# One case: "instructions-per-request requests" of the server, its callgrind profile kept.
profile() { # name op concurrency [flag]
  local port dir out n
  port=$(free_port); dir="$WORK/$1"; out="$WORK/$1.callgrind"
  valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$out" \
    "$IAMD" serve --max-users-per-account 10000000 --listen "127.0.0.1:$port" --data-dir "$dir" ${4:-} \
    >>"$WORK/iamd.log" 2>&1 &
  PID=$!
  for _ in $(seq 1200); do
    [ -s "$dir/credentials" ] && python3 -c "import socket;socket.create_connection(('127.0.0.1',$port))" 2>/dev/null && break
    sleep 0.5
  done
  local lg=("$LG" --endpoint "http://127.0.0.1:$port" --credentials-file "$dir/credentials" --op "$2" --concurrency "$3")
  "${lg[@]}" --duration 5 --warmup 0 >/dev/null 2>&1
  callgrind_control -i on "$PID" >/dev/null
  n=$("${lg[@]}" --duration "$DURATION" --warmup 0 --json 2>/dev/null | python3 -c "import json,sys;print(json.load(sys.stdin)['results'][0]['ok'])")
  callgrind_control -i off "$PID" >/dev/null
  callgrind_control -d "$PID" >/dev/null
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
  callgrind_annotate --inclusive=yes --threshold=100 "$out".1 >"$WORK/$1.txt" 2>/dev/null
  echo "$n"
}

# Inclusive instructions per request of the functions whose names contain each pattern.
per_request() { # name requests pattern...
  python3 - "$WORK/$1.txt" "$2" "${@:3}" <<'PY'
import re, sys
path, n, pats = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
best = {p: 0 for p in pats}
for line in open(path):
    m = re.match(r"\s*([\d,]+) \(", line)
    if not m:
        continue
    ir = int(m.group(1).replace(",", ""))
    for p in pats:
        if p in line:
            best[p] = max(best[p], ir)
print(" ".join(f"{best[p] / max(n, 1):.0f}" for p in pats))
PY
}

PATTERNS=("PROGRAM TOTALS" "iam_server::handler::handle::{{closure}}" "iam_store::sqlite::preparer" "iam_store::sqlite::writer" "iam_store::sqlite::indexer" "iam_store::sqlite::checkpointer")
{
  echo "Run $(date -u '+%Y-%m-%d %H:%M UTC'), commit \`$(git rev-parse --short HEAD)\`, valgrind $(valgrind --version | sed 's/valgrind-//'), ${DURATION}s of load per case and server after 5s of warm-up; instructions per request (inclusive)."
  echo
  echo "| case | trail | requests | whole server | request handler | preparer | writer | indexer | checkpointer |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
  for c in "get-user 8" "create-user 8"; do
    set -- $c
    label=$([ "$1" = get-user ] && echo "signed GetUser" || echo "durable CreateUser")
    declare -A total=()
    for s in on off; do
      flag=""; [ "$s" = off ] && flag=--no-audit-trail
      n=$(profile "$1-$s" "$1" "$2" $flag)
      read -r -a v <<<"$(per_request "$1-$s" "$n" "${PATTERNS[@]}")"
      total[$s]=${v[0]}
      echo "| $label at $2 | $s | $n | ${v[0]} | ${v[1]} | ${v[2]} | ${v[3]} | ${v[4]} | ${v[5]} |"
    done
    python3 -c "print(f'| $label at $2 | **cost** | | **{${total[on]} / ${total[off]} - 1:+.1%}** | | | | | |')"
  done
} >bench/results-audit-instructions.md
cat bench/results-audit-instructions.md
