# Shared shell functions for runbooks that start and stop local background processes (scratch
# servers, the checkout-api demo topology). Source it from a step after lib/backup.sh:
#   source "$OPSBOOK_RUNBOOK_DIR/lib/backup.sh"; source "$OPSBOOK_RUNBOOK_DIR/lib/process.sh"
#
# Processes are tracked by pid files. A pid file alone is not trusted: the process must be alive
# and its command line must contain an expected word, so a recycled pid is never signalled.
# Background processes started from a step must detach from it (own session, output to a log,
# stdin from /dev/null); otherwise the engine, which ends a step's whole process group and waits
# for its output to close, would stop them or hang.

# pid_running PIDFILE MATCH : true if PIDFILE names a live process whose command line contains MATCH.
pid_running() {
  local pidfile=$1 match=$2 pid
  [ -f "$pidfile" ] || return 1
  pid=$(cat "$pidfile" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$match"
}

# alive PID : true while PID runs. An exited process that its parent (often init, for detached
# processes) has not reaped yet is a zombie: kill -0 still succeeds, but it is gone.
alive() {
  local state
  state=$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$1/status" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# stop_pidfile PIDFILE MATCH NAME : TERM, up to 10 s grace, then KILL; removes the pid file.
stop_pidfile() {
  local pidfile=$1 match=$2 name=$3 pid i
  if ! pid_running "$pidfile" "$match"; then
    rm -f "$pidfile"
    log "$name is not running"
    return 0
  fi
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do
    alive "$pid" || break
    sleep 0.1
  done
  if alive "$pid"; then
    log "$name (pid $pid) ignored SIGTERM for 10s: sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  log "$name stopped (pid $pid)"
}

# port_open HOST PORT : true if something accepts TCP connections on HOST:PORT.
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# wait_until SECONDS DESCRIPTION CMD... : polls CMD every 0.2 s; exits the step after SECONDS.
wait_until() {
  local limit=$1 description=$2 deadline
  shift 2
  deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || die "timed out after ${limit}s waiting for $description"
    sleep 0.2
  done
}
