# Sourced by bin/* and .ci/run: sets JGA_JAVA_HOME to a JDK 25 or newer, or exits saying how to get one.
# Order: $JGA_JAVA_HOME, $JAVA_HOME, Temurin 25 under /usr/lib/jvm, any JDK there, `java` on PATH.
jga_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1
}
jga_find_jdk() {
  local candidate major
  for candidate in "${JGA_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-* /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    major=$(jga_java_major "$candidate")
    if [ -n "$major" ] && [ "${major%%.*}" -ge 25 ] 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  if command -v java >/dev/null; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    major=$(jga_java_major "$candidate")
    if [ -n "$major" ] && [ "${major%%.*}" -ge 25 ] 2>/dev/null; then echo "$candidate"; return 0; fi
  fi
  return 1
}
if ! JGA_JAVA_HOME=$(jga_find_jdk); then
  echo "jga: needs JDK 25 or newer (Temurin 25: /usr/lib/jvm/temurin-25-jdk-amd64); set JAVA_HOME to one" >&2
  exit 1
fi
export JGA_JAVA_HOME
