# The step runner shared by run-samples.sh and run-procedure.sh: runs a runbook procedure the way
# the opsbook engine will, without Java. Sourced; expects RUNBOOKS, EXTRACT, TMP (scratch root),
# TAG (unique run-id prefix) and VERBOSE (0/1) to be set.
#   - steps are the runbook's executable blocks, in document order per procedure (extract.py);
#   - each step runs as `bash FILE` under `timeout`, in a clean environment (env -i) holding only
#     the ordinary process variables, the runner variables (OPSBOOK_WORKDIR: a fresh directory per
#     run, OPSBOOK_RUNBOOK_DIR, OPSBOOK_ARTIFACTS, OPSBOOK_RUN_ID, OPSBOOK_STEP_ID, ...) and every
#     parameter as its upper-case env var (its default, or the value passed as ENV_NAME=VALUE);
#   - a failed step is retried as declared, then stops the run and runs its declared rollback;
#   - approvals are granted here (and reported), secrets are not provided.

# The interpreter itself, not a version-manager shim (pyenv's costs ~0.4 s per call).
PYTHON=$(python3 -c 'import sys; print(sys.executable)')

elapsed() { awk -v now="$EPOCHREALTIME" -v t0="$1" 'BEGIN { printf "%.2f", now - t0 }'; }
say() { printf '%s\n' "$*"; }

# run_procedure RUNBOOK PROCEDURE [ENV_NAME=VALUE]... : one engine run. Sets RUN_DIR and RUN_LOG.
# HOOK_BEFORE=<step id> HOOK_CMD=<shell> injects a fault just before that step runs.
run_procedure() {
  local runbook_id=$1 runbook="$RUNBOOKS/$1.md" procedure=$2
  shift 2
  local run_id
  run_id="$TAG-$(($(cat "$TMP/runs.count" 2>/dev/null || echo 0) + 1))"
  echo "${run_id##*-}" >"$TMP/runs.count"
  RUN_DIR="$TMP/runs/$run_id"
  RUN_LOG="$RUN_DIR/run.log"
  mkdir -p "$RUN_DIR/work" "$RUN_DIR/steps"
  local envs=(HOME="$HOME" PATH="$PATH" USER="${USER:-$(id -un)}" LANG="${LANG:-C.UTF-8}" TMPDIR="${TMPDIR:-/tmp}"
    HOSTNAME="$(hostname)" OPSBOOK_RUN_ID="$run_id" OPSBOOK_RUNBOOK_ID="$runbook_id" OPSBOOK_SERVICE="$runbook_id"
    OPSBOOK_WORKDIR="$RUN_DIR/work" OPSBOOK_RUNBOOK_DIR="$RUNBOOKS" OPSBOOK_ARTIFACTS="$RUN_DIR/artifacts"
    OPSBOOK_SANDBOX="${SANDBOX_ROOT:?}/$runbook_id")
  local name value
  while IFS=$'\t' read -r name value; do envs+=("$name=$value"); done < <("$PYTHON" "$EXTRACT" "$runbook" params)
  envs+=("$@") # later assignments win in env(1)
  "$PYTHON" "$EXTRACT" "$runbook" validate "${envs[@]}" 2>&1 | sed "s/^/    refused: /" >&2
  [ "${PIPESTATUS[0]}" = 0 ] || return 1
  local plan
  plan=$("$PYTHON" "$EXTRACT" "$runbook" plan "$procedure" "$RUN_DIR/steps") && [ -n "$plan" ] ||
    { say "    cannot read procedure $procedure of $runbook"; return 1; }
  say "    run $run_id: $runbook_id / $procedure"
  local id kind timeout retries approvals rollback file
  while IFS=$'\t' read -r id kind timeout retries approvals rollback file; do
    if [ "${HOOK_BEFORE:-}" = "$id" ]; then
      say "      fault injected before $id: $HOOK_CMD"
      eval "$HOOK_CMD"
    fi
    [ "$approvals" = 0 ] || say "      $id needs $approvals approval(s): granted by the harness"
    if ! run_step "$id" "$kind" "$timeout" "$retries" "$file" "${envs[@]}"; then
      if [ "$rollback" != - ]; then
        "$PYTHON" "$EXTRACT" "$runbook" step "$rollback" "$RUN_DIR/rollback" >/dev/null
        run_step "$rollback" rollback 300 0 "$RUN_DIR/rollback/$rollback.sh" "${envs[@]}" || say "      rollback $rollback FAILED"
      fi
      return 1
    fi
  done <<<"$plan"
}

# run_step ID KIND TIMEOUT_S RETRIES FILE ENV... : runs one step with retries, reports it.
run_step() {
  local id=$1 kind=$2 timeout=$3 retries=$4 file=$5 attempt=0 rc t0
  shift 5
  while :; do
    t0=$EPOCHREALTIME
    printf '\n### step %s (%s), attempt %d\n' "$id" "$kind" "$((attempt + 1))" >>"$RUN_LOG"
    set +e
    # timeout(1) makes itself a process group leader; after the step, anything left in that group
    # is killed, as a strict engine would do: background processes must detach (setsid, daemonize).
    (cd "$RUN_DIR/work" && exec env -i "$@" OPSBOOK_STEP_ID="$id" timeout -k 5 "$timeout" bash "$file") >>"$RUN_LOG" 2>&1 &
    local pid=$!
    wait "$pid"
    rc=$?
    kill -KILL -- "-$pid" 2>/dev/null
    [ "$VERBOSE" = 0 ] || sed -n "/^### step $id (.*), attempt $((attempt + 1))\$/,\$p" "$RUN_LOG" | tail -n +2 | sed 's/^/        | /'
    set -e
    if [ "$rc" = 0 ]; then
      printf '      ok    %-28s %-9s %6ss\n' "$id" "$kind" "$(elapsed "$t0")"
      return 0
    fi
    [ "$rc" = 124 ] && say "      $id timed out after ${timeout}s"
    if [ "$attempt" -lt "$retries" ]; then
      attempt=$((attempt + 1))
      say "      retry $id ($attempt/$retries) after exit $rc"
      sleep "$attempt"
      continue
    fi
    printf '      FAIL  %-28s %-9s %6ss  exit %s\n' "$id" "$kind" "$(elapsed "$t0")" "$rc"
    [ "$VERBOSE" = 1 ] || sed -n "/^### step $id /,\$p" "$RUN_LOG" | tail -n 8 | sed 's/^/        | /'
    return 1
  done
}

