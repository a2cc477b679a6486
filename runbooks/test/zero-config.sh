#!/usr/bin/env bash
# Proves that the sample runbooks, run with their default parameters (as a zero-config
# `opsbook serve` fires their schedules, and as a new user first tries them), reach no service they
# did not start. It needs a machine where a PostgreSQL listens on 127.0.0.1:5432 and a Redis on
# 127.0.0.1:6379 — the ones the samples used to default to — so it makes one: run it as root inside
# a private network namespace (`unshare -rn`), where it starts such "bystander" servers itself with
# data of their own, runs the samples, and checks that no client other than its own checks ever
# connected to them and that their data is unchanged.
#
# Usage: unshare -rn runbooks/test/zero-config.sh [--serve] [OPSBOOK COMMAND...]
#   without a command the procedures run through runner.sh (the engine's step contract, no Java);
#   with one (e.g. `java -cp CP dev.opsbook.cli.Opsbook`) through `COMMAND run RUNBOOK PROC --as alice`
#   with OPSBOOK_HOME a fresh directory and no OPSBOOK_DB_* (the embedded database);
#   with --serve, `COMMAND serve` instead, zero-config, on a copy of the samples whose schedules fire
#   every 5 s instead of hourly: it runs until every scheduled sample has finished a run, then SIGTERM.
# Exit status 0 when nothing was touched, 1 otherwise, 2 when it cannot set up.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RUNBOOKS=$(dirname "$HERE")
EXTRACT="$HERE/extract.py"
VERBOSE=${VERBOSE:-0}
TAG="zc$$"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/opsbook-zero-config.XXXXXX")
SANDBOX_ROOT="$TMP/home/sandbox"
SERVE=0
if [ "${1:-}" = --serve ]; then SERVE=1; shift; fi
OPSBOOK=("$@")
[ "$SERVE" = 0 ] || [ ${#OPSBOOK[@]} -gt 0 ] || { echo "zero-config.sh: --serve needs the opsbook command" >&2; exit 2; }
# shellcheck source=runbooks/test/runner.sh
source "$HERE/runner.sh"
source "$RUNBOOKS/lib/backup.sh"   # as_server_user, pg_bin, sandbox_postgres_stop, sandbox_redis_stop

[ "$(id -u)" = 0 ] && ! (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null && ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null ||
  { echo "zero-config.sh: run it inside a private network namespace: unshare -rn $0" >&2; exit 2; }
ip link set lo up

cleanup() {
  for dir in "$SANDBOX_ROOT"/*/redis-*; do [ -d "$dir" ] && OPSBOOK_SANDBOX=$(dirname "$dir") sandbox_redis_stop "${dir##*/redis-}"; done
  for dir in "$SANDBOX_ROOT"/*/postgres; do [ -d "$dir" ] && OPSBOOK_SANDBOX=$(dirname "$dir") sandbox_postgres_stop; done
  [ -f "$TMP/topology.pids" ] && xargs -r kill <"$TMP/topology.pids"
  [ -f "$TMP/serve.pid" ] && kill -9 "$(cat "$TMP/serve.pid")"
  redis-cli -p 6379 shutdown nosave >/dev/null 2>&1 || true
  as_server_user "$(pg_bin pg_ctl)" -D "$TMP/bystander-pg" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$TMP"
} >/dev/null 2>&1
trap cleanup EXIT

# --- the bystanders: what a developer machine runs, with data that must stay as it is ----------
redis-server --bind 127.0.0.1 --port 6379 --save "" --daemonize yes --logfile "$TMP/bystander-redis.log" >/dev/null
as_server_user "$(pg_bin initdb)" -D "$TMP/bystander-pg" -U postgres --auth=trust -N >/dev/null
as_server_user "$(pg_bin pg_ctl)" -D "$TMP/bystander-pg" -l "$TMP/bystander-pg.log" -w \
  -o "-p 5432 -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c log_connections=on" start >/dev/null
for _ in $(seq 1 50); do [ "$(redis-cli -p 6379 ping 2>/dev/null)" = PONG ] && break; sleep 0.1; done
redis-cli -p 6379 set team:precious "do not touch" >/dev/null
bpsql() { PGAPPNAME=bystander-check psql -X -qAt -h 127.0.0.1 -p 5432 -U postgres "$@"; }
bpsql -d postgres -c "CREATE DATABASE orders"
bpsql -d orders -c "CREATE TABLE customers (id int primary key, name text); INSERT INTO customers VALUES (1, 'precious')"
databases_before=$(bpsql -d postgres -c "SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database")
redis_connections() { redis-cli -p 6379 info stats | tr -d '\r' | sed -n 's/^total_connections_received://p'; }
connections_before=$(redis_connections)

# --- the samples, with their defaults ---------------------------------------------------------
mkdir -p "$TMP/home"
printf 'sre = alice\n' >"$TMP/home/groups.properties"
failed=0
run() {
  local runbook=$1 procedure=$2
  say "--- $runbook / $procedure (default parameters)"
  if [ ${#OPSBOOK[@]} -gt 0 ]; then
    (cd "$RUNBOOKS/.." && env -u OPSBOOK_DB_URL -u PGHOST -u PGPORT OPSBOOK_HOME="$TMP/home" \
      "${OPSBOOK[@]}" run "runbooks/$runbook.md" "$procedure" --as alice) >"$TMP/last.log" 2>&1 ||
      { sed 's/^/    /' "$TMP/last.log"; say "    FAILED"; failed=1; return 0; }
    [ "$VERBOSE" = 0 ] || sed 's/^/    /' "$TMP/last.log"
  else
    run_procedure "$runbook" "$procedure" || { say "    FAILED"; failed=1; }
  fi
}
serve_until_schedules_ran() {
  # the samples as they are, but their schedules every 5 s; links resolve as in the checkout
  mkdir -p "$TMP/repo/runbooks"
  cp "$RUNBOOKS"/*.md "$TMP/repo/runbooks/"
  for d in "$RUNBOOKS"/*/; do ln -s "${d%/}" "$TMP/repo/runbooks/$(basename "$d")"; done
  ln -s "$RUNBOOKS/../docs" "$TMP/repo/docs"
  sed -i 's/^  - cron: ".*"$/  - cron: "0\/5 * * * * ?"/' "$TMP/repo/runbooks/"*.md
  (cd "$TMP/repo" && exec env -u OPSBOOK_DB_URL -u PGHOST -u PGPORT OPSBOOK_HOME="$TMP/home" OPSBOOK_RUNBOOKS=runbooks \
    "${OPSBOOK[@]}" serve --port 0 >"$TMP/serve.log" 2>&1) &
  echo $! >"$TMP/serve.pid"
  local deadline=$((SECONDS + 400)) runbook done_all
  say "--- opsbook serve (zero-config), schedules firing every 5 s"
  while :; do
    sleep 5
    kill -0 "$(cat "$TMP/serve.pid")" 2>/dev/null || { tail -20 "$TMP/serve.log"; say "    FAILED: serve exited"; failed=1; return; }
    grep -q 'Started Opsbook' "$TMP/serve.log" || { [ "$SECONDS" -lt "$deadline" ] && continue; }
    (cd "$TMP/repo" && env -u OPSBOOK_DB_URL OPSBOOK_HOME="$TMP/home" "${OPSBOOK[@]}" runs) >"$TMP/runs.txt" 2>&1 || true
    done_all=1
    for runbook in orders-db sessions-cache uploads-store; do
      grep -Eq "^\S+ +(succeeded|failed|rolled.back|timed.out) +$runbook " "$TMP/runs.txt" || done_all=0
    done
    [ "$done_all" = 1 ] && break
    [ "$SECONDS" -lt "$deadline" ] || { cat "$TMP/runs.txt"; tail -20 "$TMP/serve.log"; say "    FAILED: not every schedule ran"; failed=1; break; }
  done
  sed 's/^/    /' "$TMP/runs.txt" | head -20
  kill -TERM "$(cat "$TMP/serve.pid")"
  wait "$(cat "$TMP/serve.pid")" 2>/dev/null || true
  rm -f "$TMP/serve.pid"
  say "    serve stopped"
}
if [ "$SERVE" = 1 ]; then
  serve_until_schedules_ran
else
  for runbook in orders-db sessions-cache uploads-store; do
    run "$runbook" seed
    run "$runbook" backup
  done
  run checkout-api-failover start-local-topology
  run checkout-api-failover stop-local-topology
  [ ${#OPSBOOK[@]} -gt 0 ] || { run orders-db restore; run uploads-store restore; }
fi

# --- nothing touched --------------------------------------------------------------------------
touched=0
verdict() { if "$@"; then say "    ok: $description"; else say "    TOUCHED: $description"; touched=1; fi; }
description="the machine's Redis received no connection but this check's" verdict [ "$(redis_connections)" = $((connections_before + 1)) ]
description="the machine's Redis still holds exactly its own key" verdict [ "$(redis-cli -p 6379 dbsize)" = 1 ] 
description="the machine's Redis key is unchanged" verdict [ "$(redis-cli -p 6379 get team:precious)" = "do not touch" ]
foreign=$(grep 'connection authorized' "$TMP/bystander-pg.log" | grep -vc 'application_name=bystander-check' || true)
description="the machine's PostgreSQL logged no connection but this check's ($foreign others)" verdict [ "$foreign" = 0 ]
description="the machine's PostgreSQL has the same databases" verdict [ "$(bpsql -d postgres -c "SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database")" = "$databases_before" ]
description="the machine's orders table is unchanged" verdict [ "$(bpsql -d orders -c "SELECT string_agg(id || ':' || name, ',') FROM customers")" = "1:precious" ]
description="the samples' own servers and files are under OPSBOOK_HOME/sandbox" verdict test -d "$SANDBOX_ROOT/orders-db/postgres/data" -a -d "$SANDBOX_ROOT/sessions-cache/redis-live"
if [ "$SERVE" = 0 ]; then
  # each sandbox server is one server across steps and runs: the backup holds what Seed wrote
  meta=$(ls "$SANDBOX_ROOT"/sessions-cache/backups/*.rdb.meta.json 2>/dev/null | tail -1)
  seeded_backup() { [ -n "$meta" ] && [ "$(jq -r .keys "$meta")" = 106 ]; }
  description="sessions-cache: its backup holds the 105 seeded keys and the canary (one sandbox Redis across steps)" \
    verdict seeded_backup
  redis_count=$(for p in $(pgrep -x redis-server); do readlink "/proc/$p/cwd"; done | grep -c "^$SANDBOX_ROOT/" || true)
  description="one sandbox redis-server runs ($redis_count)" verdict [ "$redis_count" = 1 ]
fi
[ "$failed" = 0 ] || say "some sample runs failed (see above)"
[ "$touched" = 0 ] && [ "$failed" = 0 ]
