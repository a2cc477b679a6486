#!/usr/bin/env bash
# Audit log benchmarks: durable append throughput (1/8/32/64 threads) and verify over 1M events.
# Usage: bench/run-audit.sh [verifyEvents] [threads...]   (see bench/README.md)
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/lib/jdk.sh   # a JDK 21+ chosen like bin/opsbook and bin/mvn do
found=$(pick_jdk javac) || { echo "$OPSBOOK_NO_JDK" >&2; exit 2; }
export JAVA_HOME=${found#* }
out=bench/target
mkdir -p "$out/classes"
# Compile core and bot in the reactor (not from ~/.m2) and write bot's runtime classpath.
bin/mvn -q -B -ntp -pl bot -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile="$PWD/$out/bot.classpath" -Dmdep.includeScope=runtime >/dev/null
cp="$PWD/bot/target/classes:$(cat "$out/bot.classpath")"
"$JAVA_HOME/bin/javac" --release 21 -d "$out/classes" -cp "$cp" $(find bench/src/main/java -name '*.java')
exec "$JAVA_HOME/bin/java" -Xmx256m ${BENCH_JAVA_OPTS:-} -cp "$out/classes:$cp" dev.opsbook.bench.AuditBench "$@"
