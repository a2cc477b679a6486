#!/usr/bin/env bash
# Runs one procedure of a runbook on this machine with the engine's step contract (see runner.sh),
# until the opsbook engine can: parameters take their defaults unless given as ENV_NAME=VALUE.
# Approvals are granted without asking: use it on your own machine, not against production.
#
# Usage: runbooks/test/run-procedure.sh RUNBOOK PROCEDURE [ENV_NAME=VALUE]...
#   e.g. runbooks/test/run-procedure.sh orders-db backup
#        runbooks/test/run-procedure.sh orders-db restore BACKUP_NAME=orders-20261125T140000.123Z.dump
# Prints every step's output and the run's artifact files; exits 1 if a step failed.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,10p' "$0"; exit 2; }
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RUNBOOKS=$(dirname "$HERE")
EXTRACT="$HERE/extract.py"
VERBOSE=1
TAG="manual-$(date -u +%Y%m%dT%H%M%SZ)-$$"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/opsbook-run.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
# the samples' own servers and files persist between runs, as under opsbook: $OPSBOOK_HOME/sandbox
SANDBOX_ROOT=$(realpath -m "${OPSBOOK_HOME:-.opsbook}/sandbox")
# shellcheck source=runbooks/test/runner.sh
source "$HERE/runner.sh"
[ -f "$RUNBOOKS/$1.md" ] || { say "no runbook $RUNBOOKS/$1.md"; exit 2; }
rc=0
run_procedure "$@" || rc=1
for artifact in "$RUN_DIR"/artifacts/*.json; do
  [ -f "$artifact" ] || continue
  say "artifact $(basename "$artifact"):"
  jq . "$artifact" 2>/dev/null | sed 's/^/  /' || cat "$artifact"
done
exit "$rc"
