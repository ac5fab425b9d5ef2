#!/usr/bin/env bash
# requests/s and p50/p99 of the same authenticated GET straight to a service and through the gateway, from one run.
# Starts the whole platform on free ports. Options: --clients N --seconds N --quick.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
./mvnw -B -q -DskipTests package
exec "$JAVA_HOME/bin/java" -cp "bench/target/bench.jar:bench/target/lib/*" app.platform.bench.GatewayBench "$@"
