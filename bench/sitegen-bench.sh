#!/usr/bin/env bash
# sitegen benchmark: N synthetic runbooks (default 10000) → cold build, incremental rebuilds, search
# index size, then query times in headless Chromium. Not part of `mvn verify`.
# Usage: bench/sitegen-bench.sh [N]    (needs JDK 21+ and Maven; node + `npm install` in browser-tests/ for query times)
# Compiles against this work tree's modules (not whatever opsbook jars sit in ~/.m2).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
work=${OPSBOOK_BENCH_DIR:-$PWD/bench/target/sitegen-bench}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
javac=${JAVA_HOME:+$JAVA_HOME/bin/}javac
mkdir -p bench/target/classes
bin/mvn -q -B -ntp -DskipTests package dependency:build-classpath -pl sitegen -am \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$PWD/bench/target/classpath.txt"
cp="$PWD/sitegen/target/classes:$PWD/core/target/classes:$(cat bench/target/classpath.txt)"
"$javac" --release 21 -d bench/target/classes -cp "$cp" \
  bench/src/main/java/dev/opsbook/bench/SiteBench.java bench/src/main/java/dev/opsbook/bench/SyntheticRunbooks.java
"$java" -Xmx3g ${SITEGEN_BENCH_JAVA_OPTS:-} -cp "bench/target/classes:$cp" dev.opsbook.bench.SiteBench "$n" "$work"
if command -v node >/dev/null && [ -d browser-tests/node_modules/playwright-core ]; then
  node browser-tests/bench-query.mjs "$work/site"
else
  echo "query times skipped: needs node and 'npm install' in browser-tests/"
fi
