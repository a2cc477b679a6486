#!/usr/bin/env bash
# Slash-command acknowledgement latency of `opsbook serve` (SlackAckBench): 50 concurrent signed /runbook
# commands per round against POST /slack/events, with a local stand-in for Slack's Web API; prints
# p50/p90/p99/max and the load average before and after. Usage: bench/slack-ack-bench.sh [CONCURRENCY] [ROUNDS] [bursts]
# Builds bot/target/opsbook.jar first (a fresh clone needs nothing else: the server uses an embedded
# PostgreSQL in a temporary OPSBOOK_HOME unless OPSBOOK_DB_URL is set). The server log goes to
# $TMPDIR/opsbook-bench-server.log; OPSBOOK_BENCH_SERVER_JVM_ARGS adds JVM options (a JFR profile).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if ! "$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | grep -Eq 'java\.specification\.version = (2[1-9]|[3-9][0-9])'; then
  echo "slack-ack-bench: needs a JDK 21 or newer in JAVA_HOME (now: $JAVA_HOME)" >&2
  exit 2
fi
# OPSBOOK_BENCH_MVN_ARGS adds Maven options (-o to build offline)
mvn -q -B -ntp ${OPSBOOK_BENCH_MVN_ARGS:-} -pl bot -am package -DskipTests >/dev/null
echo "load before: $(uptime)"
"$JAVA_HOME/bin/java" bench/src/main/java/dev/opsbook/bench/SlackAckBench.java bot/target/opsbook.jar "${1:-50}" "${2:-40}" ${3:-}
echo "load after:  $(uptime)"
