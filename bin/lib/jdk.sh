# The one JDK selection of opsbook's scripts (bin/opsbook, bin/mvn, .ci/run). Source it, then:
#   found=$(pick_jdk [javac]) || { echo "$found_none" >&2; exit 2; }   # prints "MAJOR JAVA_HOME"
# Candidates in order: $JAVA_HOME, the java on PATH, then every JDK in /usr/lib/jvm (newest first;
# OPSBOOK_JVM_DIR names another folder, e.g. an empty one to test the machine without a JDK 21+);
# the first with Java 21 or newer wins (with `javac`: the first that is a full JDK, as Maven needs).
# The version comes from the JDK's `release` file, so no JVM is started for it.

OPSBOOK_NO_JDK="opsbook: needs a JDK 21 or newer and none was found (checked \$JAVA_HOME, PATH and /usr/lib/jvm): install one (e.g. apt-get install openjdk-21-jdk) or set JAVA_HOME to it."

# jdk_major HOME : the Java feature version of the JDK in HOME (0 when unknown).
jdk_major() {
  local version=""
  [ -f "$1/release" ] && version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
  [ "$version" = 1 ] && version=8
  [ -n "$version" ] || version=$("$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)
  echo "${version:-0}"
}

# pick_jdk [javac] : prints "MAJOR HOME" of the first JDK 21+ (that has bin/javac, with `javac`).
pick_jdk() {
  local need=${1:-java} candidate home major path_java
  path_java=$(command -v java 2>/dev/null || true)
  [ -z "$path_java" ] || path_java=$(dirname "$(dirname "$(readlink -f "$path_java")")")
  for home in ${JAVA_HOME:+"$JAVA_HOME"} ${path_java:+"$path_java"} $(ls -d "${OPSBOOK_JVM_DIR:-/usr/lib/jvm}"/*/ 2>/dev/null | sort -rV); do
    home=${home%/}
    [ -x "$home/bin/java" ] && [ -x "$home/bin/$need" ] || continue
    major=$(jdk_major "$home" 2>/dev/null)
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then echo "$major $home"; return 0; fi
  done
  return 1
}
