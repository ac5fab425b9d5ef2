#!/usr/bin/env bash
# Password sign-ins/s against raw bcrypt verifies/s, and refresh-token rotations/s, of identity-service on this
# machine. Builds what it needs. Options: --users N --clients N --seconds N.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
./mvnw -B -q -pl bench -am package -DskipTests
exec "$JAVA_HOME/bin/java" -cp "bench/target/bench.jar:bench/target/lib/*" app.platform.bench.IdentityBench "$@"
