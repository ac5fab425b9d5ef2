#!/usr/bin/env bash
# Starts the whole platform on this machine (embedded PostgreSQL + Kafka, every service as a process).
# Builds first when a jar is missing. Options: --data-dir DIR (default ./.local-data). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/java-home.sh
for module in identity-service profile-service membership-service billing-service audit-service cdc-relay gateway; do
  if [ ! -f "$module/target/$module.jar" ] || [ ! -f deploy/local/target/local-launcher-exec.jar ]; then
    ./mvnw -B -q -DskipTests package
    break
  fi
done
exec "$JAVA_HOME/bin/java" -jar deploy/local/target/local-launcher-exec.jar "$@"
