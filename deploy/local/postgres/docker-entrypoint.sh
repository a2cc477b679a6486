#!/usr/bin/env bash
# First start: initdb in $PGDATA with POSTGRES_USER/POSTGRES_PASSWORD, create POSTGRES_DB, run
# /docker-entrypoint-initdb.d/* against it (as the official image does); every start: run postgres as
# the postgres user. See the Dockerfile for the contract.
set -Eeuo pipefail

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

user=${POSTGRES_USER:-postgres}
db=${POSTGRES_DB:-$user}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  [ -n "${POSTGRES_PASSWORD:-}" ] || { echo "docker-entrypoint: set POSTGRES_PASSWORD (the database is not initialised)" >&2; exit 1; }
  initdb -D "$PGDATA" --username="$user" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  printf 'host all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
  printf "listen_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
  pg_ctl -D "$PGDATA" -w -o "-c listen_addresses='' -k /var/run/postgresql" start >/dev/null
  run_sql() { psql -v ON_ERROR_STOP=1 -X -q -h /var/run/postgresql -U "$user" "$@"; }
  if [ "$db" != postgres ]; then
    run_sql -d postgres --set db="$db" <<<'CREATE DATABASE :"db"'
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) echo "docker-entrypoint: running $f" >&2
            if [ -x "$f" ]; then "$f"; else . "$f"; fi ;;
      *.sql) echo "docker-entrypoint: running $f" >&2; run_sql -d "$db" -f "$f" ;;
      *.sql.gz) echo "docker-entrypoint: running $f" >&2; gunzip -c "$f" | run_sql -d "$db" ;;
      *) if [ -e "$f" ]; then echo "docker-entrypoint: ignoring $f" >&2; fi ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "docker-entrypoint: database $db initialised for $user; ready for start up" >&2
fi

if [ "${1:-}" = postgres ]; then
  shift
  exec postgres -D "$PGDATA" -k /var/run/postgresql "$@"
fi
exec "$@"
