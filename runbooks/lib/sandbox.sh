# The samples' own sandboxes: servers and file trees a sample creates for itself under
# $OPSBOOK_SANDBOX (set by the engine: $OPSBOOK_HOME/sandbox/<runbook id>), so that a sample run with
# its default parameters — by hand, by a schedule, on a machine with other PostgreSQL or Redis
# servers — reaches nothing it did not start. Sourced by lib/backup.sh.
#
#   relative path parameters (backup_dir=backups) resolve under $OPSBOOK_SANDBOX;
#   port 0 (redis_port=0, pg_port=0) means "the sample's own server", started on a free
#   127.0.0.1 port on first use and reused by later steps and runs (port in <server dir>/port).

sandbox_root() {
  [ -n "${OPSBOOK_SANDBOX:-}" ] || die "OPSBOOK_SANDBOX is not set: run the sample through opsbook (or runbooks/test/run-procedure.sh), or give absolute paths and real ports"
  mkdir -p "$OPSBOOK_SANDBOX"
  printf '%s\n' "$OPSBOOK_SANDBOX"
}

# sandbox_paths VAR... : makes each named variable that holds a relative path absolute under the sandbox.
sandbox_paths() {
  local var value
  for var in "$@"; do
    value=${!var:-}
    [ -n "$value" ] && [ "${value#/}" = "$value" ] || continue
    case "/$value/" in */../*) die "$var=$value: a sandbox path may not contain '..'" ;; esac
    printf -v "$var" '%s/%s' "$(sandbox_root)" "$value"
    export "${var?}"
  done
}

# free_port : prints a TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
  local port i
  for i in $(seq 1 50); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
  done
  die "no free TCP port found on 127.0.0.1"
}

# sandbox_alive DIR MATCH : true when DIR/pid names a live process whose command line contains MATCH
# and whose working directory is DIR (redis-server rewrites its command line, but stays in --dir).
sandbox_alive() {
  local pid
  pid=$(cat "$1/pid" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$2" && [ "$(readlink "/proc/$pid/cwd")" = "$(cd "$1" && pwd -P)" ]
}

# sandbox_redis NAME : with REDIS_PORT=0, starts (or reuses) the sample's own redis-server
# $OPSBOOK_SANDBOX/redis-NAME and points REDIS_HOST/REDIS_PORT at it. Any other port is left alone.
sandbox_redis() {
  [ "${REDIS_PORT:-}" = 0 ] || return 0
  require_cmd redis-server redis-cli
  local dir port i
  dir="$(sandbox_root)/redis-$1"
  mkdir -p "$dir"
  if ! sandbox_alive "$dir" redis-server || ! port_answers_redis "$(cat "$dir/port" 2>/dev/null)"; then
    for i in 1 2 3; do
      port=$(free_port)
      # no persistence, like the cache it stands for; --dir names the sandbox so the pid check can tell it apart
      redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no --daemonize yes --dir "$dir" \
        --pidfile "$dir/pid" --logfile "$dir/redis.log" </dev/null >/dev/null
      for _ in $(seq 1 50); do port_answers_redis "$port" && break; sleep 0.1; done
      if port_answers_redis "$port"; then echo "$port" >"$dir/port"; log "started the sandbox redis $1 on 127.0.0.1:$port ($dir)"; break; fi
    done
    port_answers_redis "$(cat "$dir/port" 2>/dev/null)" || die "cannot start the sandbox redis in $dir: $(tail -2 "$dir/redis.log" 2>/dev/null)"
  fi
  REDIS_HOST=127.0.0.1
  REDIS_PORT=$(cat "$dir/port")
  export REDIS_HOST REDIS_PORT
}
port_answers_redis() { [ -n "$1" ] && [ "$(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" = PONG ]; }

# sandbox_redis_stop NAME : stops the sandbox redis NAME (its keys are gone: it has no persistence).
sandbox_redis_stop() {
  local dir="${OPSBOOK_SANDBOX:?}/redis-$1" pid
  if sandbox_alive "$dir" redis-server; then
    pid=$(cat "$dir/pid")
    kill -TERM "$pid"
    for _ in $(seq 1 100); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
    log "stopped the sandbox redis $1"
  fi
  rm -f "$dir/pid" "$dir/port"
}

# pg_bin PROGRAM : the PostgreSQL server program (initdb, pg_ctl), from PATH or the newest /usr/lib/postgresql.
pg_bin() {
  local found
  found=$(command -v "$1" 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -1)
  [ -n "$found" ] || die "$1 not found: install the PostgreSQL server (Debian: postgresql)"
  echo "$found"
}

# as_server_user CMD... : PostgreSQL refuses to run as root; as root, run it in a user namespace
# where it is not (the same trick as the embedded database).
as_server_user() {
  if [ "$(id -u)" = 0 ]; then unshare -U "$@"; else "$@"; fi
}

# sandbox_postgres : with PG_PORT=0, creates (once) and starts the sample's own PostgreSQL cluster
# $OPSBOOK_SANDBOX/postgres (trust authentication, 127.0.0.1 only) and points PG_HOST/PG_PORT/PG_USER at it.
sandbox_postgres() {
  [ "${PG_PORT:-}" = 0 ] || return 0
  local dir port
  dir="$(sandbox_root)/postgres"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    rm -rf "$dir/data"
    mkdir -p "$dir"
    as_server_user "$(pg_bin initdb)" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 -N \
      >"$dir/initdb.log" 2>&1 || die "initdb of the sandbox PostgreSQL failed: $(tail -3 "$dir/initdb.log")"
    log "created the sandbox PostgreSQL cluster $dir/data"
  fi
  if ! as_server_user "$(pg_bin pg_ctl)" -D "$dir/data" status >/dev/null 2>&1; then
    port=$(free_port)
    as_server_user "$(pg_bin pg_ctl)" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off" start >/dev/null 2>&1 ||
      die "the sandbox PostgreSQL did not start: $(tail -3 "$dir/server.log" 2>/dev/null)"
    echo "$port" >"$dir/port"
    log "started the sandbox PostgreSQL on 127.0.0.1:$port ($dir)"
  fi
  PG_HOST=127.0.0.1
  PG_PORT=$(cat "$dir/port")
  PG_USER=postgres
  export PG_HOST PG_PORT PG_USER
}

# sandbox_postgres_stop : stops the sandbox cluster (its databases stay in $OPSBOOK_SANDBOX/postgres/data).
sandbox_postgres_stop() {
  local dir="${OPSBOOK_SANDBOX:?}/postgres"
  [ -f "$dir/data/PG_VERSION" ] || return 0
  if as_server_user "$(pg_bin pg_ctl)" -D "$dir/data" status >/dev/null 2>&1; then
    as_server_user "$(pg_bin pg_ctl)" -D "$dir/data" -m fast -w stop >/dev/null
    log "stopped the sandbox PostgreSQL"
  fi
  rm -f "$dir/port"
}
