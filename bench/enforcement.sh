#!/usr/bin/env bash
# Enforcement cost and account-size independence of signed GetUser:
#   GetUser signed by the root user (no policy evaluation) vs by an IAM user in 10 groups with
#   10 managed policies of 10 statements each (wildcards, conditions, variables) — at 100 and at
#   100,000 users in the account. Writes bench/results-enforcement.md.
# Usage: bash bench/enforcement.sh [--no-build] [--duration S]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=5; BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=0 ;;
    --duration) DURATION="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ "$BUILD" = 1 ] && cargo build --release -q -p iamd -p iamd-loadgen
WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
target/release/iamd serve --max-users-per-account 10000000 --listen "127.0.0.1:$PORT" --data-dir "$WORK/data" >"$WORK/iamd.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do [ -f "$WORK/data/credentials" ] && python3 -c "import socket;socket.create_connection(('127.0.0.1',$PORT))" 2>/dev/null && break; sleep 0.1; done
EP="http://127.0.0.1:$PORT"
LG=target/release/iamd-loadgen
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
run() { # label creds
  $LG --endpoint "$EP" --credentials-file "$2" --op get-user --concurrency 8 --duration "$DURATION" --json 2>/dev/null \
    | python3 -c "import json,sys;d=json.load(sys.stdin);r=d['results'][0];print(f\"| $1 | {r['rps']:,.0f} | {r['p50_us']/1000:.3f} ms | {r['p99_us']/1000:.3f} ms | {r['errors']} |\")"
}
{
  echo "Run $(date -u '+%Y-%m-%d %H:%M UTC'), commit \`$(git rev-parse --short HEAD)\`, $(nproc) CPUs, GetUser at concurrency 8, ${DURATION}s per row."
  echo
  echo "| case | req/s | p50 | p99 | errors |"
  echo "|---|---:|---:|---:|---:|"
  $LG --endpoint "$EP" --credentials-file "$WORK/data/credentials" --op create-user --concurrency 8 --requests 95 --duration 30 >/dev/null 2>&1
  run "100 users, root (no evaluation)" "$WORK/data/credentials"
  run "100 users, IAM user: 10 groups × 10 policies × 10 statements" "$WORK/user-credentials"
  $LG --endpoint "$EP" --credentials-file "$WORK/data/credentials" --op create-user --concurrency 32 --requests 100000 --duration 120 >/dev/null 2>&1
  run "100,000 users, root (no evaluation)" "$WORK/data/credentials"
  run "100,000 users, IAM user: 10 groups × 10 policies × 10 statements" "$WORK/user-credentials"
} | tee bench/results-enforcement.md
