#!/usr/bin/env bash
# The kill -9 durability suite (durability.py) with iamd's store on PostgreSQL 15, initialised
# from the image's binaries in a temp dir (IAMD_STORE is read by `iamd serve`).
set -u
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$E2E_DIR/pg.sh"
pg_suite durability-postgres
echo "durability-postgres: store $PG_URL"
IAMD_STORE="$PG_URL" python3 "$E2E_DIR/durability.py"
