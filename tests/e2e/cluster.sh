#!/usr/bin/env bash
# Three iamd nodes on one PostgreSQL 15 (initialised from the image's binaries in a temp dir):
#  1. the cli, boto3 and terraform suites through a round-robin endpoint (rr_proxy.py: each
#     request goes to the next node), and boto3 once more with a client per node;
#  2. test_cluster.py: a same-name race across nodes has one winner, a policy change on node A
#     denies on node B within the bound, kill -9 of a node under write load loses no
#     acknowledged write while the others keep serving, a restarted node rejoins;
#  3. test_cluster_catchup.py: a reset makes the other node reload, a pruned change log.
# Needs root (PostgreSQL runs as the `postgres` user) or a user that can run initdb.
set -u
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$E2E_DIR/pg.sh"
cd "$E2E_REPO_ROOT" || exit 1
pg_suite cluster
NODE_PIDS=()
PROXY_PID=""
cleanup() {
    [ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null
    for p in "${NODE_PIDS[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    pg_stop "$T/pg"
    [ "${E2E_KEEP:-}" = 1 ] || rm -rf "$T"
}
trap cleanup EXIT INT TERM

e2e_log "PostgreSQL at $PG_URL"
head -c 32 /dev/urandom > "$T/master.key"
BIN="$(e2e_iamd_bin)"
PORTS=()
for i in 1 2 3; do
    port="$(e2e_free_port)"
    PORTS+=("$port")
    "$BIN" serve --listen "127.0.0.1:$port" --data-dir "$T/node$i" --store "$PG_URL" \
        --master-key-file "$T/master.key" >> "$T/node$i.log" 2>&1 &
    NODE_PIDS+=($!)
    for _ in $(seq 150); do e2e_port_open "$port" && break; sleep 0.2; done
    e2e_port_open "$port" || { echo "node $i did not start:"; tail -n 30 "$T/node$i.log"; exit 1; }
done
e2e_log "nodes on ports ${PORTS[*]}"
PROXY_PORT="$(e2e_free_port)"
python3 "$E2E_DIR/rr_proxy.py" "$PROXY_PORT" "${PORTS[@]}" > "$T/proxy.log" 2>&1 &
PROXY_PID=$!
for _ in $(seq 50); do e2e_port_open "$PROXY_PORT" && break; sleep 0.1; done

FAILED=0
export AWS_SHARED_CREDENTIALS_FILE="$T/node1/credentials"
run() {
    local name="$1"; shift
    echo "----------------------------------------------------- cluster: $name"
    if "$@"; then echo "cluster: $name passed"; else echo "cluster: $name FAILED"; FAILED=$((FAILED + 1)); fi
}
E2E_ENDPOINT="http://127.0.0.1:$PROXY_PORT" run "cli (round robin)" bash "$E2E_DIR/cli.sh"
E2E_ENDPOINT="http://127.0.0.1:$PROXY_PORT" run "boto3 (round robin)" python3 "$E2E_DIR/test_boto3.py"
E2E_ENDPOINT="http://127.0.0.1:${PORTS[1]}" run "boto3 (node 2)" python3 "$E2E_DIR/test_boto3.py"
E2E_ENDPOINT="http://127.0.0.1:$PROXY_PORT" run "terraform (round robin)" bash "$E2E_DIR/terraform.sh"
kill "$PROXY_PID" 2>/dev/null; wait "$PROXY_PID" 2>/dev/null; PROXY_PID=""
grep "requests per node" "$T/proxy.log"
for p in "${NODE_PIDS[@]}"; do kill "$p" 2>/dev/null; done
wait "${NODE_PIDS[@]}" 2>/dev/null
NODE_PIDS=()
# A database of its own for the cluster tests (they start and kill their own nodes).
pg_as "$PG_BIN/createdb -h 127.0.0.1 -p $PG_PORT -U postgres iamd_cluster"
E2E_PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/iamd_cluster" IAMD_BIN="$BIN" \
    run "cluster behaviour" python3 "$E2E_DIR/test_cluster.py"
# Catch-up when the change log cannot answer: a reset (full reload), a pruned log.
pg_as "$PG_BIN/createdb -h 127.0.0.1 -p $PG_PORT -U postgres iamd_catchup"
E2E_PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/iamd_catchup" IAMD_BIN="$BIN" \
    run "catch-up: reset and pruned log" python3 "$E2E_DIR/test_cluster_catchup.py"
# iamd migrate: an SQLite data directory into PostgreSQL and back (records and events).
migrate_roundtrip() {
    local port; port="$(e2e_free_port)"
    export AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null
    "$BIN" serve --listen "127.0.0.1:$port" --data-dir "$T/sqlite" >> "$T/migrate.log" 2>&1 &
    local pid=$!
    for _ in $(seq 100); do e2e_port_open "$port" && break; sleep 0.1; done
    AWS_SHARED_CREDENTIALS_FILE="$T/sqlite/credentials" aws --endpoint-url "http://127.0.0.1:$port" \
        iam create-user --user-name migrated-user >/dev/null
    local created=$?
    kill "$pid"; wait "$pid" 2>/dev/null
    [ "$created" = 0 ] || return 1
    pg_as "$PG_BIN/createdb -h 127.0.0.1 -p $PG_PORT -U postgres iamd_migrate"
    local url="postgres://postgres@127.0.0.1:$PG_PORT/iamd_migrate"
    "$BIN" migrate --from "$T/sqlite" --to "$url" || return 1
    "$BIN" migrate --from "$url" --to "$T/back" --master-key-file "$T/sqlite/master.key" || return 1
    for where in "--store $url --master-key-file $T/sqlite/master.key --data-dir $T/pgnode" "--data-dir $T/back"; do
        port="$(e2e_free_port)"
        # shellcheck disable=SC2086
        "$BIN" serve --listen "127.0.0.1:$port" $where >> "$T/migrate.log" 2>&1 &
        pid=$!
        for _ in $(seq 100); do e2e_port_open "$port" && break; sleep 0.1; done
        local found events
        found="$(AWS_SHARED_CREDENTIALS_FILE="$T/sqlite/credentials" aws --endpoint-url "http://127.0.0.1:$port" \
            iam get-user --user-name migrated-user --output text --query User.UserName)"
        events="$(AWS_SHARED_CREDENTIALS_FILE="$T/sqlite/credentials" aws --endpoint-url "http://127.0.0.1:$port" \
            cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=CreateUser \
            --output text --query 'length(Events)')"
        kill "$pid"; wait "$pid" 2>/dev/null
        echo "migrated ($where): user $found, CreateUser events $events"
        [ "$found" = migrated-user ] && [ "$events" -ge 1 ] || return 1
    done
}
run "migrate sqlite -> postgres -> sqlite" migrate_roundtrip
if [ "$FAILED" -gt 0 ]; then
    echo "cluster: $FAILED part(s) failed; node logs:"; for i in 1 2 3; do tail -n 20 "$T/node$i.log"; done
    exit 1
fi
echo "cluster: all parts passed"
