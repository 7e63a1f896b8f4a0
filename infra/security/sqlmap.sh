#!/usr/bin/env bash
# Runs sqlmap (Debian package 'sqlmap') against a running service's query endpoints and prints its verdict.
# usage: infra/security/sqlmap.sh [base-url]    (default http://127.0.0.1:8080; start the service first)
# Login and registration join the list when accounts land.
set -euo pipefail
base="${1:-http://127.0.0.1:8080}"
command -v sqlmap >/dev/null || { echo "sqlmap is not installed: apt-get install sqlmap" >&2; exit 1; }
out="$(mktemp -d)"
run() {
    echo "== sqlmap $*"
    sqlmap --batch --disable-coloring --level=3 --risk=2 --output-dir="$out" "$@" </dev/null 2>&1 \
        | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g; s/\x1b[()][A-Z]//g' \
        | grep -E "injectable|is vulnerable|integer casting|back-end DBMS|CRITICAL" \
        | grep -v "heuristic" || true
}
run -u "$base/products/search?q=shirt&sort=name&currency=EUR&minPrice=100&maxPrice=5000&page=0&size=10" \
    -p "q,sort,currency,minPrice,maxPrice,page,size"
run -u "$base/products/TSHIRT-1" --url="$base/products/TSHIRT-1*"
run -u "$base/customers/alice/orders?limit=20" -p limit
run -u "$base/orders" --method=POST --headers="Content-Type: application/json" \
    --data='{"customerId":"alice","currency":"EUR","lines":[{"sku":"TSHIRT-1","quantity":1}]}'
rm -rf "$out"
