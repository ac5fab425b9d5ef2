#!/usr/bin/env bash
# Back-pressure and catch-up: audit-service stopped under the members' mixed load, what the outboxes and topics held,
# then its catch-up rate after the restart. Builds what it needs.
# Options: --minutes N (5: the outage), --tick-ms N (200), --quick (a 1-minute outage).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
./mvnw -B -q -DskipTests package
exec "$JAVA_HOME/bin/java" -cp "bench/target/bench.jar:bench/target/lib/*" app.platform.bench.CatchUpBench "$@"
