#!/usr/bin/env bash
# Runs a benchmark and writes its report to docs/benchmarks/:
#   infra/bench/run.sh [flash-sale|replay] [-Dbench.<size>=<n> ...]
# flash-sale (default) writes flash-sale.md and .png; replay writes replay.md.
# Uses the PostgreSQL on 127.0.0.1:5432 when one listens, an embedded server otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."
scenario=flash-sale
if [ $# -gt 0 ] && [[ "$1" != -* ]]; then
    scenario="$1"
    shift
fi
# forceCreation: otherwise an unchanged bench module keeps its old fat jar, with stale copies of the service
./mvnw -q -B -ntp -pl infra/bench -am package -DskipTests -Dmaven.jar.forceCreation=true
exec java -Xms2g -Xmx6g -XX:+UseParallelGC "$@" -jar infra/bench/target/bench.jar "$scenario"
