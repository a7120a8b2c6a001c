#!/usr/bin/env bash
# Run the storage and service tests against a throwaway PostgreSQL cluster.
#
# Installs Debian's `postgresql` if it is missing (as root), creates a cluster under /tmp owned
# by the `postgres` user, starts it on 127.0.0.1 on a free port with a random password, exports
# TAIZHANG_TEST_DB_URL (every test then gets a fresh database there) and stops and removes the
# cluster again however the tests end.  Extra arguments go to pytest.
set -uo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8 LC_ALL=C.UTF-8 QT_QPA_PLATFORM=offscreen DEBIAN_FRONTEND=noninteractive

bash scripts/setup.sh || exit $?
.venv/bin/python -c 'import psycopg' 2>/dev/null || .venv/bin/python -m pip install -q -e ".[postgresql]" || exit $?

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
if [ -z "$(pg_bin)" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "ci-postgres: PostgreSQL is not installed and this is not root" >&2; exit 1
  fi
  apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql >/dev/null || exit $?
fi
BIN=$(pg_bin)

# The server refuses to run as root: it runs as `postgres` (Debian's package creates the user).
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

WORK=$(mktemp -d /tmp/taizhang-pg.XXXXXX)
chmod 755 "$WORK"
[ "$(id -u)" = 0 ] && chown postgres "$WORK"
PASSWORD=$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(12))')
PORT=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop_cluster() {
  as_pg "$BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$WORK"
}
trap stop_cluster EXIT

printf '%s\n' "$PASSWORD" > "$WORK/pw" && chmod 644 "$WORK/pw"
as_pg "$BIN/initdb" -D "$WORK/data" -U postgres --pwfile="$WORK/pw" --auth=scram-sha-256 \
  -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; exit 1; }
rm -f "$WORK/pw"
as_pg "$BIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $WORK -c fsync=off" start >/dev/null \
  || { cat "$WORK/server.log" >&2; exit 1; }

export TAIZHANG_TEST_DB_URL="postgresql+psycopg://postgres:$PASSWORD@127.0.0.1:$PORT/postgres"
echo "ci-postgres: PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"
.venv/bin/python -m pytest -p no:cacheprovider "$@" \
  tests/unit/test_foundation_services.py tests/unit/test_tree_services.py \
  tests/unit/test_progress_services.py tests/unit/test_summary.py \
  tests/unit/test_concurrent_edits.py tests/unit/test_storage.py
