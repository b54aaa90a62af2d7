#!/usr/bin/env bash
# Cost of temporary credentials: GetUser at concurrency 8 signed with
#   - the IAM user's long-term access key (the baseline),
#   - GetSessionToken credentials of that user, obtained with MFA (a virtual MFA device enabled
#     with TOTP codes computed from its seed: AWS refuses IAM calls from GetSessionToken
#     credentials obtained without MFA, and so does iamd — checked below),
#   - AssumeRole credentials (a session of role bench-role, trusted for that user),
# and AssumeRole itself (every call creates a session and durably writes the role's
# RoleLastUsed before answering). Also iamd's CPU time per request, read from /proc, which is
# less sensitive than req/s to other load on a shared machine. Writes bench/results-sessions.md.
# Usage: bash bench/sessions.sh [--no-build] [--duration S] [--rounds N]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=4; BUILD=1; ROUNDS=2; WARMUP=1
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
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
target/release/iamd serve --listen "127.0.0.1:$PORT" --data-dir "$WORK/data" >"$WORK/iamd.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do [ -f "$WORK/data/credentials" ] && python3 -c "import socket;socket.create_connection(('127.0.0.1',$PORT))" 2>/dev/null && break; sleep 0.1; done
EP="http://127.0.0.1:$PORT"
LG=target/release/iamd-loadgen
# Setup as root: user `bench` (inline policy), role `bench-role` trusting it, a virtual MFA
# device for the user; then, as the user, the two kinds of temporary credentials.
AWS_SHARED_CREDENTIALS_FILE="$WORK/data/credentials" python3 - "$EP" "$WORK" <<'PY'
import base64, boto3, botocore, hashlib, hmac, json, struct, sys, time
ep, work = sys.argv[1], sys.argv[2]
iam = boto3.client("iam", endpoint_url=ep, region_name="us-east-1")

def totp(seed_b32, step):  # RFC 6238: HMAC-SHA-1, 6 digits, 30 s steps
    key = base64.b32decode(seed_b32 + "=" * (-len(seed_b32) % 8))
    d = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    o = d[-1] & 15
    return "%06d" % ((struct.unpack(">I", d[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)

def write(name, ak, sk, token=None):
    with open(f"{work}/{name}", "w") as f:
        f.write(f"[default]\naws_access_key_id = {ak}\naws_secret_access_key = {sk}\n")
        if token:
            f.write(f"aws_session_token = {token}\n")

user = iam.create_user(UserName="bench")["User"]
iam.put_user_policy(UserName="bench", PolicyName="bench", PolicyDocument=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["iam:GetUser", "iam:CreateUser", "iam:ListUsers", "sts:AssumeRole"], "Resource": "*"}]}))
role = iam.create_role(RoleName="bench-role", AssumeRolePolicyDocument=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": user["Arn"]}, "Action": "sts:AssumeRole"}]}))["Role"]
iam.put_role_policy(RoleName="bench-role", PolicyName="bench", PolicyDocument=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["iam:GetUser", "iam:ListUsers", "iam:CreateUser"], "Resource": "*"}]}))
dev = iam.create_virtual_mfa_device(VirtualMFADeviceName="bench")["VirtualMFADevice"]
seed = dev["Base32StringSeed"].decode()
step = int(time.time()) // 30
iam.enable_mfa_device(UserName="bench", SerialNumber=dev["SerialNumber"],
                      AuthenticationCode1=totp(seed, step - 2), AuthenticationCode2=totp(seed, step - 1))
k = iam.create_access_key(UserName="bench")["AccessKey"]
write("user-credentials", k["AccessKeyId"], k["SecretAccessKey"])
open(f"{work}/role-arn", "w").write(role["Arn"])

