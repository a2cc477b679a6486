#!/usr/bin/env bash
# Runs the sample runbooks end to end on this machine, step by step, the way the opsbook engine
# will run them — without Java:
#   - steps are the runbook's executable blocks, in document order per procedure (extract.py);
#   - each step runs as `bash FILE` under `timeout`, in a clean environment (env -i) holding only
#     the ordinary process variables, the runner variables (OPSBOOK_WORKDIR: a fresh directory per
#     run, OPSBOOK_RUNBOOK_DIR, OPSBOOK_ARTIFACTS, OPSBOOK_RUN_ID, OPSBOOK_STEP_ID, ...) and every
#     parameter as its upper-case env var (default, or the value the scenario passes);
#   - a failed step is retried as declared, then stops the run and runs its declared rollback;
#   - approvals are granted by the harness (and counted in the output).
# Scenarios cover the happy paths and failures that must be caught (corrupt backup, rows lost in a
# restore, tampered files, a standby that dies mid-failover). Everything uses names unique to this
# invocation (databases, directories, ports) and is removed at exit.
#
# Usage: runbooks/test/run-samples.sh [-v] [--strict] [orders-db|uploads-store|sessions-cache|checkout-api]...
#   -v        stream every step's output (default: only a failing step's output)
#   --strict  a sample whose prerequisites are missing fails instead of being skipped
# Exit status: 0 all scenarios passed, 1 otherwise.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RUNBOOKS=$(dirname "$HERE")
EXTRACT="$HERE/extract.py"
VERBOSE=0
STRICT=0
SAMPLES=()
for arg in "$@"; do
  case "$arg" in
    -v) VERBOSE=1 ;;
    --strict) STRICT=1 ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    *) SAMPLES+=("$arg") ;;
  esac
done
[ ${#SAMPLES[@]} -gt 0 ] || SAMPLES=(orders-db uploads-store sessions-cache checkout-api)

TAG="s$(date +%s)_$$" # lower case, digits, underscore: valid in database names
TMP=$(mktemp -d "${TMPDIR:-/tmp}/opsbook-samples.XXXXXX")
CLEANUPS=()
RESULTS=()
FAILED=0
STARTED=$EPOCHREALTIME

on_exit() {
  local i
  for ((i = ${#CLEANUPS[@]} - 1; i >= 0; i--)); do eval "${CLEANUPS[i]}" >/dev/null 2>&1 || true; done
  rm -rf "$TMP"
}
trap on_exit EXIT
trap 'exit 130' INT TERM
at_exit() { CLEANUPS+=("$1"); }

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
    OPSBOOK_WORKDIR="$RUN_DIR/work" OPSBOOK_RUNBOOK_DIR="$RUNBOOKS" OPSBOOK_ARTIFACTS="$RUN_DIR/artifacts")
  local name value
  while IFS=$'\t' read -r name value; do envs+=("$name=$value"); done < <(python3 "$EXTRACT" "$runbook" params)
  envs+=("$@") # later assignments win in env(1)
  local plan
  plan=$(python3 "$EXTRACT" "$runbook" plan "$procedure" "$RUN_DIR/steps") && [ -n "$plan" ] ||
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
        python3 "$EXTRACT" "$runbook" step "$rollback" "$RUN_DIR/rollback" >/dev/null
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
    if [ "$VERBOSE" = 1 ]; then
      (cd "$RUN_DIR/work" && env -i "$@" OPSBOOK_STEP_ID="$id" timeout -k 5 "$timeout" bash "$file") 2>&1 | tee -a "$RUN_LOG" | sed 's/^/        | /'
      rc=${PIPESTATUS[0]}
    else
      (cd "$RUN_DIR/work" && env -i "$@" OPSBOOK_STEP_ID="$id" timeout -k 5 "$timeout" bash "$file") >>"$RUN_LOG" 2>&1
      rc=$?
    fi
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

# scenario NAME FUNCTION : runs a scenario, records pass/fail and its time.
scenario() {
  local name=$1 t0=$EPOCHREALTIME status
  say ""
  say "--- $name"
  # A subshell outside any condition, so that `set -e` really stops the scenario at its first failure.
  set +e
  (set -e; "$2")
  if [ $? = 0 ]; then status=PASS; else status=FAIL; FAILED=$((FAILED + 1)); fi
  set -e
  RESULTS+=("$(printf '%-4s %7ss  %s' "$status" "$(elapsed "$t0")" "$name")")
}

skip() {
  if [ "$STRICT" = 1 ]; then
    RESULTS+=("$(printf 'FAIL %7s   %s' - "$1 (missing prerequisite: $2)")")
    FAILED=$((FAILED + 1))
  else
    RESULTS+=("$(printf 'SKIP %7s   %s' - "$1 (missing prerequisite: $2)")")
  fi
  say ""
  say "--- $1: skipped, $2"
}

# expect_fail PATTERN CMD... : CMD must fail, and the run log must contain PATTERN (extended regex).
expect_fail() {
  local pattern=$1
  shift
  if "$@"; then say "    expected a failure, the run succeeded"; return 1; fi
  grep -Eq -- "$pattern" "$RUN_LOG" || { say "    the failure did not report /$pattern/"; return 1; }
  say "    failed as expected: $(grep -Eo -- "$pattern.*" "$RUN_LOG" | head -1 | cut -c1-150)"
}

# check DESCRIPTION CMD... : a state assertion.
check() {
  local description=$1
  shift
  if "$@" >/dev/null 2>&1; then say "    check ok: $description"; else say "    CHECK FAILED: $description"; return 1; fi
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

for sample in "${SAMPLES[@]}"; do
  [ -f "$HERE/samples/$sample.sh" ] || { say "unknown sample $sample (have: $(ls "$HERE/samples" | sed 's/\.sh$//' | xargs))"; exit 2; }
  say ""
  say "=== $sample: consistency check"
  if python3 "$EXTRACT" "$RUNBOOKS/$sample.md" check | sed 's/^/    /'; [ "${PIPESTATUS[0]}" = 0 ]; then
    RESULTS+=("$(printf 'PASS %7s   %s' - "$sample: consistency check")")
  else
    RESULTS+=("$(printf 'FAIL %7s   %s' - "$sample: consistency check")")
    FAILED=$((FAILED + 1))
  fi
  # shellcheck source=/dev/null
  source "$HERE/samples/$sample.sh"
done

say ""
say "=== summary ($(elapsed "$STARTED")s, $(cat "$TMP/runs.count" 2>/dev/null || echo 0) runbook runs)"
printf '  %s\n' "${RESULTS[@]}"
[ "$FAILED" = 0 ] || { say "$FAILED scenario(s) failed"; exit 1; }
say "all scenarios passed"
