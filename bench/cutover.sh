#!/usr/bin/env bash
# The cutover's legacy capture: snapshot rows/s through cdc-relay against a plain COPY of the same tables (the ratio),
# and the streaming lag p50/p99 under a steady legacy write load. Builds what it needs.
# Options: --scale N (4546 = 100,000 users; 45455 = 1,000,000), --tables LIST, --rate N (1000), --seconds N, --quick.
# The audit log tables are generated only when --tables names them (~90M rows at 1,000,000 users).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
./mvnw -B -q -pl bench -am package -DskipTests
exec "$JAVA_HOME/bin/java" -cp "bench/target/bench.jar:bench/target/lib/*" app.platform.bench.CutoverBench "$@"
