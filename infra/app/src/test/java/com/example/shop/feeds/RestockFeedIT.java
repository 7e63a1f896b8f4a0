package com.example.shop.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.command.inventory.Stock;
import com.example.shop.inventory.StockIds;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Thousands of supplier restocks through the real broker, with redeliveries and malformed messages among them:
 * every well-formed delivery is applied exactly once, every bad message waits in the dead-letter queue with its
 * reason, and nothing is left behind.
 */
class RestockFeedIT extends FeedServiceTest {

    private static final int MESSAGES = 3_000;
    private static final int DUPLICATES = MESSAGES * 5 / 100;
    private static final int MALFORMED = MESSAGES * 2 / 100;
    private static final int DISTINCT = MESSAGES - DUPLICATES - MALFORMED;
    private static final long INITIAL_STOCK = 100;

    private record Delivery(String sku, long quantity, String key, Sent message) {}

    @Test
    void everyDeliveryIsAppliedOnce_everyBadMessageIsDeadLetteredWithItsReason() throws Exception {
        String run = unique("FEED");
        List<String> skus = List.of(run + "-A", run + "-B", run + "-C", run + "-D");
        skus.forEach(sku -> registerProduct(sku, INITIAL_STOCK));
        Random random = new Random(20);

        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < DISTINCT; i++) {
            String sku = skus.get(i % skus.size());
            long quantity = 1 + random.nextInt(50);
            String supplier = i % 3 == 0 ? null : "supplier-" + (i % 3);
            String deliveryId = run + "-D" + i;
            String key = supplier == null ? deliveryId : supplier + "/" + deliveryId;
            deliveries.add(new Delivery(sku, quantity, key, Sent.of(restock(sku, quantity, deliveryId, supplier))));
        }
        Map<String, String> reasonByMarker = new TreeMap<>();
        List<Sent> messages = new ArrayList<>();
        deliveries.forEach(delivery -> messages.add(delivery.message()));
        for (int i = 0; i < MALFORMED; i++) {
            String marker = run + "-M" + i;
            String sku = skus.get(i % skus.size());
            switch (i % 6) {
                case 0 ->
                    bad(
                            messages,
                            reasonByMarker,
                            marker,
                            "malformed-json",
                            "{\"sku\":\"" + sku + "\",\"note\":\"" + marker + "\",");
                case 1 ->
                    bad(
                            messages,
                            reasonByMarker,
                            marker,
                            "missing-field",
                            "{\"sku\":\"" + sku + "\",\"quantity\":3,\"note\":\"" + marker + "\"}");
                case 2 -> bad(messages, reasonByMarker, marker, "invalid-quantity", restock(sku, 0, marker, null));
                case 3 -> bad(messages, reasonByMarker, marker, "invalid-quantity", restock(sku, -7, marker, "acme"));
                case 4 ->
                    bad(
                            messages,
                            reasonByMarker,
                            marker,
                            "invalid-field",
                            "{\"sku\":\"" + sku + "\",\"quantity\":\"five\",\"deliveryId\":\"" + marker + "\"}");
                default ->
                    bad(messages, reasonByMarker, marker, "unknown-sku", restock(run + "-NONE", 4, marker, null));
            }
        }
        Collections.shuffle(messages, random);
        // the sender's duplicates: a delivery sent again, anywhere in the stream (before or after, or at once)
        List<Delivery> repeated = new ArrayList<>(deliveries);
        Collections.shuffle(repeated, random);
        for (Delivery delivery : repeated.subList(0, DUPLICATES)) {
            messages.add(random.nextInt(messages.size() + 1), delivery.message());
        }
        assertThat(messages).hasSize(MESSAGES);

