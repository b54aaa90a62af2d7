#!/usr/bin/env bash
# The operator's tools on a PostgreSQL cluster (test_pg_tools.py): CloudTrail log files from
# three nodes (each event in exactly one file, a killed delivering node's successor goes on),
# retention that waits for the cluster's trail, `iamd events --store`, and create-account /
# recover-root / set-oidc-jwks with --store while the nodes run. Its own PostgreSQL 15,
# initialised from the image's binaries in a temp dir (pg.sh).
set -u
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$E2E_DIR/pg.sh"
pg_suite pg-tools
echo "pg-tools: PostgreSQL at $PG_URL"
E2E_PG_ADMIN="postgres://postgres@127.0.0.1:$PG_PORT/postgres" IAMD_BIN="$(e2e_iamd_bin)" \
    python3 "$E2E_DIR/test_pg_tools.py"
