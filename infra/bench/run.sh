#!/usr/bin/env bash
# Runs a benchmark and writes its report to docs/benchmarks/:
#   infra/bench/run.sh [flash-sale|replay|cluster|observability|front] [-Dbench.<size>=<n> ...]
# flash-sale (default) writes flash-sale.md and .png; replay writes replay.md; cluster writes cluster.md;
# observability (log volume, the cost of tracing; one node at a time, as cluster starts them) writes observability.md;
# front (HTTP requests per second under wrk against a bare Spring Boot endpoint) writes front.md.
# flash-sale and replay use the PostgreSQL on 127.0.0.1:5432 when one listens, an embedded server otherwise;
# cluster and observability need the local one (a database per cluster) and start the nodes from
# infra/app/target/shop-dev.jar.
set -euo pipefail
cd "$(dirname "$0")/../.."
scenario=flash-sale
if [ $# -gt 0 ] && [[ "$1" != -* ]]; then
    scenario="$1"
    shift
fi
if [ "$scenario" = front ] && ! command -v wrk >/dev/null; then
    apt-get update && apt-get install -y --no-install-recommends wrk
fi
# forceCreation: otherwise an unchanged bench module keeps its old fat jar, with stale copies of the service
./mvnw -q -B -ntp -pl infra/bench -am package -DskipTests -Dmaven.jar.forceCreation=true
heap=(-Xms2g -Xmx6g -XX:+UseParallelGC)
# the cluster's nodes are JVMs of their own; this one only sends the load and must leave them the memory and cores
[ "$scenario" = cluster ] || [ "$scenario" = observability ] && heap=(-Xmx768m -XX:+UseSerialGC)
exec java "${heap[@]}" "$@" -jar infra/bench/target/bench.jar "$scenario"
