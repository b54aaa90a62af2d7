# shellcheck shell=bash
# Shared helpers for the end-to-end suites: start/stop a server on a free port with a temp data dir.
#
#   source tests/e2e/lib.sh
#   e2e_start_server        # exports E2E_ENDPOINT, E2E_PORT, E2E_DATA_DIR, AWS_SHARED_CREDENTIALS_FILE, ...
#   e2e_kill9_server        # SIGKILL, keeps the data dir
#   e2e_restart_server      # start again on the same data dir (and a new port)
#   e2e_stop_server         # SIGTERM, then SIGKILL after 10 s
#
# Target: iamd by default ($IAMD_BIN, default target/debug/iamd relative to the repo root), started as
#   $IAMD_BIN serve --listen 127.0.0.1:$PORT --data-dir $DIR
# which writes root credentials to $DIR/credentials (shared-credentials format, profile `default`).
# With E2E_TARGET=moto, `python3 -m moto.server -p $PORT` is started instead and a credentials file
# with test/test is written. E2E_KEEP=1 keeps the temp directory (server log, data dir) for debugging.
# A cleanup trap (EXIT/INT/TERM) stops the server and removes the temp directory.

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
E2E_REPO_ROOT="$(cd "$E2E_DIR/../.." && pwd)"
E2E_TARGET="${E2E_TARGET:-iamd}"
export E2E_TARGET

# This image's `aws` and `python3` are pyenv shims: bash scripts that run `pyenv exec` at every
# call (about 0.1 s of CPU, a tenth of what an `aws` call costs, on each of the suites'
# thousands). The suites run the programs the shims resolve to, the same aws CLI and Python, by
# putting their folder first on PATH.
if [ -z "${E2E_PATH_RESOLVED:-}" ] && command -v pyenv >/dev/null 2>&1 \
    && _e2e_real_aws="$(pyenv which aws 2>/dev/null)" && [ -x "$_e2e_real_aws" ]; then
    PATH="$(dirname "$_e2e_real_aws"):$PATH"
    export PATH E2E_PATH_RESOLVED=1
fi
unset _e2e_real_aws

E2E_SERVER_PID=""
E2E_TMP=""
E2E_OWN_TMP=0

e2e_log() { echo "[e2e $(date +%H:%M:%S)] $*" >&2; }

# A fresh, hermetic AWS client environment: nothing from the caller's profile/env leaks in.
e2e_client_env() {
    unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_PROFILE \
          AWS_DEFAULT_PROFILE AWS_ROLE_ARN AWS_WEB_IDENTITY_TOKEN_FILE AWS_CA_BUNDLE
    export AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
    export AWS_EC2_METADATA_DISABLED=true AWS_PAGER=""
    : > "$E2E_TMP/aws-config"
    export AWS_CONFIG_FILE="$E2E_TMP/aws-config"
}

e2e_free_port() {
    python3 - <<'EOF'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}

e2e_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

