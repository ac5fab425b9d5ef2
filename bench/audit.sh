#!/usr/bin/env bash
# audit-service ingest events/s against the broker's raw consume rate on this machine (the ratio is the figure).
# Builds what it needs. Options: --events N --users N.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
./mvnw -B -q -pl bench,audit-service -am package -DskipTests
exec "$JAVA_HOME/bin/java" -cp "bench/target/bench.jar:bench/target/lib/*" app.platform.bench.AuditBench "$@"
