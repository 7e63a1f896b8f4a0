#!/usr/bin/env bash
# Rebuilds one projection of a running service from the event store, with a progress bar.
# usage: SHOP_TOKEN=<a staff access token> infra/rebuild.sh <projection> [base-url, default http://localhost:8080]
#   e.g. infra/rebuild.sh product-catalog       projections: GET <base-url>/admin/projections
# Needs bash, curl and jq. Exits 0 once the projection has caught up, 1 when the service refuses, 2 on bad usage.
set -euo pipefail

usage() {
    echo "usage: SHOP_TOKEN=<a staff access token> $0 <projection> [base-url, default http://localhost:8080]" >&2
    exit 2
}
[ $# -ge 1 ] && [ $# -le 2 ] || usage
projection=$1
base=${2:-http://localhost:8080}
base=${base%/}
[[ $projection =~ ^[A-Za-z0-9._-]{1,100}$ ]] || { echo "not a projection name: $projection" >&2; usage; }
for tool in curl jq; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$0 needs $tool on the PATH" >&2; exit 2; }
done
if [ -z "${SHOP_TOKEN:-}" ]; then
    cat >&2 <<EOF
SHOP_TOKEN is not set. A rebuild is for staff: log in with a staff account and export its access token
(valid for 15 minutes), e.g.
  export SHOP_TOKEN=\$(curl -s -H 'Content-Type: application/json' $base/auth/login \\
      -d '{"email":"admin@shop.local","password":"<the admin password>"}' | jq -r .accessToken)
EOF
    exit 2
fi

body=$(mktemp)
trap 'rm -f "$body"' EXIT

# call METHOD PATH EXPECTED-STATUS: the answer's body lands in $body; anything else than expected ends the script.
# The token goes to curl on a file descriptor, not on its command line, where other users could read it.
call() {
    local status
    status=$(curl -sS -o "$body" -w '%{http_code}' -X "$1" --max-time 30 \
        -H @<(printf 'Authorization: Bearer %s\n' "$SHOP_TOKEN") "$base$2") || status=000
    if [ "$status" != "$3" ]; then
        echo
        echo "Refused: $1 $2 answered $status (expected $3): $(cat "$body")" >&2
        exit 1
    fi
}

bar() {
    local width=40 done position head eps left filled hashes dots
    read -r done position head eps left < <(jq -r '
        ([.head, 0] | max) as $head | ([.position, 0] | max) as $position
        | (if $head == 0 then 1 else ([$position / $head, 1] | min) end) as $done
        | "\($done) \($position) \($head) \(.eventsPerSecond // 0 | round) \(.secondsLeft // "unknown" | if type == "number" then "\(round) s" else . end)"' "$body")
    filled=$(jq -n --argjson done "$done" --argjson width "$width" '$done * $width | round')
    printf -v hashes '%*s' "$filled" ''
    printf -v dots '%*s' "$((width - filled))" ''
    printf '\r[%s%s] %3d%% %d/%d events, %d events/s, %s left   ' "${hashes// /#}" "${dots// /.}" \
        "$(jq -n --argjson done "$done" '$done * 100 | round')" "$position" "$head" "$eps" "$left"
}

started=$(date +%s%N)
call POST "/admin/projections/$projection/rebuild" 202
while :; do
    call GET "/admin/projections/$projection" 200
    bar
    if jq -e '(.rebuilding | not) and .behind == 0' "$body" >/dev/null; then
        break
    fi
    sleep 0.5
done
printf '\nRebuilt %s up to event %d in %s s\n' "$projection" "$(jq -r .position "$body")" \
    "$(awk -v ns=$(( $(date +%s%N) - started )) 'BEGIN { printf "%.1f", ns / 1e9 }')"
