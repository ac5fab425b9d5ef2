#!/usr/bin/env bash
# Every figure of the performance table, each with its baseline from the same run and its goal: machine facts first,
# then one tab-separated row per figure (figure, now, baseline, ratio, goal, met). Runs each benchmark one after the
# other with --quick (each under 2 minutes) unless --full is given; each one's whole output is kept in
# bench/target/all/<name>.log. Builds what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
mode=--quick
[ "${1:-}" = "--full" ] && mode=
./mvnw -B -q -DskipTests package
mkdir -p bench/target/all
echo "# machine: cores=$(nproc) memory=$(awk '/MemTotal/ {printf "%d GiB", $2/1024/1024}' /proc/meminfo) jdk=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.version =/ {print $2}') mode=${mode:-full}"
printf 'figure\tname\tnow\tbaseline\tratio\tgoal\tmet\n'
for bench in IdentityBench PlatformBench GatewayBench AuditBench CutoverBench ImportBench; do
  log="bench/target/all/$bench.log"
  started=$SECONDS
  if "$JAVA_HOME/bin/java" -cp "bench/target/bench.jar:bench/target/lib/*" "app.platform.bench.$bench" $mode > "$log" 2>&1; then
    grep -P '^figure\t' "$log" || printf 'figure\t%s\tprinted no figure\t-\t-\t-\tnot met\n' "$bench"
  else
    printf 'figure\t%s\tfailed: see %s\t-\t-\t-\tnot met\n' "$bench" "$log"
  fi
  echo "# $bench took $((SECONDS - started)) s"
done
