package com.example.shop.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.simulator.Faults;
import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderApiIT extends ServiceTest {

    private JsonNode awaitJson(String path, java.util.function.Predicate<JsonNode> ready) {
        return await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> {
                            Api.Response response = api.get(path);
                            return response.status() == 200 ? response.json() : null;
                        },
                        json -> json != null && ready.test(json));
    }

    private static List<String> statuses(JsonNode order) {
        List<String> statuses = new ArrayList<>();
        order.path("history").forEach(step -> statuses.add(step.path("status").asText()));
        return statuses;
    }

    @Test
    void anOrderAnswersAtOnceAndIsFulfilledThroughEveryStep() {
        String shirt = unique("SHIRT");
        String mug = unique("MUG");
        assertThat(api.post("/products", Api.product(shirt, 1999, "EUR", 10)).status())
                .isEqualTo(201);
        assertThat(api.post("/products", Api.product(mug, 850, "EUR", 5)).status())
                .isEqualTo(201);

        Api.Response placed = api.post("/orders", """
                {"customerId":"alice","currency":"EUR","shippingAddress":{"name":"Ann Example","line1":"742 Evergreen Terrace","postalCode":"10115","city":"Berlin","country":"DE"},"payment":{"cardToken":"tok_visa_4242"},"lines":[
                  {"sku":"%s","quantity":2},{"sku":"%s","quantity":3}]}""".formatted(shirt, mug));

        assertThat(placed.status()).isEqualTo(202);
        assertThat(placed.json().path("status").asText()).isEqualTo("PLACED");
        String orderId = placed.json().path("orderId").asText();
        assertThat(placed.location()).hasValue("/orders/" + orderId);

        JsonNode order = awaitJson(
                "/orders/" + orderId, json -> json.path("status").asText().equals("SHIPPED"));
        assertThat(statuses(order)).containsExactly("PLACED", "STOCK_RESERVED", "PAID", "SHIPPED");
        assertThat(order.path("customerId").asText()).isEqualTo("alice");
        assertThat(order.path("total").path("amountMinor").asLong()).isEqualTo(2 * 1999 + 3 * 850);
        assertThat(order.path("total").path("currency").asText()).isEqualTo("EUR");
        assertThat(order.path("lines")).hasSize(2);

        // shipped goods left the warehouse: nothing stays reserved
        JsonNode product = awaitJson(
                "/products/" + shirt,
                json -> json.path("available").asLong() == 8
                        && json.path("reserved").asLong() == 0);
        assertThat(product.path("price").path("amountMinor").asLong()).isEqualTo(1999);
        assertThat(paymentGateway.chargesFor(orderId))
                .singleElement()
                .satisfies(charge -> assertThat(charge.amountMinor()).isEqualTo(2 * 1999 + 3 * 850));
        assertThat(shippingCarrier.shipmentsFor(orderId)).hasSize(1);

        // the providers' calls and breakers are metrics
        JsonNode calls = api.get("/actuator/metrics/shop.provider.calls?tag=provider:payment&tag=operation:charge")
                .json();
        assertThat(calls.path("measurements").get(0).path("value").asDouble()).isGreaterThanOrEqualTo(1);
        JsonNode breaker = api.get(
                        "/actuator/metrics/resilience4j.circuitbreaker.state?tag=name:shipping&tag=state:closed")
                .json();
        assertThat(breaker.path("measurements").get(0).path("value").asDouble()).isEqualTo(1);
    }

    @Test
    void anOrderBeyondTheStockFailsWithAReasonAndReservesNothing() {
        String sku = unique("RARE");
        api.post("/products", Api.product(sku, 700, "EUR", 2));

        Api.Response placed = api.post("/orders", Api.order("amy", "EUR", sku, 3));

        assertThat(placed.status()).isEqualTo(202);
        JsonNode order = awaitJson(
                "/orders/" + placed.json().path("orderId").asText(),
                json -> json.path("status").asText().equals("FAILED"));
        assertThat(order.path("history").get(1).path("reason").asText())
                .isEqualTo("Only 2 of " + sku + " available, 3 requested");
        assertThat(api.get("/products/" + sku).json().path("available").asLong())
                .isEqualTo(2);
    }

    @Test
    void cancellingMidWayReleasesTheStockAndVoidsThePayment() {
        String sku = unique("LAMP");
        api.post("/products", Api.product(sku, 4500, "EUR", 4));
        paymentGateway.faults(Faults.none().withOutage(true));
        String orderId = api.post("/orders", Api.order("bob", "EUR", sku, 4))
                .json()
                .path("orderId")
                .asText();
        // the gateway is down: the order waits with its stock reserved instead of failing
        awaitJson("/orders/" + orderId, json -> json.path("status").asText().equals("STOCK_RESERVED"));
        awaitJson("/products/" + sku, json -> json.path("reserved").asLong() == 4);

        Api.Response cancelled = api.post("/orders/" + orderId + "/cancel", "{\"reason\":\"found a cheaper lamp\"}");

        assertThat(cancelled.status()).isEqualTo(202);
        assertThat(cancelled.location()).hasValue("/orders/" + orderId);
        JsonNode order = awaitJson(
                "/orders/" + orderId, json -> json.path("status").asText().equals("CANCELLED"));
        assertThat(order.path("history").get(2).path("reason").asText()).isEqualTo("found a cheaper lamp");
        awaitJson(
                "/products/" + sku,
                json -> json.path("available").asLong() == 4
                        && json.path("reserved").asLong() == 0);

        paymentGateway.faults(Faults.none());
        JsonNode voided =
                awaitJson("/orders/" + orderId, json -> json.path("history").size() == 4);
        assertThat(voided.path("history").get(3).path("reason").asText()).isEqualTo("payment voided");
        assertThat(paymentGateway.capturedCountFor(orderId)).isZero();

        Api.Response again = api.post("/orders/" + orderId + "/cancel", "{}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problemType()).isEqualTo("/problems/illegal-order-transition");
    }

    @Test
    void restockingAddsToAvailableStock() {
        String sku = unique("PEN");
        api.post("/products", Api.product(sku, 120, "EUR", 1));

        Api.Response restocked = api.post("/products/" + sku + "/restock", "{\"quantity\":9}");

        assertThat(restocked.status()).isEqualTo(202);
        assertThat(restocked.location()).hasValue("/products/" + sku);
        awaitJson("/products/" + sku, json -> json.path("available").asLong() == 10);
    }

    @Test
    void customerHistoryIsPagedNewestFirstByCursor() {
        String sku = unique("CARD");
        String customer = unique("carol");
        api.post("/products", Api.product(sku, 300, "EUR", 100));
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            placed.add(api.post("/orders", Api.order(customer, "EUR", sku, 1))
                    .json()
                    .path("orderId")
                    .asText());
        }
        awaitJson(
                "/customers/" + customer + "/orders?limit=100",
                json -> json.path("items").size() == 5);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = api.get(
                            "/customers/" + customer + "/orders?limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
                    .json();
            page.path("items").forEach(item -> seen.add(item.path("orderId").asText()));
            cursor = page.hasNonNull("nextCursor") ? page.path("nextCursor").asText() : null;
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(placed).doesNotHaveDuplicates();
        List<String> placedAt = new ArrayList<>();
        api.get("/customers/" + customer + "/orders?limit=100")
                .json()
                .path("items")
                .forEach(item -> placedAt.add(item.path("placedAt").asText()));
        assertThat(placedAt).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void productsAreListed() {
        String sku = unique("LIST");
        api.post("/products", Api.product(sku, 100, "EUR", 1));
        awaitJson("/products/" + sku, json -> true);

        JsonNode page = api.get("/products?size=200").json();

        List<String> skus = new ArrayList<>();
        page.path("items").forEach(item -> skus.add(item.path("sku").asText()));
        assertThat(skus).contains(sku).isSorted();
    }
}
