package com.example.shop.audit;

import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The audit API over real HTTP, on the real event store. */
class AuditApiTest extends ServiceTest {

    private static List<JsonNode> events(Api.Response response) {
        List<JsonNode> events = new ArrayList<>();
        response.json().path("events").forEach(events::add);
        return events;
    }

    @Test
    void everyEventOfARequestCarriesItsCorrelationTraceCauseAndPrincipal() {
        String sku = unique("AUD");
        assertThat(api.post("/products", Api.product(sku, 500, "EUR", 10)).status()).isEqualTo(201);
        String correlationId = "order-" + UUID.randomUUID();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        Customer ann = newCustomer();
        Api.Response placed = ann.api().post("/orders", Api.order(ann.customerId(), "EUR", sku, 3),
                "X-Correlation-Id", correlationId, "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
        assertThat(placed.status()).isEqualTo(202);
        assertThat(placed.headers().firstValue("X-Correlation-Id")).contains(correlationId);

        // the request's chain runs through the fulfilment saga to the shipment
        List<JsonNode> events = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> events(api.get("/admin/audit/correlations/" + correlationId + "/events")),
                        chain -> chain.stream().anyMatch(e -> e.path("type").asText().endsWith("OrderShippedEvent")));
        assertThat(events).extracting(e -> e.path("type").asText().replaceAll(".*\\.", ""))
                .contains("OrderPlacedEvent", "OrderStockReservedEvent", "StockReservedEvent", "OrderPaidEvent",
                        "OrderShippedEvent", "StockCommittedEvent");
        assertThat(events).allSatisfy(event -> {
            JsonNode metadata = event.path("metadata");
            assertThat(metadata.path("correlationId").asText()).isEqualTo(correlationId);
            assertThat(metadata.path("traceId").asText()).isEqualTo(traceId);
            assertThat(metadata.path("principal").asText()).isEqualTo(ann.accountId());
            assertThat(metadata.path("causationId").asText()).isNotBlank();
        });
        assertThat(events).extracting(e -> e.path("metadata").path("rootMessageId").asText())
                .as("one request is the root of them all").containsOnly(
                        events.get(0).path("metadata").path("rootMessageId").asText());
        assertThat(events.stream().map(e -> e.path("metadata").path("causationId").asText()).distinct())
                .as("place, reserve, record payment, ship: each step's command caused its events").hasSize(4);
        assertThat(events).extracting(e -> e.path("globalIndex").asLong()).isSorted();
    }

    @Test
    void aRequestWithoutIdsGetsFreshOnesAndAnUnknownCorrelationHasNoEvents() {
        String sku = unique("AUD");
        Api.Response created = api.post("/products", Api.product(sku, 500, "EUR", 10));
        String correlationId = created.headers().firstValue("X-Correlation-Id").orElseThrow();
        assertThat(events(api.get("/admin/audit/correlations/" + correlationId + "/events"))).isNotEmpty();
        assertThat(events(api.get("/admin/audit/correlations/" + UUID.randomUUID() + "/events"))).isEmpty();
    }

    @Test
    void historyPagesThroughAnAggregateInOrder() {
        String sku = unique("AUD");
        assertThat(api.post("/products", Api.product(sku, 500, "EUR", 1)).status()).isEqualTo(201);
        for (int i = 0; i < 4; i++) {
            assertThat(api.post("/products/" + sku + "/restock", "{\"quantity\":1}").status()).isEqualTo(202);
        }
        String stock = "stock:" + sku;
        Api.Response first = api.get("/admin/audit/aggregates/" + stock + "/events?limit=3");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(events(first)).extracting(e -> e.path("sequence").asLong()).containsExactly(0L, 1L, 2L);
        String next = first.json().path("next").asText();
        Api.Response second = api.get(next);
        assertThat(events(second)).extracting(e -> e.path("sequence").asLong()).containsExactly(3L, 4L);
        assertThat(second.json().hasNonNull("next")).as("no page after the last").isFalse();
        assertThat(events(second).get(1).path("payload").path("available").asLong()).isEqualTo(5);
    }

    @Test
    void stateAsOfASequenceOrAMomentIsRebuiltFromTheEvents() {
        String sku = unique("AUD");
        assertThat(api.post("/products", Api.product(sku, 500, "EUR", 2)).status()).isEqualTo(201);
        Instant betweenRestocks = Instant.now();
        assertThat(api.post("/products/" + sku + "/restock", "{\"quantity\":5}").status()).isEqualTo(202);
        String stock = "stock:" + sku;

        JsonNode initial = api.get("/admin/audit/aggregates/" + stock + "/state?sequence=0").json();
        assertThat(initial.path("aggregateType").asText()).isEqualTo("Stock");
        assertThat(initial.path("sequence").asLong()).isZero();
        assertThat(initial.path("state").path("available").asLong()).isEqualTo(2);

        JsonNode now = api.get("/admin/audit/aggregates/" + stock + "/state?sequence=99").json();
        assertThat(now.path("sequence").asLong()).isEqualTo(1);
        assertThat(now.path("state").path("available").asLong()).isEqualTo(7);

        JsonNode then = api.get("/admin/audit/aggregates/" + stock + "/state?at=" + betweenRestocks).json();
        assertThat(then.path("state").path("available").asLong()).isEqualTo(2);
    }

    @Test
    void badAuditQueriesAreProblems() {
        String sku = unique("AUD");
        assertThat(api.post("/products", Api.product(sku, 500, "EUR", 2)).status()).isEqualTo(201);
        Set<String> refused = Set.of(
                "/admin/audit/aggregates/stock:" + sku + "/state",
                "/admin/audit/aggregates/stock:" + sku + "/state?sequence=1&at=2026-01-01T00:00:00Z",
                "/admin/audit/aggregates/stock:" + sku + "/state?at=yesterday",
                "/admin/audit/aggregates/stock:" + sku + "/events?limit=0",
                "/admin/audit/correlations/not%20valid/events");
        for (String path : refused) {
            Api.Response response = api.get(path);
            assertThat(response.status()).as(path + " " + response).isEqualTo(400);
            assertThat(response.isProblem()).as(path).isTrue();
        }
        Api.Response unknown = api.get("/admin/audit/aggregates/stock:NOPE-" + UUID.randomUUID() + "/events");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.problemType()).isEqualTo("/problems/aggregate-not-found");
        Api.Response before = api.get("/admin/audit/aggregates/stock:" + sku + "/state?at=2000-01-01T00:00:00Z");
        assertThat(before.status()).isEqualTo(404);
    }
}