        double acknowledgedBefore = outcomes("acknowledged");
        double deadLetteredBefore = outcomes("dead-lettered");
        long started = System.nanoTime();
        publish(messages);
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofMillis(500))
                .until(() ->
                        outcomes("acknowledged") - acknowledgedBefore + outcomes("dead-lettered") - deadLetteredBefore
                                >= MESSAGES);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                "restock feed: %d messages handled in %.1f s (%.0f/s)%n", MESSAGES, seconds, MESSAGES / seconds);

        assertThat(outcomes("acknowledged") - acknowledgedBefore).isEqualTo(DISTINCT + DUPLICATES);
        assertThat(outcomes("dead-lettered") - deadLetteredBefore).isEqualTo(MALFORMED);
        assertThat(messagesReady()).as("messages left in the feed's queue").isZero();

        Map<String, List<Delivery>> bySku = deliveries.stream().collect(Collectors.groupingBy(Delivery::sku));
        for (String sku : skus) {
            List<Restocked> restocks = restocksOf(sku);
            Map<String, Long> applied =
                    restocks.stream().collect(Collectors.groupingBy(Restocked::deliveryId, Collectors.counting()));
            assertThat(applied.values())
                    .as("deliveries of %s applied more than once", sku)
                    .allMatch(count -> count == 1);
            Map<String, Long> expected =
                    bySku.get(sku).stream().collect(Collectors.toMap(Delivery::key, Delivery::quantity));
            assertThat(restocks.stream().collect(Collectors.toMap(Restocked::deliveryId, Restocked::added)))
                    .as("deliveries of %s", sku)
                    .isEqualTo(expected);
            long sum = expected.values().stream().mapToLong(Long::longValue).sum();
            assertThat(available(sku)).as("available %s", sku).isEqualTo(INITIAL_STOCK + sum);
        }

        Map<String, JsonNode> lettersByMarker = deadLettersWith(run).stream()
                .collect(Collectors.toMap(letter -> markerIn(letter.path("body").asText(), run), Function.identity()));
        Map<String, String> reasons = new HashMap<>();
        lettersByMarker.forEach(
                (marker, letter) -> reasons.put(marker, letter.path("reason").asText()));
        assertThat(reasons).isEqualTo(reasonByMarker);
        assertThat(lettersByMarker.values()).allSatisfy(letter -> {
            assertThat(letter.path("detail").asText()).isNotBlank();
            assertThat(letter.path("attempts").asInt()).isEqualTo(1);
            assertThat(letter.path("originalMessageId").asText()).isNotBlank();
        });

        // a snapshot of a stock keeps the deliveries it remembers, so one loaded from it still absorbs repeats
        String snapshotted = skus.get(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> rememberedInSnapshot(snapshotted) > 0);
        assertThat(rememberedInSnapshot(snapshotted))
                .isEqualTo(Math.min(Stock.DELIVERIES_REMEMBERED, snapshotSequence(snapshotted)));
    }

    private static void bad(
            List<Sent> messages, Map<String, String> reasons, String marker, String reason, String body) {
        messages.add(Sent.of(body));
        reasons.put(marker, reason);
    }

    private static String markerIn(String body, String run) {
        int at = body.indexOf(run + "-M");
        int end = at + run.length() + 2;
        while (end < body.length() && Character.isDigit(body.charAt(end))) {
            end++;
        }
        return body.substring(at, end);
    }

    /** How many deliveries the stock's latest snapshot remembers. */
    private long rememberedInSnapshot(String sku) {
        return jdbc.sql("""
                        select coalesce((select count(*) from jsonb_object_keys(
                            convert_from(payload, 'UTF8')::jsonb -> 'recentDeliveries')), 0)
                        from snapshot_event_entry where aggregate_identifier = :stock
                        order by sequence_number desc limit 1""")
                .param("stock", StockIds.of(sku))
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    /** Restocks of the SKU up to its snapshot: the stock's first event is its creation. */
    private long snapshotSequence(String sku) {
        return jdbc.sql("""
                        select sequence_number from snapshot_event_entry where aggregate_identifier = :stock
                        order by sequence_number desc limit 1""").param("stock", StockIds.of(sku)).query(Long.class).single();
    }
}
