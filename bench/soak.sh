#!/usr/bin/env bash
# The soak: the members' mixed load through the gateway at a fixed rate on the whole platform; per minute p50/p99 per
# operation and RSS per service, then the slope of each (the figure: near zero). Builds what it needs.
# Options: --minutes N (10), --tick-ms N (200), --quick (2 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
./mvnw -B -q -DskipTests package
exec "$JAVA_HOME/bin/java" -cp "bench/target/bench.jar:bench/target/lib/*" app.platform.bench.SoakBench "$@"