e2e_iamd_bin() {
    local bin="${IAMD_BIN:-target/debug/iamd}"
    case "$bin" in
        /*) ;;
        *) if [ ! -x "$bin" ]; then bin="$E2E_REPO_ROOT/$bin"; fi ;;
    esac
    echo "$bin"
}

# Start the server process (on $E2E_DATA_DIR, which must already be set) and wait for its port.
# A free port can be taken by another process (suites run side by side) between the moment it is
# chosen and the server's bind: then the server exits at once and another port is tried.
_e2e_launch() {
    local attempt
    for attempt in 1 2 3; do
        _e2e_launch_once && return 0
        [ $? -eq 98 ] || return 1   # 98: the port was taken (EADDRINUSE's errno)
        e2e_log "port $E2E_PORT was taken before the server bound it; trying another"
    done
    return 1
}

_e2e_launch_once() {
    E2E_PORT="$(e2e_free_port)"
    E2E_ENDPOINT="http://127.0.0.1:$E2E_PORT"
    export E2E_PORT E2E_ENDPOINT E2E_DATA_DIR
    export AWS_ENDPOINT_URL="$E2E_ENDPOINT"
    local log="$E2E_TMP/server.log"
    echo "=== start $(date) port $E2E_PORT" >> "$log"
    if [ "$E2E_TARGET" = moto ]; then
        # AWS-managed policies (ReadOnlyAccess, job-function/...) are only loaded on request.
        MOTO_IAM_LOAD_MANAGED_POLICIES=true \
            python3 -m moto.server -H 127.0.0.1 -p "$E2E_PORT" >> "$log" 2>&1 &
        E2E_SERVER_PID=$!
    else
        local bin
        bin="$(e2e_iamd_bin)"
        if [ ! -x "$bin" ]; then
            e2e_log "iamd binary not found or not executable: $bin (set IAMD_BIN, or E2E_TARGET=moto)"
            return 1
        fi
        "$bin" serve --listen "127.0.0.1:$E2E_PORT" --data-dir "$E2E_DATA_DIR" >> "$log" 2>&1 &
        E2E_SERVER_PID=$!
    fi
    export E2E_SERVER_PID
    local deadline=$((SECONDS + 60))
    # iamd's own "listening" line, not only an open port: the port could be another process's.
    while ! { e2e_port_open "$E2E_PORT" && { [ "$E2E_TARGET" = moto ] \
              || grep -qF "iamd listening on http://127.0.0.1:$E2E_PORT " "$log"; }; }; do
        if ! kill -0 "$E2E_SERVER_PID" 2>/dev/null; then
            E2E_SERVER_PID=""
            if tail -n 5 "$log" | grep -qi "address already in use"; then return 98; fi
            e2e_log "server exited before accepting connections; log:"
            tail -n 40 "$log" >&2
            return 1
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            e2e_log "server did not accept connections on port $E2E_PORT within 60 s; log:"
            tail -n 40 "$log" >&2
            return 1
        fi
        sleep 0.2
    done
    if [ "$E2E_TARGET" != moto ]; then
        # iamd writes the credentials before it listens; allow a moment anyway.
        local i
        for i in $(seq 50); do [ -s "$E2E_DATA_DIR/credentials" ] && break; sleep 0.1; done
        if [ ! -s "$E2E_DATA_DIR/credentials" ]; then
            e2e_log "iamd is listening but $E2E_DATA_DIR/credentials was not written"
            return 1
        fi
        export AWS_SHARED_CREDENTIALS_FILE="$E2E_DATA_DIR/credentials"
    fi
    e2e_log "$E2E_TARGET listening at $E2E_ENDPOINT (pid $E2E_SERVER_PID, data $E2E_DATA_DIR)"
}

e2e_start_server() {
    if [ -z "$E2E_TMP" ]; then
        E2E_TMP="$(mktemp -d "${TMPDIR:-/tmp}/iamd-e2e.XXXXXX")"
        E2E_OWN_TMP=1
    fi
    export E2E_TMP
    E2E_DATA_DIR="$(mktemp -d "$E2E_TMP/data.XXXXXX")"   # fresh for every start_server
    e2e_client_env
    if [ "$E2E_TARGET" = moto ]; then
        printf '[default]\naws_access_key_id = test\naws_secret_access_key = test\n' > "$E2E_TMP/credentials"
        export AWS_SHARED_CREDENTIALS_FILE="$E2E_TMP/credentials"
    fi
    _e2e_launch
}

e2e_restart_server() { _e2e_launch; }

e2e_kill9_server() {
    if [ -n "$E2E_SERVER_PID" ]; then
        kill -9 "$E2E_SERVER_PID" 2>/dev/null
        wait "$E2E_SERVER_PID" 2>/dev/null
        E2E_SERVER_PID=""
    fi
}

e2e_stop_server() {
    if [ -n "$E2E_SERVER_PID" ]; then
        kill -TERM "$E2E_SERVER_PID" 2>/dev/null
        local i
        for i in $(seq 100); do
            kill -0 "$E2E_SERVER_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$E2E_SERVER_PID" 2>/dev/null
        wait "$E2E_SERVER_PID" 2>/dev/null
        E2E_SERVER_PID=""
    fi
}

e2e_cleanup() {
    e2e_stop_server
    if [ "$E2E_OWN_TMP" = 1 ] && [ -n "$E2E_TMP" ]; then
        if [ "${E2E_KEEP:-0}" = 1 ]; then
            e2e_log "keeping $E2E_TMP"
        else
            rm -rf "$E2E_TMP"
        fi
    fi
}

# Use an already running server when E2E_ENDPOINT and AWS_SHARED_CREDENTIALS_FILE are set (run.sh does
# that), else start one. Either way the client environment is made hermetic.
e2e_use_or_start_server() {
    if [ -n "${E2E_ENDPOINT:-}" ] && [ -n "${AWS_SHARED_CREDENTIALS_FILE:-}" ]; then
        local creds="$AWS_SHARED_CREDENTIALS_FILE"
        E2E_TMP="$(mktemp -d "${TMPDIR:-/tmp}/iamd-e2e.XXXXXX")"
        E2E_OWN_TMP=1
        e2e_client_env
        export AWS_SHARED_CREDENTIALS_FILE="$creds" AWS_ENDPOINT_URL="$E2E_ENDPOINT"
    else
        e2e_start_server
    fi
}

# Read a key of profile `default` from the shared credentials file.
e2e_cred() {
    python3 - "$AWS_SHARED_CREDENTIALS_FILE" "$1" <<'EOF'
import configparser, sys
c = configparser.RawConfigParser()
c.read(sys.argv[1])
print(c.get("default", sys.argv[2]))
EOF
}

trap e2e_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Terraform suites -------------------------------------------------------------------------
# e2e_tf_workdir NAME: a work folder $E2E_TMP/NAME holding tests/e2e/NAME/main.tf and a CLI config
# that takes the AWS provider from the offline filesystem mirror; sets WORK and the TF_* variables.
e2e_tf_workdir() {
    WORK="$E2E_TMP/$1"
    mkdir -p "$WORK"
    cp "$E2E_DIR/$1/main.tf" "$WORK/"
    cat > "$WORK/cli.tfrc" <<TFRC
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
    export TF_CLI_CONFIG_FILE="$WORK/cli.tfrc" TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
}

# Check helpers of the Terraform suites (failures counted in FAILS); a suite may redefine them.
fail() { FAILS=$((FAILS + 1)); echo "FAIL - $*"; }
ok() { echo "ok   - $*"; }
tf() { timeout "${E2E_TF_TIMEOUT:-600}" terraform -chdir="$WORK" "$@"; }
# tf_out NAME: an output's value as `terraform output -raw NAME` prints it. All outputs are read
# with one `terraform output -json` per state (each terraform start costs about a second), kept
# until an apply rewrites the state.
tf_out() {
    local cache="$WORK/outputs.json"
    if [ ! -s "$cache" ] || [ "$WORK/terraform.tfstate" -nt "$cache" ]; then
        tf output -json > "$cache.tmp" || return 1
        mv "$cache.tmp" "$cache"
    fi
    python3 - "$cache" "$1" <<'PY'
import json, sys
outputs = json.load(open(sys.argv[1]))
if sys.argv[2] not in outputs:
    sys.exit(f"no output {sys.argv[2]!r}")
value = outputs[sys.argv[2]]["value"]
print(value if isinstance(value, str) else json.dumps(value), end="")
PY
}
awsx() { aws --endpoint-url "$E2E_ENDPOINT" --output text "$@"; }
expect_eq() { if [ "$2" = "$3" ]; then ok "$1"; else fail "$1"; echo "       want: $2"; echo "       got:  $3"; fi; }

# e2e_tf_init_apply SUITE VAR-ARGS...: terraform init from the mirror (the suite stops if that
# fails), then apply with the given -var arguments; APPLIED=1 when the apply succeeded.
e2e_tf_init_apply() {
    local suite="$1"
    shift
    if ! tf init -input=false -no-color > "$WORK/init.log" 2>&1; then
        cat "$WORK/init.log"; fail "terraform init (offline, filesystem mirror)"
        echo "# $suite: init failed"; exit 1
    fi
    ok "terraform init (offline, filesystem mirror)"
    APPLIED=0
    if tf apply -auto-approve -no-color "$@" > "$WORK/apply.log" 2>&1; then
        ok "terraform apply"
        APPLIED=1
    else
        { grep -A8 '^Error' "$WORK/apply.log" || tail -n 40 "$WORK/apply.log"; } | head -n 120; fail "terraform apply"
    fi
}
