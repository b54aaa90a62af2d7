#!/usr/bin/env bash
# Runs every end-to-end suite, each against a fresh server, and ends with "N passed, N failed".
#   bash tests/e2e/run.sh                      # against iamd ($IAMD_BIN, default target/debug/iamd)
#   E2E_TARGET=moto bash tests/e2e/run.sh      # against moto (develop/validate the suites)
#   E2E_JOBS=1 bash tests/e2e/run.sh          # one suite at a time (default: 2 at once)
#   E2E_SUITES="cli boto3" bash tests/e2e/run.sh   # a subset: cli boto3 enforcement security organizations credentials credential-report cloudtrail moto-dropin terraform terraform-credentials terraform-roles terraform-organizations multi-account landing-zone policy-corpus aws-recorded durability console cluster durability-postgres pg-tools
# cluster: three iamd nodes on a PostgreSQL 15 it initialises (tests/e2e/cluster.sh);
# durability-postgres: the kill -9 durability suite with the store on such a PostgreSQL.
# pg-tools: the CloudTrail log files of three such nodes, retention, `iamd events --store` and
# the operator commands with --store (tests/e2e/pg-tools.sh).
# aws-recorded replays AWS's recorded IAM/STS answers (LocalStack's test files and snapshots in
# tests/conformance/aws-recorded, run unmodified by harness/replay.py against a fresh iamd): it
# prints each test's outcome and "aws-recorded: N of M recorded tests match AWS", and fails when a
# test outside tests/conformance/aws-recorded/KNOWN-DIFFERENCES.md differs (iamd only).
# Exit status is non-zero when any suite failed. Logs of each suite are kept under $E2E_LOG_DIR if set.
set -u
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$E2E_REPO_ROOT" || exit 1

SUITES="${E2E_SUITES:-cli boto3 enforcement security organizations credentials credential-report cloudtrail moto-dropin terraform terraform-credentials terraform-roles terraform-organizations multi-account landing-zone policy-corpus aws-recorded durability console cluster durability-postgres pg-tools}"
CORPUS="tests/conformance/policy-validation/replay_create_policy.py"
REPLAY="tests/conformance/aws-recorded/harness/replay.py"
PASSED=0 FAILED=0 SKIPPED=0
SUMMARY=()
LOG_DIR="${E2E_LOG_DIR:-}"
[ -n "$LOG_DIR" ] && mkdir -p "$LOG_DIR"

policy_corpus() {
    if [ ! -f "$CORPUS" ]; then echo "policy corpus replay not found at $CORPUS"; return 1; fi
    AWS_ACCESS_KEY_ID="$(e2e_cred aws_access_key_id)" || return 1
    AWS_SECRET_ACCESS_KEY="$(e2e_cred aws_secret_access_key)" || return 1
    export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
    local expect=()
    # moto's own messages differ from AWS's on a few cases (see the corpus README); iamd must match AWS.
    [ "$E2E_TARGET" = moto ] && expect=(--expect moto)
    local out
    out="$(python3 "$CORPUS" "$E2E_ENDPOINT" "${expect[@]}" 2>&1)"
    local rc=$?
    unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
    echo "$out"
    local last
    last="$(printf '%s\n' "$out" | tail -n 1)"
    [ $rc -eq 0 ] && [[ "$last" =~ ^[0-9]+\ passed,\ 0\ failed$ ]]
}

aws_recorded() {
    # The baseline (KNOWN-DIFFERENCES.md) is iamd's; moto would differ elsewhere.
    if [ "$E2E_TARGET" = moto ]; then echo "aws-recorded: iamd only (skipped for moto)"; return 77; fi
    # --own-server: the server is this suite's, so the replay may delete root's access key as the
    # recording account had none (it signs with its own user and role session).
    python3 "$REPLAY" "$E2E_ENDPOINT" --own-server
}

# A suite that starts its own servers, with none of the shared server's settings.
on_own_server() { ( unset E2E_ENDPOINT AWS_SHARED_CREDENTIALS_FILE; "$@" ); }

# A suite against a fresh server of its own process; it fails too if the server died meanwhile.
on_fresh_server() {
    e2e_start_server || return 1
    "$@"
    local rc=$?
    if ! kill -0 "$E2E_SERVER_PID" 2>/dev/null; then
        echo "server died during the suite; log tail:"; tail -n 30 "$E2E_TMP/server.log"; rc=1
    fi
    e2e_stop_server
    return "$rc"
}

