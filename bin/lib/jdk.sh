# The one JDK selection of opsbook's scripts (bin/opsbook, bin/mvn, .ci/run). Source it, then:
#   found=$(pick_jdk [javac]) || { echo "$found_none" >&2; exit 2; }   # prints "MAJOR JAVA_HOME"
# Candidates in order: $JAVA_HOME, the java on PATH, then every JDK in /usr/lib/jvm (newest first;
# OPSBOOK_JVM_DIR names another folder, e.g. an empty one to test the machine without a JDK 21+);
# the first with Java 21 or newer wins (with `javac`: the first that is a full JDK, as Maven needs).
# The version comes from the JDK's `release` file, so no JVM is started for it.

OPSBOOK_NO_JDK="opsbook: needs a JDK 21 or newer and none was found (checked \$JAVA_HOME, PATH and /usr/lib/jvm): install one (e.g. apt-get install openjdk-21-jdk) or set JAVA_HOME to it."

# jdk_major HOME : the Java feature version of the JDK in HOME (0 when unknown). Read with bash
# alone (the launcher starts every command: each program it runs costs milliseconds).
jdk_major() {
  local version="" line
  if [ -f "$1/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      if [[ $line =~ ^JAVA_VERSION=\"([0-9]+) ]]; then version=${BASH_REMATCH[1]}; break; fi
    done <"$1/release"
  fi
  [ "$version" = 1 ] && version=8
  [ -n "$version" ] || version=$("$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)
  echo "${version:-0}"
}

# jdk_fits HOME NEED : prints "MAJOR HOME" and succeeds when HOME is a Java 21+ with bin/NEED.
jdk_fits() {
  local home=${1%/} major
  [ -x "$home/bin/java" ] && [ -x "$home/bin/$2" ] || return 1
  major=$(jdk_major "$home" 2>/dev/null)
  [ "${major:-0}" -ge 21 ] 2>/dev/null || return 1
  echo "$major $home"
}

# pick_jdk [javac] : prints "MAJOR HOME" of the first JDK 21+ (that has bin/javac, with `javac`).
# Candidates are looked at lazily: a JAVA_HOME that fits costs no program run.
pick_jdk() {
  local need=${1:-java} home path_java
  if [ -n "${JAVA_HOME:-}" ] && jdk_fits "$JAVA_HOME" "$need"; then return 0; fi
  path_java=$(command -v java 2>/dev/null || true)
  if [ -n "$path_java" ]; then
    path_java=$(readlink -f "$path_java")
    path_java=${path_java%/bin/java}
    if jdk_fits "$path_java" "$need"; then return 0; fi
  fi
  for home in $(ls -d "${OPSBOOK_JVM_DIR:-/usr/lib/jvm}"/*/ 2>/dev/null | sort -rV); do
    if jdk_fits "$home" "$need"; then return 0; fi
  done
  return 1
}
