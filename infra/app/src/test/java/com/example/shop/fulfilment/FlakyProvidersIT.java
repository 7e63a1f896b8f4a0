package com.example.shop.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.campaign.DiscountClaimConsumedEvent;
import com.example.shop.campaign.DiscountClaimReleasedEvent;
import com.example.shop.inventory.StockCommittedEvent;
import com.example.shop.inventory.StockIds;
import com.example.shop.inventory.StockLevelChanged;
import com.example.shop.simulator.Charge;
import com.example.shop.simulator.Faults;
import com.example.shop.simulator.Shipment;
import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * 500 orders while both providers fail 30 % of calls and time out on 10 % more (after doing the work),
 * and decline or reject a few. Every order must end, shipped or failed, in bounded time; whatever failed
 * orders held (stock, discount claims, money, shipments) must be given back; nothing may be charged twice.
 */
class FlakyProvidersIT extends ServiceTest {

    private static final Logger log = LoggerFactory.getLogger(FlakyProvidersIT.class);
    private static final int ORDERS = 500;
    private static final int SKUS = 5;
    private static final long STOCK_PER_SKU = 180;
    private static final int CLAIMS = 100;

    @Autowired
    private EventStore eventStore;

    private record Placed(String orderId, Map<String, Long> lines, String claimId) {}

