#!/usr/bin/env bash
# Runs the sample runbooks end to end on this machine, step by step, the way the opsbook engine
# will run them — without Java (the step runner is runner.sh; the scenarios are samples/*.sh).
# Scenarios cover the happy paths and failures that must be caught (corrupt backup, rows lost in a
# restore, tampered files, a standby that dies mid-failover). Everything uses names unique to this
# invocation (databases, directories, ports) and is removed at exit.
#
# zero-config runs every sample with its default parameters next to a PostgreSQL on 5432 and a Redis
# on 6379 (in a private network namespace) and checks that neither was reached.
#
# Usage: runbooks/test/run-samples.sh [-v] [--strict] [orders-db|uploads-store|sessions-cache|checkout-api-failover|zero-config]...
#   -v        show every step's output (default: only a failing step's output)
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
    -h | --help) sed -n '2,14p' "$0"; exit 0 ;;
    *) SAMPLES+=("$arg") ;;
  esac
done
[ ${#SAMPLES[@]} -gt 0 ] || SAMPLES=(orders-db uploads-store sessions-cache checkout-api-failover zero-config)

TAG="s$(date +%s)_$$" # lower case, digits, underscore: valid in database names
TMP=$(mktemp -d "${TMPDIR:-/tmp}/opsbook-samples.XXXXXX")
SANDBOX_ROOT="$TMP/sandbox" # OPSBOOK_SANDBOX of every run: $SANDBOX_ROOT/<runbook id>
CLEANUPS=()
RESULTS=()
FAILED=0
STARTED=$EPOCHREALTIME

on_exit() {
  local i
  for ((i = ${#CLEANUPS[@]} - 1; i >= 0; i--)); do eval "${CLEANUPS[i]}" >/dev/null 2>&1 || true; done
  # servers a sample started in its sandbox (a drill's Redis, a default-port run)
  for pidfile in "$SANDBOX_ROOT"/*/redis-*/pid; do [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null; done
  for data in "$SANDBOX_ROOT"/*/postgres/data; do
    [ -f "$data/postmaster.pid" ] && kill -INT "$(head -1 "$data/postmaster.pid")" 2>/dev/null
  done
  rm -rf "$TMP"
}
trap on_exit EXIT
trap 'exit 130' INT TERM
at_exit() { CLEANUPS+=("$1"); }

# shellcheck source=runbooks/test/runner.sh
source "$HERE/runner.sh"

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

free_port() { "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

for sample in "${SAMPLES[@]}"; do
  [ -f "$HERE/samples/$sample.sh" ] || { say "unknown sample $sample (have: $(ls "$HERE/samples" | sed 's/\.sh$//' | xargs))"; exit 2; }
  say ""
  if [ "$sample" = zero-config ]; then source "$HERE/samples/$sample.sh"; continue; fi
  say "=== $sample: consistency check"
  if "$PYTHON" "$EXTRACT" "$RUNBOOKS/$sample.md" check | sed 's/^/    /'; [ "${PIPESTATUS[0]}" = 0 ]; then
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
skipped=$(printf '%s\n' "${RESULTS[@]}" | grep -c '^SKIP' || true)
say "all scenarios passed$([ "$skipped" = 0 ] || echo " ($skipped sample(s) skipped: prerequisites missing; --strict makes that a failure)")"
