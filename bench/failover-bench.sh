#!/usr/bin/env bash
# Failover controller numbers: detection latency, flapping patterns, evaluation cost (bench/README.md).
# The controller needs nothing but core's own classes.
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/lib/jdk.sh   # a JDK 21+ chosen like bin/opsbook and bin/mvn do
found=$(pick_jdk javac) || { echo "$OPSBOOK_NO_JDK" >&2; exit 2; }
export JAVA_HOME=${found#* }
bin/mvn -q -B -ntp -pl core compile >/dev/null
exec "$JAVA_HOME/bin/java" -cp "$PWD/core/target/classes" bench/failover-bench.java "$@"
