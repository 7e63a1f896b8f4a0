#!/usr/bin/env bash
# Runs sqlmap (Debian package 'sqlmap') against a running service: registration and login, then the query and
# order endpoints with a customer's access token. Prints sqlmap's verdict per target.
# usage: SHOP_ADMIN_PASSWORD=... infra/security/sqlmap.sh [base-url]   (default http://127.0.0.1:8080)
# Start the service with a high login limit for the scan (SHOP_SECURITY_LOGIN_MAXFAILURES=1000000), or the
# lockout answers most of sqlmap's login requests with 429 before the password is even checked.
set -euo pipefail
base="${1:-http://127.0.0.1:8080}"
admin_email="${SHOP_ADMIN_EMAIL:-admin@shop.local}"
: "${SHOP_ADMIN_PASSWORD:?set SHOP_ADMIN_PASSWORD to the admin password (logged at the first start)}"
command -v sqlmap >/dev/null || { echo "sqlmap is not installed: apt-get install sqlmap" >&2; exit 1; }
command -v jq >/dev/null || { echo "jq is not installed: apt-get install jq" >&2; exit 1; }

json() { curl -sS -H 'Content-Type: application/json' "$@"; }
login() { json "$base/auth/login" -d "{\"email\":\"$1\",\"password\":\"$2\"}" | jq -r .accessToken; }

admin="$(login "$admin_email" "$SHOP_ADMIN_PASSWORD")"
json -H "Authorization: Bearer $admin" "$base/products" -o /dev/null \
    -d '{"sku":"TSHIRT-1","name":"T-shirt","price":{"amountMinor":1999,"currency":"EUR"},"initialStock":1000}' || true
email="sqlmap-$RANDOM$RANDOM@example.test"
password="sqlmap scan password"
customer_id="$(json "$base/auth/register" -d "{\"email\":\"$email\",\"password\":\"$password\"}" | jq -r .customerId)"
# a fresh access token per target: a scan can outlast one (15 minutes)
auth() { echo "Authorization: Bearer $(login "$email" "$password")"; }

out="$(mktemp -d)"
run() {
    echo "== sqlmap $*" | sed 's/Bearer [^"]*/Bearer .../'
    sqlmap --batch --disable-coloring --level=3 --risk=2 --output-dir="$out" "$@" </dev/null 2>&1 \
        | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g; s/\x1b[()][A-Z]//g' \
        | grep -E "injectable|is vulnerable|integer casting|back-end DBMS|CRITICAL|ERROR" \
        | grep -v "heuristic" || true
}
# a refused login is the normal answer here, not an authentication problem of sqlmap's
run -u "$base/auth/login" --method=POST --headers="Content-Type: application/json" --ignore-code=401,429 \
    --data="{\"email\":\"$email\",\"password\":\"not the password\"}"
run -u "$base/auth/register" --method=POST --headers="Content-Type: application/json" \
    --data='{"email":"new-account@example.test","password":"a long enough password"}'
run -u "$base/products/search?q=shirt&sort=name&currency=EUR&minPrice=100&maxPrice=5000&page=0&size=10" \
    --headers="$(auth)" -p "q,sort,currency,minPrice,maxPrice,page,size"
run -u "$base/products/TSHIRT-1" --url="$base/products/TSHIRT-1*" --headers="$(auth)"
run -u "$base/customers/$customer_id/orders?limit=20" --headers="$(auth)" -p limit
run -u "$base/orders" --method=POST --headers="$(printf 'Content-Type: application/json\n%s' "$(auth)")" \
    --data='{"currency":"EUR","lines":[{"sku":"TSHIRT-1","quantity":1}],"shippingAddress":{"name":"Scan","line1":"1 Main St","postalCode":"10115","city":"Berlin","country":"DE"},"payment":{"cardToken":"tok_scan_4242"}}'
rm -rf "$out"
