#!/usr/bin/env bash
# Execution engine benchmarks: per-step orchestration overhead (durable audit writes to PostgreSQL)
# and a step printing 100 MB with bounded heap. Usage: bench/execution-bench.sh [all|overhead|output] [STEPS] [MB]
# See bench/execution-README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/lib/jdk.sh   # a JDK 21+ chosen like bin/opsbook and bin/mvn do
found=$(pick_jdk javac) || { echo "$OPSBOOK_NO_JDK" >&2; exit 2; }
export JAVA_HOME=${found#* }
out=bench/target
mkdir -p "$out"
bin/mvn -q -B -ntp -pl bot -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile="$PWD/$out/execution.classpath" -Dmdep.includeScope=runtime >/dev/null
cp="$PWD/core/target/classes:$PWD/bot/target/classes:$(cat "$out/execution.classpath")"
# native access as bin/opsbook: steps start through posix_spawn (BENCH_JAVA_OPTS=-Dopsbook.spawn=processbuilder for the fallback)
exec "$JAVA_HOME/bin/java" -Xmx${BENCH_HEAP:-64m} --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:-} -cp "$cp" bench/execution-bench.java "$@"