sess = boto3.Session(aws_access_key_id=k["AccessKeyId"], aws_secret_access_key=k["SecretAccessKey"], region_name="us-east-1")
sts = sess.client("sts", endpoint_url=ep)
# Without MFA, GetSessionToken credentials may not call IAM (AWS and iamd alike).
c = sts.get_session_token()["Credentials"]
try:
    boto3.client("iam", endpoint_url=ep, region_name="us-east-1", aws_access_key_id=c["AccessKeyId"],
                 aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"]).get_user(UserName="bench")
    sys.exit("GetUser with GetSessionToken credentials without MFA was allowed")
except botocore.exceptions.ClientError as e:
    assert e.response["Error"]["Code"] == "AccessDenied", e.response
c = sts.get_session_token(SerialNumber=dev["SerialNumber"], TokenCode=totp(seed, int(time.time()) // 30))["Credentials"]
write("mfa-session-credentials", c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
open(f"{work}/token-sizes", "a").write(f"GetSessionToken (MFA): {len(c['SessionToken'])} bytes\n")
c = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="bench")["Credentials"]
write("role-session-credentials", c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
open(f"{work}/token-sizes", "a").write(f"AssumeRole: {len(c['SessionToken'])} bytes\n")
PY
ROLE_ARN=$(cat "$WORK/role-arn")
TICK=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
# Appends "case<TAB>rps<TAB>p50_us<TAB>p99_us<TAB>errors<TAB>server_cpu_us_per_request" to $WORK/rows.
measure() { # label creds op [extra args]
  local label="$1" creds="$2" op="$3"; shift 3
  local c0 c1
  c0=$(cpu_ticks)
  $LG --endpoint "$EP" --credentials-file "$creds" --op "$op" --concurrency 8 --duration "$DURATION" \
      --warmup "$WARMUP" --setup-users 1 --json "$@" 2>/dev/null >"$WORK/out.json" || true
  c1=$(cpu_ticks)
  python3 - "$label" "$WORK/out.json" "$((c1 - c0))" "$TICK" "$DURATION" "$WARMUP" >>"$WORK/rows" <<'PY'
import json, sys
label, path, ticks, tck, dur, warm = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
r = json.load(open(path))["results"][0]
# Requests served over warm-up + measurement, estimated at the measured rate.
served = r["rps"] * (dur + warm)
cpu = ticks / tck * 1e6 / served if served else 0
print(f"{label}\t{r['rps']}\t{r['p50_us']}\t{r['p99_us']}\t{r['errors']}\t{cpu}")
PY
}
L1="GetUser, long-term access key of user bench"
L2="GetUser, GetSessionToken credentials of bench (with MFA)"
L3="GetUser, AssumeRole credentials (bench-role session)"
L4="AssumeRole bench-role (creates a session; durable RoleLastUsed write)"
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
for _ in $(seq "$ROUNDS"); do
  measure "$L1" "$WORK/user-credentials" get-user
  measure "$L2" "$WORK/mfa-session-credentials" get-user
  measure "$L3" "$WORK/role-session-credentials" get-user
  measure "$L4" "$WORK/user-credentials" assume-role --role-arn "$ROLE_ARN"
done
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "Run $(date -u '+%Y-%m-%d %H:%M UTC'), commit \`$(git rev-parse --short HEAD)\`, $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), loopback, concurrency 8, ${WARMUP}s warm-up + ${DURATION}s per row, $ROUNDS rounds (cases interleaved), mean of the rounds. Load average before/after: $LOAD0 / $LOAD1. Session tokens: $(paste -sd';' "$WORK/token-sizes" | sed 's/;/, /')."
  echo
  python3 - "$WORK/rows" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    label, *v = line.rstrip("\n").split("\t")
    rows.setdefault(label, []).append([float(x) for x in v])
print("| case | req/s (each round) | req/s | p50 | p99 | errors | iamd CPU per request |")
print("|---|---:|---:|---:|---:|---:|---:|")
mean = {}
for label, rs in rows.items():
    m = [sum(r[i] for r in rs) / len(rs) for i in range(5)]
    mean[label] = m
    each = " / ".join(f"{r[0]:,.0f}" for r in rs)
    print(f"| {label} | {each} | {m[0]:,.0f} | {m[1]/1000:.3f} ms | {m[2]/1000:.3f} ms | {int(sum(r[3] for r in rs))} | {m[4]:.1f} µs |")
base = mean[next(iter(mean))]
print()
for label, m in list(mean.items())[1:3]:
    print(f"- {label}: {m[0]/base[0]:.2f}× the long-term key's req/s, "
          f"p50 {m[1]/base[1]:.2f}×, iamd CPU per request {m[4]/base[4]:.2f}×.")
PY
} | tee bench/results-sessions.md
