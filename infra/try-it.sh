#!/usr/bin/env bash
# The README's "Try it", step by step against a started service: staff register a product and a campaign,
# a customer registers, orders, follows the order, cancels a second one, claims the discount and logs out.
# Every step prints its call and the HTTP status; the script stops with a non-zero exit at the first
# answer that is not the expected one, naming the step.
#
# usage: infra/try-it.sh [base-url, default http://localhost:8080] [admin password]
#   the admin password defaults to SHOP_SECURITY_ADMIN_PASSWORD (the service logs the generated one at
#   its first start), the admin e-mail to SHOP_SECURITY_ADMIN_EMAIL or admin@shop.local, and the payment
#   simulator is taken on the service's host at port SHOP_SIMULATORS_PAYMENT_PORT (default 8091): the
#   same variables the service reads.
# Needs bash, curl, jq and GNU date. Each run uses a product, a campaign and a customer of its own.
set -euo pipefail

BASE=${1:-http://localhost:8080}
BASE=${BASE%/}
ADMIN_PASSWORD=${2:-${SHOP_SECURITY_ADMIN_PASSWORD:-}}
ADMIN_EMAIL=${SHOP_SECURITY_ADMIN_EMAIL:-admin@shop.local}
HOST=$(sed -E 's#^[a-zA-Z]+://([^/:]+).*#\1#' <<<"$BASE")
PAYMENT_SIMULATOR=http://$HOST:${SHOP_SIMULATORS_PAYMENT_PORT:-8091}

for tool in curl jq date; do
    command -v "$tool" >/dev/null 2>&1 || { echo "try-it: needs $tool on the PATH" >&2; exit 2; }
done
if [ -z "$ADMIN_PASSWORD" ]; then
    echo "try-it: give the admin password as the second argument or in SHOP_SECURITY_ADMIN_PASSWORD" \
        "(the service logs the generated one at its first start: \"Created the admin account ...\")" >&2
    exit 2
fi

WORK=$(mktemp -d)
OUTAGE=no
cleanup() {
    # never leave the gateway in an outage because a later step failed
    if [ "$OUTAGE" = yes ]; then
        curl -s -o /dev/null -X PUT "$PAYMENT_SIMULATOR/_sim/faults" -d '{}' || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# A fresh Idempotency-Key for every POST: a key is a promise that two requests are the same one.
uuid() { if command -v uuidgen >/dev/null 2>&1; then uuidgen; else cat /proc/sys/kernel/random/uuid; fi; }
# An instant relative to now in ISO 8601, e.g. "-1 minute" or "+1 day"
at() { date -u -d "$1" +%Y-%m-%dT%H:%M:%SZ; }

# A body on one line, cut short: JSON compacted with passwords and tokens masked, anything else as it came
shorten() {
    if jq -e . >/dev/null 2>&1 <<<"$1"; then
        jq -c 'if type == "object" then with_entries(
                   if .key == "password" then .value = "***"
                   elif (.key | test("Token$")) then .value = (.value | tostring | .[0:10] + "...")
                   else . end)
               else . end' <<<"$1" | cut -c 1-400
    else
        printf '%s' "$1" | head -c 400
    fi
}

STEP=0
fail() { echo "try-it: step $STEP ($TITLE) failed: $*" >&2; exit 1; }

# step "title" EXPECTED-STATUS METHOD URL [TOKEN] [JSON-BODY]
# Prints the call and its status, leaves the answer in $BODY (and its headers in $WORK/headers); a POST
# carries a fresh Idempotency-Key (or $KEY), and a 503 is retried with the same key after its Retry-After.
step() {
    TITLE=$1
    local expected=$2 method=$3 url=$4 token=${5:-} body=${6:-} key=${KEY:-$(uuid)} status attempt
    local args=(-sS -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' -X "$method" --max-time 30)
    [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
    [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
    [ "$method" = POST ] && args+=(-H "Idempotency-Key: $key")
    STEP=$((STEP + 1))
    echo
    echo "[$STEP] $TITLE"
    echo "    $method ${url#"$BASE"}${body:+ $(shorten "$body")}"
    for attempt in 1 2 3 4 5; do
        : >"$WORK/body"
        : >"$WORK/headers"
        status=$(curl "${args[@]}" "$url") || status=nothing
        [ "$status" = 503 ] && [ "$attempt" -lt 5 ] || break
        local wait
        wait=$(sed -nE 's/^Retry-After: *([0-9]+).*/\1/ip' "$WORK/headers" | head -n 1)
        echo "    -> 503, saturated: retrying after ${wait:-1} s with the same key"
        sleep "${wait:-1}"
    done
    BODY=$(cat "$WORK/body")
    echo "    -> $status $(shorten "$BODY")"
    [ "$status" = "$expected" ] || fail "answered $status, expected $expected"
}

# Polls a GET until jq's condition holds on its answer (the read models trail the commands by a moment).
await() {
    local title=$1 url=$2 token=$3 condition=$4 seconds=${5:-30} status
    TITLE=$title
    STEP=$((STEP + 1))
    echo
    echo "[$STEP] $title"
    echo "    GET ${url#"$BASE"}   (until $condition)"
    for _ in $(seq $((seconds * 4))); do
        : >"$WORK/body"
        status=$(curl -sS -o "$WORK/body" -w '%{http_code}' --max-time 10 -H "Authorization: Bearer $token" "$url") \
            || status=nothing
        if [ "$status" = 200 ] && jq -e "$condition" "$WORK/body" >/dev/null 2>&1; then
            BODY=$(cat "$WORK/body")
            echo "    -> 200 $(shorten "$BODY")"
            return
        fi
        sleep 0.25
    done
    fail "still $status $(shorten "$(cat "$WORK/body")") after $seconds s"
}

RUN=$(uuid | cut -c 1-8)
SKU=TSHIRT-${RUN^^}
CAMPAIGN=black-friday-$RUN
EMAIL=alice-$RUN@example.com
PASSWORD="correct horse battery staple"
ADDRESS='{"name":"Alice Example","line1":"1 Main Street","postalCode":"10115","city":"Berlin","country":"DE"}'
PAYMENT='{"cardToken":"tok_visa_4242"}'

step "the service is up" 200 GET "$BASE/actuator/health"

# --- staff: register a product and a campaign ---
step "staff log in" 200 POST "$BASE/auth/login" "" \
    "$(jq -nc --arg email "$ADMIN_EMAIL" --arg password "$ADMIN_PASSWORD" '{email: $email, password: $password}')"
ADMIN=$(jq -r .accessToken <<<"$BODY")

step "staff register a product with 10 in stock" 201 POST "$BASE/products" "$ADMIN" \
    "{\"sku\":\"$SKU\",\"name\":\"T-shirt\",\"price\":{\"amountMinor\":1999,\"currency\":\"EUR\"},\"initialStock\":10}"

step "staff create a campaign, open from a minute ago for a day" 201 POST "$BASE/admin/campaigns" "$ADMIN" \
    "{\"campaignId\":\"$CAMPAIGN\",\"name\":\"Black Friday\",\"quota\":10000,\"discountPercent\":50,\"startsAt\":\"$(at '-1 minute')\",\"endsAt\":\"$(at '+1 day')\"}"

# --- a customer: register, log in, order, follow the order ---
step "a customer registers" 201 POST "$BASE/auth/register" "" \
    "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}"
CUSTOMER=$(jq -r .customerId <<<"$BODY")

step "the customer logs in (the access token lasts 15 minutes)" 200 POST "$BASE/auth/login" "" \
    "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}"
ALICE=$(jq -r .accessToken <<<"$BODY")
REFRESH=$(jq -r .refreshToken <<<"$BODY")

ORDER_BODY="{\"currency\":\"EUR\",\"lines\":[{\"sku\":\"$SKU\",\"quantity\":2}],\"shippingAddress\":$ADDRESS,\"payment\":$PAYMENT}"
ORDER_KEY=$(uuid)
KEY=$ORDER_KEY step "the customer orders 2 T-shirts (prices come from the catalog)" 202 POST "$BASE/orders" "$ALICE" \
    "$ORDER_BODY"
ORDER=$(jq -r .orderId <<<"$BODY")
grep -qi "^Location: /orders/$ORDER" "$WORK/headers" || fail "no Location /orders/$ORDER"

KEY=$ORDER_KEY step "the same order sent again with the same Idempotency-Key: the first answer, no second order" \
    202 POST "$BASE/orders" "$ALICE" "$ORDER_BODY"
[ "$(jq -r .orderId <<<"$BODY")" = "$ORDER" ] || fail "a second order was placed"
grep -qi '^Idempotent-Replayed: true' "$WORK/headers" || fail "the answer is not marked Idempotent-Replayed"

await "the order is readable (its read model trails the command by a moment)" "$BASE/orders/$ORDER" "$ALICE" \
    '.orderId != null'

STEP=$((STEP + 1))
TITLE="the order's status events: its current step, then each change until it has shipped"
echo
echo "[$STEP] $TITLE"
echo "    GET /orders/$ORDER/status-events"
status=$(curl -sS -N --max-time 60 -o "$WORK/events" -w '%{http_code}' -H "Authorization: Bearer $ALICE" \
    "$BASE/orders/$ORDER/status-events") || status=nothing
echo "    -> $status $(grep '^id:' "$WORK/events" | tr '\n' ' ')"
[ "$status" = 200 ] || fail "answered $status, expected 200"
grep -q '^id:SHIPPED' "$WORK/events" || fail "the order did not ship: $(cat "$WORK/events")"

step "the customer's orders, newest first" 200 GET "$BASE/customers/$CUSTOMER/orders?limit=20" "$ALICE"

# --- a cancellation: an order that has not shipped yet, held up by a payment gateway outage ---
step "the payment gateway goes down (simulator fault)" 200 PUT "$PAYMENT_SIMULATOR/_sim/faults" "" '{"outage":true}'
OUTAGE=yes

step "the customer orders again; the payment cannot go through" 202 POST "$BASE/orders" "$ALICE" \
    "{\"currency\":\"EUR\",\"lines\":[{\"sku\":\"$SKU\",\"quantity\":1}],\"shippingAddress\":$ADDRESS,\"payment\":$PAYMENT}"
SECOND=$(jq -r .orderId <<<"$BODY")

step "the customer cancels it before it ships" 202 POST "$BASE/orders/$SECOND/cancel" "$ALICE" \
    '{"reason":"changed my mind"}'

step "the payment gateway is back" 200 PUT "$PAYMENT_SIMULATOR/_sim/faults" "" '{}'
OUTAGE=no

await "the second order is cancelled" "$BASE/orders/$SECOND" "$ALICE" '.status == "CANCELLED"'

await "the product: 2 sold, the cancelled one back in stock" "$BASE/products/$SKU" "$ALICE" '.available == 8'

# --- the discount ---
step "the customer claims the campaign's discount" 201 POST "$BASE/campaigns/$CAMPAIGN/claims" "$ALICE" '{}'

await "the campaign: one granted (the count may trail the decision by a moment)" "$BASE/campaigns/$CAMPAIGN" \
    "$ALICE" '.granted == 1'

# --- the session ---
step "new tokens for the refresh token (which works once)" 200 POST "$BASE/auth/refresh" "" \
    "{\"refreshToken\":\"$REFRESH\"}"
ALICE=$(jq -r .accessToken <<<"$BODY")
REFRESH=$(jq -r .refreshToken <<<"$BODY")

step "the customer logs out" 204 POST "$BASE/auth/logout" "" "{\"refreshToken\":\"$REFRESH\"}"

echo
echo "try-it: all $STEP steps answered as expected"
