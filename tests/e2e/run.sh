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

if [ "$E2E_TARGET" != moto ] && [ ! -x "$(e2e_iamd_bin)" ]; then
    e2e_log "iamd binary not found: $(e2e_iamd_bin) (build it, set IAMD_BIN, or use E2E_TARGET=moto)"
fi

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

# One suite, in a process of its own (its own temp directory, server and cleanup trap); its exit
# status is the suite's (77: skipped).
run_one() {
    local name="$1" rc=0
    if [ "$name" = durability ]; then
        # starts (and kill -9s) its own server
        ( unset E2E_ENDPOINT AWS_SHARED_CREDENTIALS_FILE; python3 "$E2E_DIR/durability.py" ) 2>&1
        rc=$?
    elif [ "$name" = cluster ]; then
        # starts its own PostgreSQL and nodes
        ( unset E2E_ENDPOINT AWS_SHARED_CREDENTIALS_FILE; bash "$E2E_DIR/cluster.sh" ) 2>&1
        rc=$?
    elif [ "$name" = durability-postgres ]; then
        # the same kill -9 suite, its server's store on a PostgreSQL of its own
        ( unset E2E_ENDPOINT AWS_SHARED_CREDENTIALS_FILE; bash "$E2E_DIR/durability-postgres.sh" ) 2>&1
        rc=$?
    elif [ "$name" = pg-tools ]; then
        # starts its own PostgreSQL and nodes
        ( unset E2E_ENDPOINT AWS_SHARED_CREDENTIALS_FILE; bash "$E2E_DIR/pg-tools.sh" ) 2>&1
        rc=$?
    elif [ "$name" = cloudtrail ]; then
        # starts its own server (IAMD_LOG=info), whose data directory and log it reads
        ( unset E2E_ENDPOINT AWS_SHARED_CREDENTIALS_FILE; python3 "$E2E_DIR/test_cloudtrail.py" ) 2>&1
        rc=$?
    elif [ "$name" = moto-dropin ]; then
        # starts its own servers, in open mode
        ( unset E2E_ENDPOINT AWS_SHARED_CREDENTIALS_FILE; python3 "$E2E_DIR/test_moto_dropin.py" ) 2>&1
        rc=$?
    else
        if ! e2e_start_server; then
            rc=1
        else
            case "$name" in
                cli) bash "$E2E_DIR/cli.sh" 2>&1; rc=$? ;;
                boto3) python3 "$E2E_DIR/test_boto3.py" 2>&1; rc=$? ;;
                enforcement) python3 "$E2E_DIR/test_enforcement.py" 2>&1; rc=$? ;;
                security) python3 "$E2E_DIR/test_security.py" 2>&1; rc=$? ;;
                organizations) python3 "$E2E_DIR/test_organizations.py" 2>&1; rc=$? ;;
                credentials) python3 "$E2E_DIR/test_credentials.py" 2>&1; rc=$? ;;
                credential-report) python3 "$E2E_DIR/test_credential_report.py" 2>&1; rc=$? ;;
                console) python3 "$E2E_DIR/test_console.py" 2>&1; rc=$? ;;
                terraform) bash "$E2E_DIR/terraform.sh" 2>&1; rc=$? ;;
                terraform-credentials) bash "$E2E_DIR/terraform-credentials.sh" 2>&1; rc=$? ;;
                terraform-roles) bash "$E2E_DIR/terraform-roles.sh" 2>&1; rc=$? ;;
                terraform-organizations) bash "$E2E_DIR/terraform-organizations.sh" 2>&1; rc=$? ;;
                multi-account) bash "$E2E_DIR/multi-account.sh" 2>&1; rc=$? ;;
                landing-zone) python3 "$E2E_DIR/test_landing_zone.py" 2>&1; rc=$? ;;
                policy-corpus) policy_corpus 2>&1; rc=$? ;;
                aws-recorded) aws_recorded 2>&1; rc=$? ;;
                *) echo "unknown suite $name"; rc=1 ;;
            esac
            if ! kill -0 "$E2E_SERVER_PID" 2>/dev/null; then
                echo "server died during $name; log tail:"; tail -n 30 "$E2E_TMP/server.log"; rc=1
            fi
            e2e_stop_server
        fi
    fi
    return "$rc"
}

# `run.sh --one NAME` runs one suite; the pool below starts each suite that way.
if [ "${1:-}" = --one ]; then run_one "$2"; exit $?; fi

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
