#!/usr/bin/env bash
# Enforcement cost and account-size independence of signed GetUser, at 100 and at 100,000 users
# in the account. The caller is an IAM user in 10 groups with 10 managed policies of 10
# statements each (wildcards, conditions, variables). Two servers hold the same data: one
# enforcing (the default), one started with --no-enforcement (no policy evaluated); the cost of
# enforcement is the same user's GetUser on the first against the second. The root user on the
# enforcing server (not subject to identity policies) is shown for reference.
# The cases run in alternating rounds and the table gives each case's median, so drift on a
# shared 2-core machine hits all alike; beside req/s it reports the server's own CPU time per
# request (utime+stime from /proc, warm-up excluded), which the load generator sharing the cores
# does not blur. Writes bench/results-enforcement.md.
# Usage: bash bench/enforcement.sh [--no-build] [--duration S] [--rounds N]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=5; BUILD=1; ROUNDS=5
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=0 ;;
    --duration) DURATION="$2"; shift ;;
    --rounds) ROUNDS="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ "$BUILD" = 1 ] && cargo build --release -q -p iamd -p iamd-loadgen
WORK=$(mktemp -d)
LG=target/release/iamd-loadgen
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
PORT_ON=$(free_port); PORT_OFF=$(free_port)
EP="http://127.0.0.1:$PORT_ON"; EP_OFF="http://127.0.0.1:$PORT_OFF"
PID=""; PID_OFF=""
trap 'kill $PID $PID_OFF 2>/dev/null; rm -rf "$WORK"' EXIT
start() { # port data-dir [flag] -> sets STARTED
  target/release/iamd serve --max-users-per-account 10000000 --listen "127.0.0.1:$1" --data-dir "$2" ${3:-} >>"$WORK/iamd.log" 2>&1 &
  STARTED=$!
  for _ in $(seq 600); do [ -f "$2/credentials" ] && python3 -c "import socket;socket.create_connection(('127.0.0.1',$1))" 2>/dev/null && return; sleep 0.1; done
  echo "iamd did not start" >&2; cat "$WORK/iamd.log" >&2; exit 1
}
stop() { kill "$@" 2>/dev/null || true; for p in "$@"; do while kill -0 "$p" 2>/dev/null; do sleep 0.1; done; done; }
# The enforcing server's data copied (servers stopped) for the unenforced one; both restarted.
mirror() {
  stop $PID $PID_OFF
  rm -rf "$WORK/data-off"; cp -a "$WORK/data" "$WORK/data-off"
  start "$PORT_ON" "$WORK/data"; PID=$STARTED
  start "$PORT_OFF" "$WORK/data-off" --no-enforcement; PID_OFF=$STARTED
}
start "$PORT_ON" "$WORK/data"; PID=$STARTED
# The policy-heavy user, with its own credentials file.
AWS_SHARED_CREDENTIALS_FILE="$WORK/data/credentials" python3 - "$EP" "$WORK/user-credentials" <<'PY'
import boto3, json, sys
ep, out = sys.argv[1], sys.argv[2]
iam = boto3.client("iam", endpoint_url=ep, region_name="us-east-1")
iam.create_user(UserName="bench", Tags=[{"Key": "team", "Value": "platform"}])
for g in range(10):
    gname = f"bench-group-{g}"
    iam.create_group(GroupName=gname)
    iam.add_user_to_group(GroupName=gname, UserName="bench")
    stmts = []
    for s in range(9):
        stmts.append({"Sid": f"S{s}", "Effect": "Allow",
                      "Action": [f"s3:Get*", f"ec2:Describe{s}*"],
                      "Resource": f"arn:aws:s3:::bucket-{g}-{s}/${{aws:username}}/*",
                      "Condition": {"StringLike": {"aws:PrincipalTag/team": "plat*"},
                                    "IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "127.0.0.0/8"]}}})
    stmts.append({"Sid": "Iam", "Effect": "Allow", "Action": ["iam:GetUser", "iam:CreateUser", "iam:ListUsers"],
                  "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}})
    arn = iam.create_policy(PolicyName=f"bench-policy-{g}", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": stmts}))["Policy"]["Arn"]
    iam.attach_group_policy(GroupName=gname, PolicyArn=arn)
k = iam.create_access_key(UserName="bench")["AccessKey"]
open(out, "w").write(f"[default]\naws_access_key_id = {k['AccessKeyId']}\naws_secret_access_key = {k['SecretAccessKey']}\n")
PY

# One measurement: prints "req/s server-µs-per-request p50-µs p99-µs errors".
measure() { # endpoint pid creds
  local t0 t1 out
  # Warm up outside the CPU window, then measure with no warm-up.
  $LG --endpoint "$1" --credentials-file "$3" --op get-user --concurrency 8 --duration 1 --warmup 0 >/dev/null 2>&1
  t0=$(awk '{print $14+$15}' "/proc/$2/stat")
  out=$($LG --endpoint "$1" --credentials-file "$3" --op get-user --concurrency 8 --duration "$DURATION" --warmup 0 --json 2>/dev/null)
  t1=$(awk '{print $14+$15}' "/proc/$2/stat")
  echo "$out" | python3 -c "
import json, os, sys
r = json.load(sys.stdin)['results'][0]
tick_us = 1e6 / os.sysconf('SC_CLK_TCK')
print(r['rps'], ($t1 - $t0) * tick_us / max(r['ok'], 1), r['p50_us'], r['p99_us'], r['errors'])"
}
# ROUNDS rounds of the three cases, in a rotating order; prints the table rows.
compare() { # size-label
  local files=("$(mktemp)" "$(mktemp)" "$(mktemp)") order
  for i in $(seq "$ROUNDS"); do
    case $((i % 3)) in 1) order="0 1 2" ;; 2) order="2 0 1" ;; *) order="1 2 0" ;; esac
    for c in $order; do
      case $c in
        0) measure "$EP_OFF" "$PID_OFF" "$WORK/user-credentials" >>"${files[0]}" ;;
        1) measure "$EP" "$PID" "$WORK/user-credentials" >>"${files[1]}" ;;
        2) measure "$EP" "$PID" "$WORK/data/credentials" >>"${files[2]}" ;;
      esac
    done
  done
  python3 - "$1" "${files[@]}" <<'PY'
import statistics as st, sys
label, off, on, root = sys.argv[1:5]
rows = {name: [list(map(float, l.split())) for l in open(f)] for name, f in (("off", off), ("on", on), ("root", root))}
med = {name: [st.median(col) for col in zip(*r)] for name, r in rows.items()}
names = {"off": "IAM user, --no-enforcement", "on": "IAM user, enforcing", "root": "root user, enforcing (reference)"}
for name in ("off", "on", "root"):
    rps, cpu, p50, p99, _ = med[name]
    errors = int(sum(r[4] for r in rows[name]))
    rounds = ", ".join(f"{r[0]:,.0f}" for r in rows[name])
    print(f"| {label}: {names[name]} | {rps:,.0f} | {cpu:.1f} µs | {p50/1000:.3f} ms | {p99/1000:.3f} ms | {errors} | {rounds} |")
cost_rps = 1 - med["on"][0] / med["off"][0]
cost_cpu = med["on"][1] / med["off"][1] - 1
print(f"| {label}: **cost of enforcement** | **{cost_rps:.1%}** fewer req/s | **{cost_cpu:+.1%}** CPU | | | | |")
PY
  rm -f "${files[@]}"
}
{
  echo "Run $(date -u '+%Y-%m-%d %H:%M UTC'), commit \`$(git rev-parse --short HEAD)\`, $(nproc) CPUs, GetUser at concurrency 8, $ROUNDS rotating rounds of ${DURATION}s per case; medians."
  echo
  echo "| case | req/s | server CPU / request | p50 | p99 | errors | req/s of each round |"
  echo "|---|---:|---:|---:|---:|---:|---|"
  $LG --endpoint "$EP" --credentials-file "$WORK/data/credentials" --op create-user --concurrency 8 --requests 95 --duration 30 >/dev/null 2>&1
  mirror
  compare "100 users"
  $LG --endpoint "$EP" --credentials-file "$WORK/data/credentials" --op create-user --concurrency 32 --requests 100000 --duration 120 >/dev/null 2>&1
  mirror
  compare "100,000 users"
} >bench/results-enforcement.md  # not a pipe: mirror's server PIDs must reach the EXIT trap
cat bench/results-enforcement.md
