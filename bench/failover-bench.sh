#!/usr/bin/env bash
# Failover controller numbers: detection latency, flapping patterns, evaluation cost (bench/README.md).
# The controller needs nothing but core's own classes.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -q -o -pl core compile >/dev/null
exec "$JAVA_HOME/bin/java" -cp "$PWD/core/target/classes" bench/failover-bench.java "$@"
