#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1 for the store's integration tests and prints the
# line that points the tests at it:  eval "$(bash .ci/postgres-setup.sh)"
# Installs Debian's postgresql package when it is missing. Everything but the export line goes to stderr.
set -euo pipefail

PORT="${MLENERGY_PG_PORT:-55432}"
DB=mlenergy_test
USER_NAME=mlenergy
PASSWORD=mlenergy-test

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >&2
fi
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"

DATA="$(mktemp -d /tmp/mlenergy-pg-XXXXXX)"
chown postgres:postgres "$DATA"
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }

as_postgres "'$BIN/initdb' -D '$DATA/data' -A trust -U postgres" >&2
# A port another server holds (an earlier run's) is skipped: the next ten are tried in turn.
started=no
for try in $(seq 0 10); do
  if as_postgres "'$BIN/pg_ctl' -D '$DATA/data' -l '$DATA/server.log' -o \"-c listen_addresses=127.0.0.1 -p $PORT -k '$DATA'\" -w start" >&2; then
    started=yes
    break
  fi
  PORT=$((PORT + 1))
done
[ "$started" = yes ] || { echo "PostgreSQL did not start on ports ${MLENERGY_PG_PORT:-55432}-$PORT" >&2; exit 1; }

psql_admin() { as_postgres "'$BIN/psql' -h 127.0.0.1 -p $PORT -U postgres -v ON_ERROR_STOP=1 -qc \"$1\""; }
psql_admin "CREATE USER $USER_NAME WITH PASSWORD '$PASSWORD'" >&2
psql_admin "CREATE DATABASE $DB OWNER $USER_NAME" >&2

echo "export MLENERGY_TEST_POSTGRES=postgres://$USER_NAME:$PASSWORD@127.0.0.1:$PORT/$DB"
