#!/usr/bin/env bash
# The whole test suite, as the README gives it and as CI runs it (.ci/run calls this file):
#   1. formatting and lints, 2. every Rust test (unit, table-driven, SigV4 vectors, policy
#   corpus, Rust SDK integration), 3. end-to-end with the built binary and real clients
#   (aws CLI, boto3, terraform, the policy-validation corpus replay, the replay of AWS's recorded
#   IAM/STS answers, kill -9 durability).
# It installs the few Python test tools it needs itself; everything else is on the image.
set -euo pipefail
cd "$(dirname "$0")/.."

# One build, no incremental caches (they only pay off across repeated edits and cost gigabytes).
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

# Each step is announced with the time it starts and ends with how long the one before took.
STEP_NAME="" STEP_T0=$SECONDS RUN_T0=$SECONDS
step() {
    [ -n "$STEP_NAME" ] && printf '<== %s: %ss\n' "$STEP_NAME" "$((SECONDS - STEP_T0))"
    STEP_NAME="$*" STEP_T0=$SECONDS
    [ -n "$STEP_NAME" ] && printf '\n==> %s (%s)\n' "$*" "$(date -u +%H:%M:%S)"
    return 0
}

step "python test tools"
python3 -c 'import pytest' 2>/dev/null || python3 -m pip install --quiet 'pytest>=7'
python3 -c 'import boto3' 2>/dev/null || python3 -m pip install --quiet boto3
# the aws-recorded replay (LocalStack's snapshot library and what its recorded tests import)
python3 -c 'import localstack_snapshot, pyotp, cryptography' 2>/dev/null \
    || python3 -m pip install --quiet localstack-snapshot pyotp cryptography
# the console suite: Playwright for Python driving Debian's own Chromium (never `playwright
# install`, which downloads a browser build)
python3 -c 'import playwright' 2>/dev/null || python3 -m pip install --quiet playwright
if [ ! -x /usr/bin/chromium ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

step "generated API is what the models generate (tools/codegen/gen_api.py --check)"
python3 tools/codegen/gen_api.py --check

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings

# `cargo test` also builds the iamd, iamd-audit and iamd-zone binaries the end-to-end suites
# run (each package has integration tests that run its binaries). A separate `cargo build -p …`
# resolved the dependencies' features apart from the workspace's tests, so most crates were
# compiled twice (about 3 of the 14 minutes a build from nothing took).
step "cargo test (and the binaries the end-to-end suites run)"
cargo test --workspace --no-fail-fast --quiet 2>&1 | tee /tmp/iamd-cargo-test.log
grep -q "test result: ok" /tmp/iamd-cargo-test.log
for bin in iamd iamd-audit iamd-zone; do
    [ -x "${CARGO_TARGET_DIR:-$PWD/target}/debug/$bin" ] || { echo "cargo test did not build $bin"; exit 1; }
done

step "end-to-end suites"
IAMD_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/iamd" bash tests/e2e/run.sh
step ""
printf 'all steps: %ss\n' "$((SECONDS - RUN_T0))"
