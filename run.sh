#!/usr/bin/env bash
# Starts the whole platform on this machine (embedded PostgreSQL + Kafka, every service in one JVM, each in its own
# class loader). Builds first when a jar is missing. Options: --data-dir DIR (default ./.local-data, or
# PLATFORM_DATA_DIR), --jvm-per-service (each service its own process), --legacy-scale N (the demo legacy database N
# times over), --no-legacy. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/java-home.sh
for module in identity-service profile-service membership-service billing-service audit-service cdc-relay gateway; do
  if [ ! -f "$module/target/$module.jar" ] || [ ! -f deploy/local/target/local-launcher-exec.jar ]; then
    ./mvnw -B -q -DskipTests package
    break
  fi
done
# the launcher's JVM runs the broker and (unless --jvm-per-service) every service: a heap that starts small, grows
# with what they hold and gives back what they no longer do, its young generation capped at 160 MB (a third of the
# heap by default; at 64 MB it was collected 6 times a second under load, 5% of the time paused: bench/README.md);
# PLATFORM_JAVA_OPTIONS adds to or overrides these
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" -Xms64m -Xmx3g -XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 \
  -XX:MaxNewSize=160m -XX:TrimNativeHeapInterval=5000 --enable-native-access=ALL-UNNAMED ${PLATFORM_JAVA_OPTIONS:-} \
  -jar deploy/local/target/local-launcher-exec.jar "$@"
