#!/usr/bin/env bash
# The kill -9 durability suite (durability.py) with iamd's store on PostgreSQL 15, initialised
# from the image's binaries in a temp dir (IAMD_STORE is read by `iamd serve`).
set -u
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$E2E_DIR/pg.sh"
if [ "$E2E_TARGET" = moto ]; then echo "durability-postgres: iamd only (skipped for moto)"; exit 77; fi
if [ ! -x "$PG_BIN/initdb" ]; then echo "durability-postgres: no PostgreSQL 15 at $PG_BIN (skipped)"; exit 77; fi
T="$(mktemp -d "${TMPDIR:-/tmp}/iamd-durability-pg.XXXXXX")"
chmod 755 "$T"
trap 'pg_stop "$T/pg"; rm -rf "$T"' EXIT INT TERM
pg_start "$T/pg" || { echo "durability-postgres: cannot start PostgreSQL"; exit 1; }
echo "durability-postgres: store $PG_URL"
IAMD_STORE="$PG_URL" python3 "$E2E_DIR/durability.py"
