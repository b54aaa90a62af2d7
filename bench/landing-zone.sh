#!/usr/bin/env bash
# The landing zone at scale, `iamd apply/plan` side by side with Terraform, one run:
#   1,000 users, 30 groups (+ the self-management group), 5 account types x 6 roles,
#   3 member accounts (types t1, t2, t3; t4 and t5 have no account yet).
# For each tool, on a fresh iamd server of the same build (the same binary, started anew so
# neither tool sees the other's entities): the organization and the 3 member accounts are
# created first (aws CLI, not timed), then timed: the first apply, a no-change plan, and
# offboarding one user (the spec / user_map without user number USERS/2, u0500, then apply).
# Terraform runs tests/e2e/multi-account's configuration (AWS provider 5.100.0 from the offline
# mirror, one provider alias per member account), copied to bench/landing-zone-tf with one change:
# no AssumeRole policy for an account type without accounts (t4, t5), which Terraform would
# otherwise send with an empty Resource list.
#
# Usage: bench/landing-zone.sh [--users N] [--no-build] [--skip-terraform]
# Environment: IAMD_BIN (default target/release/iamd; iamd-zone must sit beside it),
#              E2E_TF_MIRROR (default /opt/tf-plugins). Prints a markdown table.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
USERS=1000
NO_BUILD=""
SKIP_TF=""
while [ $# -gt 0 ]; do
    case "$1" in
        --users) USERS="$2"; shift 2 ;;
        --no-build) NO_BUILD=1; shift ;;
        --skip-terraform) SKIP_TF=1; shift ;;
        -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
cd "$ROOT"
if [ -z "$NO_BUILD" ]; then
    cargo build --release --quiet -p iamd -p iamd-zone
fi
IAMD="${IAMD_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/release/iamd}"
[ -x "$IAMD" ] && [ -x "$(dirname "$IAMD")/iamd-zone" ] || { echo "need $IAMD and iamd-zone beside it" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/iamd-zone-bench.XXXXXX")"
PID=""
stop() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; PID=""; }
trap 'stop; rm -rf "$WORK"' EXIT
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE AWS_ENDPOINT_URL

now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2 - $1:.2f}')"; }