    @Test
    void everyOrderEndsAndFailedOrdersLeaveNothingBehind() throws Exception {
        List<String> skus = new ArrayList<>();
        for (int s = 0; s < SKUS; s++) {
            String sku = unique("FLAKY");
            assertThat(api.post("/products", Api.product(sku, 1000 + s, "EUR", STOCK_PER_SKU))
                            .status())
                    .isEqualTo(201);
            skus.add(sku);
        }
        String campaign = unique("flaky").toLowerCase();
        assertThat(api.post("/admin/campaigns", """
                {"campaignId":"%s","name":"Flaky","quota":%d,"discountPercent":50,"startsAt":"%s","endsAt":"%s"}""".formatted(
                                        campaign,
                                        CLAIMS,
                                        Instant.now().minusSeconds(60),
                                        Instant.now().plusSeconds(3_600)))
                        .status())
                .isEqualTo(201);
        Map<Integer, String> claimByCustomer = new HashMap<>();
        for (int c = 0; c < CLAIMS; c++) {
            Api.Response claim =
                    api.post("/campaigns/" + campaign + "/claims", "{\"customerId\":\"" + customer(c) + "\"}");
            assertThat(claim.status()).isEqualTo(201);
            claimByCustomer.put(c, claim.json().path("claimId").asText());
        }

        Faults flaky = Faults.none().withErrorRate(0.3).withTimeoutRate(0.1).withTimeoutDelayMs(800);
        paymentGateway.faults(flaky.withDeclineRate(0.05));
        shippingCarrier.faults(flaky.withRejectRate(0.05));

        Map<String, Placed> placed = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<?>> done = new ArrayList<>();
        for (int o = 0; o < ORDERS; o++) {
            int order = o;
            done.add(clients.submit(() -> {
                Random random = new Random(order);
                Map<String, Long> lines = new HashMap<>();
                int lineCount = 1 + random.nextInt(2);
                while (lines.size() < lineCount) {
                    lines.put(skus.get(random.nextInt(SKUS)), 1L + random.nextInt(2));
                }
                String claimId = order < CLAIMS ? claimByCustomer.get(order) : null;
                Api.Response response = api.post("/orders", body(customer(order), lines, campaign, claimId));
                assertThat(response.status()).as(response.toString()).isEqualTo(202);
                String orderId = response.json().path("orderId").asText();
                placed.put(orderId, new Placed(orderId, lines, claimId));
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        clients.shutdown();

        Map<String, String> endings = awaitEnded(placed.keySet(), Duration.ofMinutes(4));
        assertThat(endings.values()).containsOnly("OrderShippedEvent", "OrderFailedEvent");
        awaitNoActiveSagas(Duration.ofMinutes(2)); // compensations done too
        Set<String> shipped = new HashSet<>();
        endings.forEach((orderId, ending) -> {
            if (ending.equals("OrderShippedEvent")) {
                shipped.add(orderId);
            }
        });
        assertThat(shipped).as("most orders get through despite the faults").hasSizeGreaterThan(ORDERS / 2);
        assertThat(shipped).as("some fail: declines, rejections, stock").hasSizeLessThan(ORDERS);

        // stock: nothing stays reserved, and what left the warehouse is exactly what shipped
        for (String sku : skus) {
            long shippedQuantity = shipped.stream()
                    .mapToLong(id -> placed.get(id).lines().getOrDefault(sku, 0L))
                    .sum();
            long committed = 0;
            StockLevelChanged last = null;
            var stream = eventStore.readEvents(StockIds.of(sku), 0);
            while (stream.hasNext()) {
                Object payload = stream.next().getPayload();
                if (payload instanceof StockCommittedEvent commit) {
                    assertThat(shipped).contains(commit.orderId());
                    committed += commit.quantity();
                }
                if (payload instanceof StockLevelChanged levels) {
                    last = levels;
                }
            }
            assertThat(last).isNotNull();
            assertThat(last.reserved()).as(sku + " reserved at the end").isZero();
            assertThat(committed).as(sku).isEqualTo(shippedQuantity);
            assertThat(last.available()).as(sku).isEqualTo(STOCK_PER_SKU - shippedQuantity);
        }

        // claims: the ones still consumed belong to shipped orders, every other one went back
        Map<String, String> consumedBy = new HashMap<>();
        var campaignEvents = eventStore.readEvents(campaign, 0);
        while (campaignEvents.hasNext()) {
            Object payload = campaignEvents.next().getPayload();
            if (payload instanceof DiscountClaimConsumedEvent consumed) {
                consumedBy.put(consumed.claimId(), consumed.orderId());
            }
            if (payload instanceof DiscountClaimReleasedEvent released) {
                assertThat(consumedBy.remove(released.claimId()))
                        .as("released by the order that consumed it")
                        .isEqualTo(released.orderId());
            }
        }
        Set<String> shippedWithClaims = new HashSet<>();
        shipped.stream().filter(id -> placed.get(id).claimId() != null).forEach(shippedWithClaims::add);
        assertThat(new HashSet<>(consumedBy.values())).isEqualTo(shippedWithClaims);

        // a claim halves the order's total, and the order shows it
        Placed withClaim = placed.values().stream()
                .filter(order -> order.claimId() != null)
                .findFirst()
                .orElseThrow();
        var view = api.get("/orders/" + withClaim.orderId()).json();
        assertThat(view.path("discount").path("percent").asInt()).isEqualTo(50);
        assertThat(view.path("discount").path("claimId").asText()).isEqualTo(withClaim.claimId());
        assertThat(view.path("total").path("amountMinor").asLong()
                        + view.path("discount")
                                .path("amount")
                                .path("amountMinor")
                                .asLong())
                .isEqualTo(withClaim.lines().entrySet().stream()
                        .mapToLong(line -> (1000 + skus.indexOf(line.getKey())) * line.getValue())
                        .sum());

        // money and parcels: one capture per shipped order, none kept for a failed one, no double charge
        for (Placed order : placed.values()) {
            List<Charge> charges = paymentGateway.chargesFor(order.orderId());
            assertThat(charges).as("one idempotency key per order").hasSizeLessThanOrEqualTo(1);
            assertThat(paymentGateway.capturedCountFor(order.orderId())).isLessThanOrEqualTo(1);
            List<Shipment> shipments = shippingCarrier.shipmentsFor(order.orderId());
            if (shipped.contains(order.orderId())) {
                assertThat(charges).singleElement().extracting(Charge::status).isEqualTo(Charge.Status.CAPTURED);
                assertThat(shipments)
                        .singleElement()
                        .extracting(Shipment::status)
                        .isEqualTo(Shipment.Status.ACCEPTED);
            } else {
                assertThat(charges).noneMatch(charge -> charge.status() == Charge.Status.CAPTURED);
                assertThat(shipments).noneMatch(shipment -> shipment.status() == Shipment.Status.ACCEPTED);
            }
        }
        assertThat(paymentGateway.ledger())
                .as("timeouts and errors were retried with the same key")
                .anySatisfy(charge -> assertThat(charge.attempts()).isGreaterThan(1));
        log.info(
                "{} orders: {} shipped, {} failed; {} payment requests and {} carrier requests for {} charges and "
                        + "{} shipments",
                ORDERS,
                shipped.size(),
                ORDERS - shipped.size(),
                paymentGateway.requestCount(),
                shippingCarrier.requestCount(),
                paymentGateway.ledger().size(),
                shippingCarrier.ledger().size());
    }

    private static String customer(int index) {
        return "flaky-" + index;
    }

    private static String body(String customer, Map<String, Long> lines, String campaign, String claimId) {
        StringBuilder json = new StringBuilder("{\"customerId\":\"" + customer + "\",\"currency\":\"EUR\",\"lines\":[");
        lines.forEach((sku, quantity) -> json.append("{\"sku\":\"")
                .append(sku)
                .append("\",\"quantity\":")
                .append(quantity)
                .append("},"));
        json.setLength(json.length() - 1);
        json.append("],").append(Api.PERSONAL_DATA);
        if (claimId != null) {
            json.append(",\"discountClaim\":{\"campaignId\":\"")
                    .append(campaign)
                    .append("\",\"claimId\":\"")
                    .append(claimId)
                    .append("\"}");
        }
        return json.append("}").toString();
    }
}
