#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster from the image's binaries, for the cluster and durability
# suites:  source tests/e2e/pg.sh; pg_start DIR  (sets PG_URL; pg_stop DIR stops it).
# PostgreSQL refuses to run as root, so initdb/pg_ctl run as the `postgres` user; this image's
# /dev/null is mode 0600, which breaks initdb for any non-root user: made 0666 (its usual mode).
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

pg_as() {
    if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

pg_start() {
    local dir="$1" port="${2:-0}"
    [ "$(id -u)" = 0 ] && chmod 666 /dev/null
    if [ "$port" = 0 ]; then
        port="$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')"
    fi
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    pg_as "$PG_BIN/initdb -D '$dir/data' -U postgres -A trust --no-sync -E UTF8 >'$dir/initdb.log' 2>&1" || { cat "$dir/initdb.log"; return 1; }
    pg_as "$PG_BIN/pg_ctl -D '$dir/data' -l '$dir/pg.log' -w -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c max_connections=200\" start >/dev/null" || { cat "$dir/pg.log"; return 1; }
    pg_as "$PG_BIN/createdb -h 127.0.0.1 -p $port -U postgres iamd" || return 1
    PG_PORT="$port"
    PG_URL="postgres://postgres@127.0.0.1:$port/iamd"
    export PG_URL PG_PORT
}

pg_stop() {
    local dir="$1"
    pg_as "$PG_BIN/pg_ctl -D '$dir/data' -m immediate stop >/dev/null 2>&1" || true
}

# pg_suite NAME: the start of a suite on its own PostgreSQL: iamd only (exit 77 for moto), the
# image's binaries needed (exit 77 without); a temp dir $T (kept with E2E_KEEP=1) holding a
# started cluster ($PG_URL, $PG_PORT), stopped and removed at exit (a suite that needs more
# cleaning sets its own trap, calling pg_stop "$T/pg").
pg_suite() {
    local name="$1"
    if [ "$E2E_TARGET" = moto ]; then echo "$name: iamd only (skipped for moto)"; exit 77; fi
    if [ ! -x "$PG_BIN/initdb" ]; then echo "$name: no PostgreSQL 15 at $PG_BIN (skipped)"; exit 77; fi
    T="$(mktemp -d "${TMPDIR:-/tmp}/iamd-$name.XXXXXX")"
    chmod 755 "$T"
    trap 'pg_stop "$T/pg"; [ "${E2E_KEEP:-}" = 1 ] || rm -rf "$T"' EXIT INT TERM
    pg_start "$T/pg" || { echo "$name: cannot start PostgreSQL"; exit 1; }
}
