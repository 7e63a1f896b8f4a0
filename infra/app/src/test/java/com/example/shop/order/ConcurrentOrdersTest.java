package com.example.shop.order;

import com.example.shop.inventory.StockCreatedEvent;
import com.example.shop.inventory.StockIds;
import com.example.shop.inventory.StockLevelChanged;
import com.example.shop.inventory.StockReleasedEvent;
import com.example.shop.inventory.StockReservedEvent;
import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** 64 clients order the same scarce SKU at once; stock must never oversell and nothing may be lost. */
class ConcurrentOrdersTest extends ServiceTest {

    private static final int THREADS = 64;
    private static final int ORDERS_PER_THREAD = 6;
    private static final long INITIAL_STOCK = 150;

    @Autowired
    private EventStore eventStore;

    @Test
    void neverOversellsAndEveryAcceptedOrderHasExactlyItsReservation() throws Exception {
        String sku = unique("HOT");
        assertThat(api.post("/products", Api.product(sku, 2500, "EUR", INITIAL_STOCK)).status()).isEqualTo(201);

        Map<String, Long> accepted = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < THREADS; t++) {
            Random random = new Random(t);
            pool.submit(() -> {
                start.await();
                for (int i = 0; i < ORDERS_PER_THREAD; i++) {
                    long quantity = 1 + random.nextInt(3);
                    Api.Response response = api.post("/orders", Api.order("hammer-" + random.nextInt(20), "EUR", sku, quantity));
                    if (response.status() == 201) {
                        accepted.put(response.json().path("orderId").asText(), quantity);
                    } else if (response.status() == 409 && response.problemType().equals("/problems/insufficient-stock")) {
                        refused.incrementAndGet();
                    } else {
                        unexpected.add(response.toString());
                    }
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(3, TimeUnit.MINUTES)).isTrue();

        assertThat(unexpected).isEmpty();
        assertThat(accepted.size() + refused.get()).isEqualTo(THREADS * ORDERS_PER_THREAD);
        assertThat(refused.get()).as("demand exceeds stock, so some orders must be refused").isPositive();

        // the stock stream: levels never negative, one reservation per order, matching the accepted answers
        Map<String, Long> reservedByOrder = new HashMap<>();
        long available = -1;
        long reserved = -1;
        var stream = eventStore.readEvents(StockIds.of(sku), 0); // every event, not the latest snapshot
        {
            while (stream.hasNext()) {
                Object payload = stream.next().getPayload();
                if (payload instanceof StockCreatedEvent created) {
                    available = created.available();
                    reserved = 0;
                }
                if (payload instanceof StockReservedEvent reservation) {
                    assertThat(reservedByOrder.put(reservation.orderId(), reservation.quantity()))
                            .as("second reservation for " + reservation.orderId()).isNull();
                }
                assertThat(payload).isNotInstanceOf(StockReleasedEvent.class);
                if (payload instanceof StockLevelChanged levels) {
                    assertThat(levels.available()).isNotNegative();
                    assertThat(levels.reserved()).isNotNegative();
                    available = levels.available();
                    reserved = levels.reserved();
                }
            }
        }
        assertThat(reservedByOrder).isEqualTo(accepted);
        long totalReserved = accepted.values().stream().mapToLong(Long::longValue).sum();
        assertThat(reserved).isEqualTo(totalReserved);
        assertThat(available + reserved).isEqualTo(INITIAL_STOCK);

        // every accepted order exists in the store with exactly its line
        for (Map.Entry<String, Long> order : accepted.entrySet()) {
            List<DomainEventMessage<?>> events = new ArrayList<>();
            eventStore.readEvents(order.getKey()).forEachRemaining(events::add);
            assertThat(events).hasSize(1);
            OrderPlacedEvent placed = (OrderPlacedEvent) events.get(0).getPayload();
            assertThat(placed.lines()).singleElement()
                    .satisfies(line -> assertThat(line.quantity()).isEqualTo(order.getValue()));
        }
        long ordersOfThisSku = jdbc.sql("""
                        select count(*) from domain_event_entry
                        where payload_type = :type and convert_from(payload, 'UTF8') like :sku""")
                .param("type", OrderPlacedEvent.class.getName())
                .param("sku", "%\"" + sku + "\"%")
                .query(Long.class).single();
        assertThat(ordersOfThisSku).as("refused orders left no trace").isEqualTo(accepted.size());

        // the read model agrees once caught up
        long expectedAvailable = available;
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            var product = api.get("/products/" + sku).json();
            assertThat(product.path("available").asLong()).isEqualTo(expectedAvailable);
            assertThat(product.path("reserved").asLong()).isEqualTo(totalReserved);
        });
    }
}
