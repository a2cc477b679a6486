#!/usr/bin/env bash
# Cost of sharing run output through PostgreSQL (run_output, V12): per line on the run thread and in the database,
# per step (the synchronous flush when a step finishes), and end to end. Usage: bench/run-output-bench.sh [STEPS] [LINES]
# Builds bot/target/opsbook.jar and runs the bench against its classes and libraries (offline).
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/lib/jdk.sh   # a JDK 21+ chosen like bin/opsbook and bin/mvn do
found=$(pick_jdk javac) || { echo "$OPSBOOK_NO_JDK" >&2; exit 2; }
export JAVA_HOME=${found#* }
out=bench/target/run-output
bin/mvn -q -B -ntp -pl bot -am package -DskipTests >/dev/null
rm -rf "$out" && mkdir -p "$out"
(cd "$out" && "$JAVA_HOME/bin/jar" xf ../../../bot/target/opsbook.jar BOOT-INF)
cp="$PWD/$out/BOOT-INF/classes:$PWD/$out/BOOT-INF/lib/*"
exec "$JAVA_HOME/bin/java" -Xmx${BENCH_HEAP:-256m} -cp "$cp" bench/run-output-bench.java "$@"
