#!/usr/bin/env bash
# Starts the whole platform on this machine (embedded PostgreSQL + Kafka, every service as a process).
# Builds first when a jar is missing. Options: --data-dir DIR (default ./.local-data). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")"
java_ok() { [ -x "$1/bin/java" ] && "$1/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; }
if [ -z "${JAVA_HOME:-}" ] || ! java_ok "$JAVA_HOME"; then
  for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/temurin-2[1-9]* /usr/lib/jvm/java-2[1-9]*; do
    if java_ok "$candidate"; then export JAVA_HOME="$candidate"; break; fi
  done
fi
for module in identity-service profile-service membership-service billing-service audit-service cdc-relay gateway; do
  if [ ! -f "$module/target/$module.jar" ] || [ ! -f deploy/local/target/local-launcher.jar ]; then
    ./mvnw -B -q -DskipTests package
    break
  fi
done
exec "$JAVA_HOME/bin/java" -jar deploy/local/target/local-launcher.jar "$@"
