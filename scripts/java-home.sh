# Sourced by the scripts: exports JAVA_HOME as a JDK 21+ (the one set, else Temurin or another under /usr/lib/jvm).
java_ok() { [ -x "$1/bin/java" ] && "$1/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; }
if [ -z "${JAVA_HOME:-}" ] || ! java_ok "$JAVA_HOME"; then
  for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/temurin-2[1-9]* /usr/lib/jvm/java-2[1-9]*; do
    if java_ok "$candidate"; then export JAVA_HOME="$candidate"; break; fi
  done
fi
java_ok "${JAVA_HOME:-/nonexistent}" || { echo "no JDK 21+ found (set JAVA_HOME)" >&2; exit 1; }
