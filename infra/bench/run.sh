#!/usr/bin/env bash
# Runs the flash-sale benchmark and writes docs/benchmarks/flash-sale.md (+ .png).
# Uses the PostgreSQL on 127.0.0.1:5432 when one listens, an embedded server otherwise.
# Sizes can be changed with system properties, e.g.: infra/bench/run.sh -Dbench.quota=2000
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -B -ntp -pl infra/bench -am package -DskipTests
exec java -Xms2g -Xmx6g -XX:+UseParallelGC "$@" -jar infra/bench/target/bench.jar
