#!/usr/bin/env bash
# Audit log benchmarks: durable append throughput (1/8/32/64 threads) and verify over 1M events.
# Usage: bench/run-audit.sh [verifyEvents] [threads...]   (see bench/README.md)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
out=bench/target
mkdir -p "$out/classes"
# Compile core and bot in the reactor (not from ~/.m2) and write bot's runtime classpath.
mvn -q -o -pl bot -am compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/$out/bot.classpath" -Dmdep.includeScope=runtime >/dev/null
cp="$PWD/bot/target/classes:$(cat "$out/bot.classpath")"
"$JAVA_HOME/bin/javac" --release 21 -d "$out/classes" -cp "$cp" $(find bench/src/main/java -name '*.java')
exec "$JAVA_HOME/bin/java" -Xmx256m ${BENCH_JAVA_OPTS:-} -cp "$out/classes:$cp" dev.opsbook.bench.AuditBench "$@"
