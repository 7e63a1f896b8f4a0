package com.example.shop.operations.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The audit API over real HTTP, on the real event store. */
class AuditApiIT extends ServiceTest {

    private static List<JsonNode> events(Api.Response response) {
        List<JsonNode> events = new ArrayList<>();
        response.json().path("events").forEach(events::add);
        return events;
    }

    @Test
    void everyEventOfARequestCarriesItsCorrelationTraceCauseAndPrincipal() {
        String sku = unique("AUD");
        assertThat(api.post("/products", Api.product(sku, 500, "EUR", 10)).status())
                .isEqualTo(201);
        String correlationId = "order-" + UUID.randomUUID();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        Customer ann = newCustomer();
        Api.Response placed = ann.api()
                .post(
                        "/orders",
                        Api.order(ann.customerId(), "EUR", sku, 3),
                        "X-Correlation-Id",
                        correlationId,
                        "traceparent",
                        "00-" + traceId + "-00f067aa0ba902b7-01");
        assertThat(placed.status()).isEqualTo(202);
        assertThat(placed.headers().firstValue("X-Correlation-Id")).contains(correlationId);

        // the request's chain runs through the fulfilment saga to the shipment
        List<JsonNode> events = await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> events(api.get("/admin/audit/correlations/" + correlationId + "/events")),
                        chain -> chain.stream()
                                .anyMatch(e -> e.path("type").asText().endsWith("OrderStockCommittedEvent")));
        assertThat(events)
                .extracting(e -> e.path("type").asText().replaceAll(".*\\.", ""))
                .contains(
                        "OrderPlacedEvent",
                        "OrderStockReservedEvent",
                        "StockReservedEvent",
                        "OrderPaidEvent",
                        "OrderShippedEvent",
                        "StockCommittedEvent",
                        "OrderStockCommittedEvent");
        assertThat(events).allSatisfy(event -> {
            JsonNode metadata = event.path("metadata");
            assertThat(metadata.path("correlationId").asText()).isEqualTo(correlationId);
            assertThat(metadata.path("traceId").asText()).isEqualTo(traceId);
            assertThat(metadata.path("principal").asText()).isEqualTo(ann.accountId());
            assertThat(metadata.path("causationId").asText()).isNotBlank();
        });
        assertThat(events)
                .extracting(e -> e.path("metadata").path("rootMessageId").asText())
                .as("one request is the root of them all")
                .containsOnly(
                        events.get(0).path("metadata").path("rootMessageId").asText());
        assertThat(events.stream()
                        .map(e -> e.path("metadata").path("causationId").asText())
                        .distinct())
                .as("place, reserve the line, record the reservation, record the payment, ship, commit the line, record"
                        + " the commit: each step's command caused its events")
                .hasSize(7);
        assertThat(events).extracting(e -> e.path("globalIndex").asLong()).isSorted();
    }

    @Test
    void aRequestWithoutIdsGetsFreshOnesAndAnUnknownCorrelationHasNoEvents() {
        String sku = unique("AUD");
        Api.Response created = api.post("/products", Api.product(sku, 500, "EUR", 10));
        String correlationId = created.headers().firstValue("X-Correlation-Id").orElseThrow();
        assertThat(events(api.get("/admin/audit/correlations/" + correlationId + "/events")))
                .isNotEmpty();
        assertThat(events(api.get("/admin/audit/correlations/" + UUID.randomUUID() + "/events")))
                .isEmpty();
    }

    @Test
    void historyPagesThroughAnAggregateInOrder() {
        String sku = unique("AUD");
        assertThat(api.post("/products", Api.product(sku, 500, "EUR", 1)).status())
                .isEqualTo(201);
        for (int i = 0; i < 4; i++) {
            assertThat(api.post("/products/" + sku + "/restock", "{\"quantity\":1}")
                            .status())
                    .isEqualTo(202);
        }
        String stock = "stock:" + sku;
        Api.Response first = api.get("/admin/audit/aggregates/" + stock + "/events?limit=3");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(events(first)).extracting(e -> e.path("sequence").asLong()).containsExactly(0L, 1L, 2L);
        String next = first.json().path("next").asText();
        Api.Response second = api.get(next);
        assertThat(events(second)).extracting(e -> e.path("sequence").asLong()).containsExactly(3L, 4L);
        assertThat(second.json().hasNonNull("next"))
                .as("no page after the last")
                .isFalse();
        assertThat(events(second).get(1).path("payload").path("available").asLong())
                .isEqualTo(5);
    }

    @Test
    void stateAsOfASequenceOrAMomentIsRebuiltFromTheEvents() {
        String sku = unique("AUD");
        assertThat(api.post("/products", Api.product(sku, 500, "EUR", 2)).status())
                .isEqualTo(201);
        Instant betweenRestocks = Instant.now();
        assertThat(api.post("/products/" + sku + "/restock", "{\"quantity\":5}").status())
                .isEqualTo(202);
        String stock = "stock:" + sku;

        JsonNode initial = api.get("/admin/audit/aggregates/" + stock + "/state?sequence=0")
                .json();
        assertThat(initial.path("aggregateType").asText()).isEqualTo("Stock");
        assertThat(initial.path("sequence").asLong()).isZero();
        assertThat(initial.path("state").path("available").asLong()).isEqualTo(2);

        JsonNode now = api.get("/admin/audit/aggregates/" + stock + "/state?sequence=99")
                .json();
        assertThat(now.path("sequence").asLong()).isEqualTo(1);
        assertThat(now.path("state").path("available").asLong()).isEqualTo(7);

        JsonNode then = api.get("/admin/audit/aggregates/" + stock + "/state?at=" + betweenRestocks)
                .json();
        assertThat(then.path("state").path("available").asLong()).isEqualTo(2);
    }

    private static String campaign(String id, int quota) {
        return """
                {"campaignId":"%s","name":"Audit %s","quota":%d,"discountPercent":20,"startsAt":"%s","endsAt":"%s"}""".formatted(
                id, id, quota, Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
    }

    private List<JsonNode> history(String aggregateId) {
        Api.Response page = api.get("/admin/audit/aggregates/" + aggregateId + "/events?limit=500");
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        return events(page);
    }

    private JsonNode state(String aggregateId, String query) {
        Api.Response state = api.get("/admin/audit/aggregates/" + aggregateId + "/state?" + query);
        assertThat(state.status()).as(state.toString()).isEqualTo(200);
        return state.json();
    }

    private static String simpleType(JsonNode event) {
        return event.path("type").asText().replaceAll(".*\\.", "");
    }

    @Test
    void eachClaimOfABatchKeepsWhoClaimedItAndItsRequest() throws Exception {
        String id = unique("aud").toLowerCase();
        assertThat(api.post("/admin/campaigns", campaign(id, 100)).status()).isEqualTo(201);
        Customer ann = newCustomer();
        String annRequest = "claim-" + UUID.randomUUID();
        // staff claim for walk-in customers at the same time, so that claims share batches
        ExecutorService clients = Executors.newFixedThreadPool(16);
        Map<String, Future<Api.Response>> walkIns = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            String customer = "walk-in-" + i + "-" + id;
            walkIns.put(
                    customer,
                    clients.submit(() -> api.post(
                            "/campaigns/" + id + "/claims",
                            "{\"customerId\":\"" + customer + "\"}",
                            "X-Correlation-Id",
                            "claim-of-" + customer)));
        }
        Api.Response annClaim = ann.api().post("/campaigns/" + id + "/claims", "{}", "X-Correlation-Id", annRequest);
        for (Future<Api.Response> walkIn : walkIns.values()) {
            assertThat(walkIn.get().status()).as(walkIn.get().toString()).isEqualTo(201);
        }
        clients.shutdown();
        assertThat(annClaim.status()).as(annClaim.toString()).isEqualTo(201);
        String staffPrincipal =
                history(id).get(0).path("metadata").path("principal").asText();

        List<JsonNode> chain = events(api.get("/admin/audit/correlations/" + annRequest + "/events"));
        assertThat(chain).as("the claim's request finds its batch").hasSize(1);
        JsonNode batch = chain.get(0);
        assertThat(simpleType(batch)).isEqualTo("DiscountClaimsGrantedEvent");
        assertThat(batch.path("aggregateId").asText()).isEqualTo(id);
        assertThat(batch.path("metadata").path("principal").asText()).isEqualTo("system:claim-batcher");
        JsonNode grants = batch.path("payload").path("grants");
        assertThat(grants).as("only the request's own grant of the batch").hasSize(1);
        assertThat(grants.get(0).path("customerId").asText()).isEqualTo(ann.customerId());
        assertThat(grants.get(0).path("claimId").asText())
                .isEqualTo(annClaim.json().path("claimId").asText());
        assertThat(grants.get(0).path("principal").asText()).isEqualTo(ann.accountId());
        assertThat(grants.get(0).path("correlationId").asText()).isEqualTo(annRequest);
        assertThat(batch.path("grantsInEvent").asInt()).isPositive();

        // the campaign's history shows who claimed each grant, in which request
        List<JsonNode> grantEvents = history(id).stream()
                .filter(event -> simpleType(event).equals("DiscountClaimsGrantedEvent"))
                .toList();
        List<JsonNode> allGrants = new ArrayList<>();
        grantEvents.forEach(event -> event.path("payload").path("grants").forEach(allGrants::add));
        assertThat(allGrants).hasSize(41).allSatisfy(grant -> {
            String customer = grant.path("customerId").asText();
            if (customer.equals(ann.customerId())) {
                assertThat(grant.path("principal").asText()).isEqualTo(ann.accountId());
                assertThat(grant.path("correlationId").asText()).isEqualTo(annRequest);
            } else {
                assertThat(grant.path("principal").asText()).isEqualTo(staffPrincipal);
                assertThat(grant.path("correlationId").asText()).isEqualTo("claim-of-" + customer);
            }
        });
        assertThat(grantEvents.stream()
                        .mapToInt(event -> event.path("payload").path("grants").size())
                        .max()
                        .orElse(0))
                .as("claims decided together")
                .isGreaterThan(1);
        for (String customer : walkIns.keySet()) {
            List<JsonNode> own = events(api.get("/admin/audit/correlations/claim-of-" + customer + "/events"));
            assertThat(own).hasSize(1);
            assertThat(own.get(0).path("payload").path("grants"))
                    .extracting(grant -> grant.path("customerId").asText())
                    .containsExactly(customer);
        }
    }

    @Test
    void aBatchFoundByItsOwnCorrelationIdShowsAllItsGrants() {
        String campaignId = unique("aud-batch").toLowerCase();
        String batchRequest = "batch-" + UUID.randomUUID();
        String twice = "twice-" + UUID.randomUUID();
        String once = "once-" + UUID.randomUUID();
        storeEvent(campaignId, 0, "CampaignCreatedEvent", "1", """
                {"campaignId":"%s","name":"Stored","quota":10,"discountPercent":20,
                 "startsAt":"2026-01-01T00:00:00Z","endsAt":"2027-01-01T00:00:00Z"}""".formatted(campaignId), batchRequest);
        storeEvent(
                campaignId,
                1,
                "DiscountClaimsGrantedEvent",
                "2",
                """
                {"campaignId":"%s","discountPercent":20,"grantedAt":"2026-06-01T00:00:00Z","granted":3,"grants":[
                 {"claimId":"c1","customerId":"ann","principal":"account-ann","correlationId":"%s"},
                 {"claimId":"c2","customerId":"ben","principal":"account-ben","correlationId":"%s"},
                 {"claimId":"c3","customerId":"cat","principal":"account-cat","correlationId":"%s"}]}""".formatted(campaignId, twice, once, twice),
                batchRequest);

        JsonNode part = events(api.get("/admin/audit/correlations/" + twice + "/events"))
                .get(0);
        assertThat(part.path("payload").path("grants"))
                .extracting(grant -> grant.path("claimId").asText())
                .containsExactly("c1", "c3");
        assertThat(part.path("grantsInEvent").asInt()).isEqualTo(3);
        assertThat(part.path("payload").path("granted").asInt()).isEqualTo(3);
        assertThat(events(api.get("/admin/audit/correlations/" + once + "/events"))
                        .get(0)
                        .path("payload")
                        .path("grants"))
                .extracting(grant -> grant.path("principal").asText())
                .containsExactly("account-ben");

        List<JsonNode> whole = events(api.get("/admin/audit/correlations/" + batchRequest + "/events"));
        assertThat(whole)
                .extracting(AuditApiIT::simpleType)
                .containsExactly("CampaignCreatedEvent", "DiscountClaimsGrantedEvent");
        assertThat(whole.get(1).path("payload").path("grants")).hasSize(3);
        assertThat(whole.get(1).has("grantsInEvent")).isFalse();
    }

    @Test
    void aBatchStoredBeforeGrantsNamedTheirRequestsIsAttributedToTheBatch() {
        String campaignId = unique("aud-old").toLowerCase();
        String batchRequest = "old-batch-" + UUID.randomUUID();
        storeEvent(campaignId, 0, "DiscountClaimsGrantedEvent", "1", """
                {"campaignId":"%s","discountPercent":20,"grantedAt":"2026-06-01T00:00:00Z","granted":2,"grants":[
                 {"claimId":"c1","customerId":"ann"},{"claimId":"c2","customerId":"ben"}]}""".formatted(campaignId), batchRequest);

        JsonNode grants = history(campaignId).get(0).path("payload").path("grants");
        assertThat(grants).hasSize(2).allSatisfy(grant -> {
            assertThat(grant.path("principal").asText()).isEqualTo("system:claim-batcher");
            assertThat(grant.path("correlationId").asText()).isEqualTo(batchRequest);
        });
        assertThat(events(api.get("/admin/audit/correlations/" + batchRequest + "/events")))
                .hasSize(1);
    }

    /** An event as an earlier version of the service wrote it, decided by a claim batch. */
    private void storeEvent(
            String aggregateId, long sequence, String type, String revision, String payload, String correlationId) {
        String metadata = """
                {"principal":"system:claim-batcher","correlationId":"%s","traceId":"%s"}""".formatted(correlationId, "0af7651916cd43dd8448eb211c80319c");
        jdbc.sql("""
                        insert into domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                            time_stamp, payload_type, payload_revision, payload, meta_data)
                        values (:id, :aggregate, :sequence, 'DiscountCampaign', :at, :type, :revision, :payload, :metadata)""")
                .param("id", UUID.randomUUID().toString())
                .param("aggregate", aggregateId)
                .param("sequence", sequence)
                .param("at", Instant.now().toString())
                .param("type", "com.example.shop.campaign." + type)
                .param("revision", revision)
                .param("payload", payload.getBytes(StandardCharsets.UTF_8))
                .param("metadata", metadata.getBytes(StandardCharsets.UTF_8))
                .update();
    }

    @Test
    void aProductsStateIsRebuiltAtASequenceAndAtAMoment() {
        String sku = unique("AUD");
        Instant before = Instant.now().minusSeconds(1);
        assertThat(api.post("/products", Api.product(sku, 1250, "EUR", 3)).status())
                .isEqualTo(201);

        JsonNode registered = state(sku, "sequence=0");
        assertThat(registered.path("aggregateType").asText()).isEqualTo("Product");
        assertThat(registered.path("state").path("sku").asText()).isEqualTo(sku);
        assertThat(registered.path("state").path("name").asText()).isEqualTo("Product " + sku);
        assertThat(registered.path("state").path("price").path("amountMinor").asLong())
                .isEqualTo(1250);
        assertThat(registered.path("state").path("price").path("currency").asText())
                .isEqualTo("EUR");

        String registeredAt = history(sku).get(0).path("timestamp").asText();
        JsonNode then = state(sku, "at=" + registeredAt);
        assertThat(then.path("sequence").asLong()).isZero();
        assertThat(then.path("state")).isEqualTo(registered.path("state"));
        assertThat(api.get("/admin/audit/aggregates/" + sku + "/state?at=" + before)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aStocksStateHoldsItsLevelsAndReservationsAtEachPoint() {
        String sku = unique("AUD");
        assertThat(api.post("/products", Api.product(sku, 500, "EUR", 5)).status())
                .isEqualTo(201);
        Customer ann = newCustomer();
        Api.Response placed = ann.api().post("/orders", Api.order(ann.customerId(), "EUR", sku, 2));
        assertThat(placed.status()).isEqualTo(202);
        String orderId = placed.location().orElseThrow().replaceAll(".*/", "");
        awaitEnded(List.of(orderId), Duration.ofSeconds(20));
        String stock = "stock:" + sku;
        List<JsonNode> events = history(stock);
        assertThat(events)
                .extracting(AuditApiIT::simpleType)
                .containsExactly("StockCreatedEvent", "StockReservedEvent", "StockCommittedEvent");

        JsonNode reserved = state(stock, "sequence=1").path("state");
        assertThat(reserved.path("sku").asText()).isEqualTo(sku);
        assertThat(reserved.path("available").asLong()).isEqualTo(3);
        assertThat(reserved.path("reserved").asLong()).isEqualTo(2);
        assertThat(reserved.path("reservationsByOrder").path(orderId).asLong()).isEqualTo(2);

        JsonNode committed =
                state(stock, "at=" + events.get(2).path("timestamp").asText());
        assertThat(committed.path("sequence").asLong()).isEqualTo(2);
        assertThat(committed.path("state").path("available").asLong()).isEqualTo(3);
        assertThat(committed.path("state").path("reserved").asLong()).isZero();
        assertThat(committed.path("state").path("reservationsByOrder").isEmpty())
                .isTrue();
    }

    @Test
    void anOrdersStateFollowsItsFulfilment() {
        String sku = unique("AUD");
        assertThat(api.post("/products", Api.product(sku, 700, "EUR", 5)).status())
                .isEqualTo(201);
        Customer ann = newCustomer();
        Api.Response placed = ann.api().post("/orders", Api.order(ann.customerId(), "EUR", sku, 3));
        assertThat(placed.status()).isEqualTo(202);
        String orderId = placed.location().orElseThrow().replaceAll(".*/", "");
        assertThat(awaitEnded(List.of(orderId), Duration.ofSeconds(20))).containsEntry(orderId, "OrderShippedEvent");
        List<JsonNode> events = history(orderId);
        assertThat(events)
                .extracting(AuditApiIT::simpleType)
                .containsExactly(
                        "OrderPlacedEvent",
                        "OrderStockReservedEvent",
                        "OrderPaidEvent",
                        "OrderShippedEvent",
                        "OrderStockCommittedEvent");

        JsonNode placedState = state(orderId, "sequence=0");
        assertThat(placedState.path("aggregateType").asText()).isEqualTo("Order");
        JsonNode order = placedState.path("state");
        assertThat(order.path("orderId").asText()).isEqualTo(orderId);
        assertThat(order.path("customerId").asText()).isEqualTo(ann.customerId());
        assertThat(order.path("status").asText()).isEqualTo("PLACED");
        assertThat(order.path("lines").get(0).path("sku").asText()).isEqualTo(sku);
        assertThat(order.path("lines").get(0).path("quantity").asLong()).isEqualTo(3);
        assertThat(order.path("total").path("amountMinor").asLong()).isEqualTo(2100);
        assertThat(order.hasNonNull("paymentId")).as("not paid yet").isFalse();

        JsonNode reserved =
                state(orderId, "at=" + events.get(1).path("timestamp").asText());
        assertThat(reserved.path("sequence").asLong()).isEqualTo(1);
        assertThat(reserved.path("state").path("status").asText()).isEqualTo("STOCK_RESERVED");

        JsonNode shipped = state(orderId, "sequence=3").path("state");
        assertThat(shipped.path("status").asText()).isEqualTo("SHIPPED");
        assertThat(shipped.path("paymentId").asText())
                .isEqualTo(events.get(2).path("payload").path("paymentId").asText());
        assertThat(shipped.path("stockCommitted").asBoolean()).isFalse();
        assertThat(state(orderId, "sequence=4")
                        .path("state")
                        .path("stockCommitted")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void aCampaignsStateHoldsItsQuotaAndClaimsAtEachPoint() {
        String id = unique("aud").toLowerCase();
        assertThat(api.post("/admin/campaigns", campaign(id, 5)).status()).isEqualTo(201);
        Customer ann = newCustomer();
        Api.Response annClaim = ann.api().post("/campaigns/" + id + "/claims", "{}");
        assertThat(annClaim.status()).isEqualTo(201);
        Customer ben = newCustomer();
        assertThat(ben.api().post("/campaigns/" + id + "/claims", "{}").status())
                .isEqualTo(201);

        JsonNode created = state(id, "sequence=0");
        assertThat(created.path("aggregateType").asText()).isEqualTo("DiscountCampaign");
        assertThat(created.path("state").path("quota").asInt()).isEqualTo(5);
        assertThat(created.path("state").path("discountPercent").asInt()).isEqualTo(20);
        assertThat(created.path("state").path("granted").asInt()).isZero();
        assertThat(created.path("state").path("claimIdByCustomer").isEmpty()).isTrue();

        JsonNode afterAnn =
                state(id, "at=" + history(id).get(1).path("timestamp").asText());
        assertThat(afterAnn.path("sequence").asLong()).isEqualTo(1);
        assertThat(afterAnn.path("state").path("granted").asInt()).isEqualTo(1);
        assertThat(afterAnn.path("state")
                        .path("claimIdByCustomer")
                        .path(ann.customerId())
                        .asText())
                .isEqualTo(annClaim.json().path("claimId").asText());
        assertThat(afterAnn.path("state").path("claimIdByCustomer").has(ben.customerId()))
                .isFalse();

        JsonNode both = state(id, "sequence=2").path("state");
        assertThat(both.path("granted").asInt()).isEqualTo(2);
        assertThat(both.path("claimIdByCustomer").has(ben.customerId())).isTrue();
    }

    @Test
    void badAuditQueriesAreProblems() {
        String sku = unique("AUD");
        assertThat(api.post("/products", Api.product(sku, 500, "EUR", 2)).status())
                .isEqualTo(201);
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
