#!/usr/bin/env bash
# Rebuilds one projection of a running service from the event store, with a progress bar.
# usage: infra/rebuild.sh <projection> [base-url]   e.g. infra/rebuild.sh product-catalog
# Projections: GET <base-url>/admin/projections
set -euo pipefail
cd "$(dirname "$0")/.."
jar=infra/app/target/shop-exec.jar
[ -f "$jar" ] || ./mvnw -q -B -ntp -pl infra/app -am package -DskipTests
exec java -cp "$jar" -Dloader.main=com.example.shop.infra.replay.RebuildCommand \
    org.springframework.boot.loader.launch.PropertiesLauncher "$@"