# A fresh server, its organization, 3 member accounts and an administrator (profile `admin`).
fresh_server() { # name
    stop
    local dir="$WORK/$1"
    mkdir -p "$dir/data"
    PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
    ENDPOINT="http://127.0.0.1:$PORT"
    "$IAMD" serve --listen "127.0.0.1:$PORT" --data-dir "$dir/data" > "$dir/server.log" 2>&1 &
    PID=$!
    for _ in $(seq 100); do [ -s "$dir/data/credentials" ] && (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
    export AWS_SHARED_CREDENTIALS_FILE="$dir/data/credentials"
    awsx() { aws --endpoint-url "$ENDPOINT" --output text "$@"; }
    awsx organizations create-organization --feature-set ALL > /dev/null
    ACCOUNTS=()
    for t in 1 2 3; do
        ACCOUNTS+=("$(awsx organizations create-account --account-name "m$t" --email "m$t@example.com" \
            --query CreateAccountStatus.AccountId)")
    done
    awsx iam create-user --user-name bench-admin > /dev/null
    awsx iam attach-user-policy --user-name bench-admin --policy-arn arn:aws:iam::aws:policy/AdministratorAccess
    read -r K S < <(awsx iam create-access-key --user-name bench-admin --query 'AccessKey.[AccessKeyId,SecretAccessKey]')
    printf '[admin]\naws_access_key_id = %s\naws_secret_access_key = %s\n' "$K" "$S" >> "$AWS_SHARED_CREDENTIALS_FILE"
    printf '[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n' "$K" "$S" > "$dir/admin-credentials"
}

# The equivalent configurations: the spec (YAML) and terraform.tfvars.json.
generate() { # dir offboard(0|1)
    python3 - "$1" "$2" "$USERS" "${ACCOUNTS[@]}" <<'EOF'
import json, sys, yaml
out, offboard, users, *accounts = sys.argv[1:]
users, offboard = int(users), offboard == "1"
types = [f"t{i}" for i in range(1, 6)]
roles = [f"r{i}" for i in range(1, 7)]
managed = ["AdministratorAccess", "ReadOnlyAccess", "PowerUserAccess", "job-function/Billing",
           "SecurityAudit", "job-function/ViewOnlyAccess"]
role_policy = {r: f"arn:aws:iam::aws:policy/{m}" for r, m in zip(roles, managed)}
groups = {f"g{i:02d}": [{"role": roles[i % 6], "account_type": types[i % 5]},
                         {"role": roles[(i + 1) % 6], "account_type": types[(i + 2) % 5]}] for i in range(30)}
names = [f"u{i:04d}" for i in range(1, users + 1)]
user_groups = {u: [f"g{i % 30:02d}", f"g{(i * 7 + 3) % 30:02d}"] for i, u in enumerate(names)}
user_groups = {u: sorted(set(g)) for u, g in user_groups.items()}
if offboard:
    del user_groups[names[len(names) // 2 - 1]]
doc = lambda *st: {"Version": "2012-10-17", "Statement": list(st)}
spec = {
    "account_types": {t: {} for t in types},
    "accounts": {"central": {"type": "t1", "central": True},
                 **{f"m{i}": {"type": f"t{i}", "id": a} for i, a in enumerate(accounts, 1)}},
    "roles": {r: {"policies": [role_policy[r], "region-restriction", "deny-db-deletion"],
                  "boundary": "member-role-boundary"} for r in roles},
    "policies": {
        "region-restriction": {"document": doc({"Sid": "DenyOutsideAllowedRegions", "Effect": "Deny",
            "NotAction": ["iam:*", "sts:*", "organizations:*", "support:*", "budgets:*", "cloudfront:*",
                          "route53:*", "waf:*", "health:*", "trustedadvisor:*"], "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}})},
        "deny-db-deletion": {"document": doc({"Sid": "DenyDeleteDatabases", "Effect": "Deny",
            "Action": ["rds:DeleteDBInstance", "rds:DeleteDBCluster"], "Resource": "*"})},
        "member-role-boundary": {"document": doc({"Sid": "AllowAll", "Effect": "Allow", "Action": "*", "Resource": "*"})},
    },
    "catalogue": ["iam-user-self-mgmt"],
    "groups": {g: {} for g in groups},
    "group_map": {g: [{"role": e["role"], "account_types": [e["account_type"]]} for e in es] for g, es in groups.items()},
    "user_map": {u: {"groups": gs + ["iam-user-self-mgmt"]} for u, gs in user_groups.items()},
}
# The central account is of type t1 in the spec only so that it is listed; no role goes there.
spec["accounts"]["central"]["type"] = "central"
spec["account_types"]["central"] = {}
for r in spec["roles"].values():
    r["account_types"] = types
yaml.safe_dump(spec, open(f"{out}/zone.yaml", "w"), sort_keys=False)
tf = {"account_types": {t: ([accounts[i]] if i < 3 else []) for i, t in enumerate(types)},
      "role_list": roles, "role_enabled": {r: True for r in roles}, "role_policies": role_policy,
      "group_role_map": groups, "user_map": user_groups}
json.dump(tf, open(f"{out}/bench.auto.tfvars.json", "w"))
EOF
}

declare -A T
# ------------------------------------------------------------------ iamd apply / plan
fresh_server zone
Z="$WORK/zone"
mkdir -p "$Z/spec" "$Z/spec-off"
generate "$Z/spec" 0
generate "$Z/spec-off" 1
t0=$(now); "$IAMD" apply "$Z/spec/zone.yaml" --profile admin --endpoint-url "$ENDPOINT" > "$Z/apply.log"; t1=$(now)
T[zone_apply]=$(secs "$t0" "$t1")
T[zone_apply_changes]=$(grep -o '^Apply complete: [0-9]*' "$Z/apply.log" | grep -o '[0-9]*$')
t0=$(now); set +e; "$IAMD" plan "$Z/spec/zone.yaml" --profile admin --endpoint-url "$ENDPOINT" > "$Z/plan.log"; rc=$?; set -e; t1=$(now)
[ "$rc" -eq 0 ] || { cat "$Z/plan.log" | head -20; echo "no-change plan exited $rc" >&2; exit 1; }
T[zone_plan]=$(secs "$t0" "$t1")
t0=$(now); "$IAMD" apply "$Z/spec-off/zone.yaml" --profile admin --endpoint-url "$ENDPOINT" > "$Z/offboard.log"; t1=$(now)
grep -q "offboard user u$(printf %04d $((USERS / 2)))" "$Z/offboard.log" || { cat "$Z/offboard.log"; exit 1; }
T[zone_offboard]=$(secs "$t0" "$t1")

# ------------------------------------------------------------------ terraform
if [ -z "$SKIP_TF" ]; then
    fresh_server terraform
    W="$WORK/terraform/tf"
    mkdir -p "$W"
    cp -r "$ROOT/bench/landing-zone-tf/main.tf" "$ROOT/tests/e2e/multi-account/member" "$W/"
    generate "$W" 0
    python3 - "$W" "$ENDPOINT" "$WORK/terraform/admin-credentials" <<'EOF'
import json, sys
w, endpoint, creds = sys.argv[1:]
json.dump({"endpoint": endpoint, "credentials_file": creds}, open(f"{w}/terraform.tfvars.json", "w"))
EOF
    cat > "$W/cli.tfrc" <<TFRC
provider_installation {
  filesystem_mirror {
    path    = "${E2E_TF_MIRROR:-/opt/tf-plugins}"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
TFRC
    export TF_CLI_CONFIG_FILE="$W/cli.tfrc" TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
    rm -f "$W/zone.yaml"
    terraform -chdir="$W" init -input=false -no-color > "$W/init.log"
    t0=$(now); terraform -chdir="$W" apply -auto-approve -input=false -no-color > "$W/apply.log"; t1=$(now)
    T[tf_apply]=$(secs "$t0" "$t1")
    T[tf_resources]=$(grep -c ': Creation complete' "$W/apply.log" || true)
    t0=$(now); set +e; terraform -chdir="$W" plan -detailed-exitcode -input=false -no-color > "$W/plan.log"; rc=$?; set -e; t1=$(now)
    [ "$rc" -eq 0 ] || { grep -E '^\s+[~+-] |will be' "$W/plan.log" | head -20; echo "terraform no-change plan exited $rc" >&2; exit 1; }
    T[tf_plan]=$(secs "$t0" "$t1")
    mkdir -p "$WORK/terraform/off"
    generate "$WORK/terraform/off" 1
    cp "$WORK/terraform/off/bench.auto.tfvars.json" "$W/bench.auto.tfvars.json"
    t0=$(now); terraform -chdir="$W" apply -auto-approve -input=false -no-color > "$W/offboard.log"; t1=$(now)
    grep -q "aws_iam_user.user\\[\"u$(printf %04d $((USERS / 2)))\"\\]: Destruction complete" "$W/offboard.log" || { tail -20 "$W/offboard.log"; exit 1; }
    T[tf_offboard]=$(secs "$t0" "$t1")
fi
stop

ratio() { [ -n "${2:-}" ] && python3 -c "print(f'{$2 / $1:.0f}×')" || echo "—"; }
echo
echo "Run $(date -u '+%Y-%m-%d %H:%M UTC'), commit \`$(git rev-parse --short HEAD)\`, $(nproc) CPUs, iamd release build ($USERS users, 30 groups, 5 account types × 6 roles, 3 member accounts; ${T[zone_apply_changes]} changes in the first apply, ${T[tf_resources]:-—} Terraform resources)."
echo
echo "| step | iamd apply/plan | Terraform $(terraform version 2>/dev/null | head -1 | cut -d" " -f2) + AWS provider 5.100.0 | iamd faster by |"
echo "|---|---:|---:|---:|"
echo "| first apply | ${T[zone_apply]} s | ${T[tf_apply]:-—} s | $(ratio "${T[zone_apply]}" "${T[tf_apply]:-}") |"
echo "| no-change plan | ${T[zone_plan]} s | ${T[tf_plan]:-—} s | $(ratio "${T[zone_plan]}" "${T[tf_plan]:-}") |"
echo "| offboard one user | ${T[zone_offboard]} s | ${T[tf_offboard]:-—} s | $(ratio "${T[zone_offboard]}" "${T[tf_offboard]:-}") |"
