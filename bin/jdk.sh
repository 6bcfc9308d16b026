# Sourced by bin/* and .ci/run: sets JGA_JAVA_HOME to a JDK 25 or newer, or exits saying how to get one.
# Order: $JGA_JAVA_HOME, $JAVA_HOME, Temurin 25 under /usr/lib/jvm, any JDK there, `java` on PATH.
# The version is read from the JDK's `release` file, so finding it starts no JVM.
jga_java_major() {
  local version
  version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -1)
  if [ -z "$version" ]; then
    version=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -1)
  fi
  echo "$version"
}
jga_is_25() {
  local major
  [ -n "$1" ] && [ -x "$1/bin/java" ] || return 1
  major=$(jga_java_major "$1")
  [ -n "$major" ] && [ "$major" -ge 25 ] 2>/dev/null
}
jga_find_jdk() {
  local candidate
  for candidate in "${JGA_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-* /usr/lib/jvm/*; do
    if jga_is_25 "$candidate"; then echo "$candidate"; return 0; fi
  done
  if command -v java >/dev/null; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if jga_is_25 "$candidate"; then echo "$candidate"; return 0; fi
  fi
  return 1
}
if ! JGA_JAVA_HOME=$(jga_find_jdk); then
  echo "jga: needs JDK 25 or newer (Temurin 25: /usr/lib/jvm/temurin-25-jdk-amd64); set JAVA_HOME to one" >&2
  exit 1
fi
export JGA_JAVA_HOME