# One suite, in a process of its own (its own temp directory, server and cleanup trap; the
# caller keeps its output); its exit status is the suite's (77: skipped).
run_one() {
    case "$1" in
        durability) on_own_server python3 "$E2E_DIR/durability.py" ;;  # kill -9s its server
        cluster) on_own_server bash "$E2E_DIR/cluster.sh" ;;            # PostgreSQL and 3 nodes
        durability-postgres) on_own_server bash "$E2E_DIR/durability-postgres.sh" ;;
        pg-tools) on_own_server bash "$E2E_DIR/pg-tools.sh" ;;          # PostgreSQL and nodes
        # reads its server's data directory and log (IAMD_LOG=info)
        cloudtrail) on_own_server python3 "$E2E_DIR/test_cloudtrail.py" ;;
        moto-dropin) on_own_server python3 "$E2E_DIR/test_moto_dropin.py" ;;  # open mode
        cli) on_fresh_server bash "$E2E_DIR/cli.sh" ;;
        boto3) on_fresh_server python3 "$E2E_DIR/test_boto3.py" ;;
        enforcement) on_fresh_server python3 "$E2E_DIR/test_enforcement.py" ;;
        security) on_fresh_server python3 "$E2E_DIR/test_security.py" ;;
        organizations) on_fresh_server python3 "$E2E_DIR/test_organizations.py" ;;
        credentials) on_fresh_server python3 "$E2E_DIR/test_credentials.py" ;;
        credential-report) on_fresh_server python3 "$E2E_DIR/test_credential_report.py" ;;
        console) on_fresh_server python3 "$E2E_DIR/test_console.py" ;;
        terraform) on_fresh_server bash "$E2E_DIR/terraform.sh" ;;
        terraform-credentials) on_fresh_server bash "$E2E_DIR/terraform-credentials.sh" ;;
        terraform-roles) on_fresh_server bash "$E2E_DIR/terraform-roles.sh" ;;
        terraform-organizations) on_fresh_server bash "$E2E_DIR/terraform-organizations.sh" ;;
        multi-account) on_fresh_server bash "$E2E_DIR/multi-account.sh" ;;
        landing-zone) on_fresh_server python3 "$E2E_DIR/test_landing_zone.py" ;;
        policy-corpus) on_fresh_server policy_corpus ;;
        aws-recorded) on_fresh_server aws_recorded ;;
        *) echo "unknown suite $1"; return 1 ;;
    esac
}

# `run.sh --one NAME` runs one suite; the pool below starts each suite that way.
if [ "${1:-}" = --one ]; then run_one "$2"; exit $?; fi

if [ "$E2E_TARGET" != moto ] && [ ! -x "$(e2e_iamd_bin)" ]; then
    e2e_log "iamd binary not found: $(e2e_iamd_bin) (build it, set IAMD_BIN, or use E2E_TARGET=moto)"
fi

# The suites are independent (each has its own server, data and temp directory, and free ports),
# and most of their time is a client's start-up on one core (Python, terraform and its provider),
# so E2E_JOBS of them (default 2, the machine's cores) run at once, the longest first. Each suite's
# output is kept in its log and printed whole when it ends, so the output never interleaves.
JOBS="${E2E_JOBS:-2}"
[[ "$JOBS" =~ ^[1-9][0-9]*$ ]] || { echo "E2E_JOBS must be a positive integer, not '$JOBS'"; exit 2; }
OUT_DIR="$LOG_DIR"
[ -z "$OUT_DIR" ] && OUT_DIR="$(mktemp -d "${TMPDIR:-/tmp}/iamd-e2e-logs.XXXXXX")"
rm -f "$OUT_DIR"/*.status
LONGEST_FIRST="cluster multi-account terraform-roles cli terraform-credentials terraform terraform-organizations pg-tools aws-recorded boto3"
ORDER=()
for s in $LONGEST_FIRST; do [[ " $SUITES " == *" $s "* ]] && ORDER+=("$s"); done
for s in $SUITES; do [[ " ${ORDER[*]} " == *" $s "* ]] || ORDER+=("$s"); done

declare -A REPORTED=()
report_finished() {
    local s status rc secs
    for s in "${ORDER[@]}"; do
        [ -n "${REPORTED[$s]:-}" ] && continue
        status="$OUT_DIR/$s.status"
        [ -s "$status" ] || continue
        read -r rc secs < "$status"
        REPORTED[$s]="$rc $secs"
        echo "===================================================== $s ($E2E_TARGET, ${secs}s)"
        cat "$OUT_DIR/$s.log"
    done
}

RUNNING=0
for s in "${ORDER[@]}"; do
    while [ "$RUNNING" -ge "$JOBS" ]; do
        wait -n
        RUNNING=$((RUNNING - 1))
        report_finished
    done
    (
        t0=$SECONDS
        bash "$E2E_DIR/run.sh" --one "$s" > "$OUT_DIR/$s.log" 2>&1 < /dev/null
        rc=$?
        echo "$rc $((SECONDS - t0))" > "$OUT_DIR/$s.status"
    ) &
    RUNNING=$((RUNNING + 1))
    e2e_log "started $s"
done
wait
report_finished

for s in $SUITES; do
    read -r rc secs <<< "${REPORTED[$s]:-1 0}"
    if [ "$rc" -eq 77 ]; then
        SKIPPED=$((SKIPPED + 1)); SUMMARY+=("SKIP $s (${secs}s)")
    elif [ "$rc" -eq 0 ]; then
        PASSED=$((PASSED + 1)); SUMMARY+=("PASS $s (${secs}s)")
    else
        FAILED=$((FAILED + 1)); SUMMARY+=("FAIL $s (${secs}s, exit $rc)")
    fi
done
[ -z "$LOG_DIR" ] && rm -rf "$OUT_DIR"

echo "===================================================== summary ($E2E_TARGET)"
printf '%s\n' "${SUMMARY[@]}"
[ "$SKIPPED" -gt 0 ] && echo "($SKIPPED skipped, not counted)"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
