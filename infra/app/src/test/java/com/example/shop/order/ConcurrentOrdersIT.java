package com.example.shop.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.inventory.StockCommittedEvent;
import com.example.shop.inventory.StockIds;
import com.example.shop.inventory.StockLevelChanged;
import com.example.shop.inventory.StockReleasedEvent;
import com.example.shop.inventory.StockReservedEvent;
import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
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
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * 64 clients order the same scarce SKU at once; every order is accepted, the sagas decide. Stock must
 * never oversell, nothing may be lost, and only shipped orders hold (committed) stock or money.
 */
class ConcurrentOrdersIT extends ServiceTest {

    private static final int THREADS = 64;
    private static final int ORDERS_PER_THREAD = 6;
    private static final long INITIAL_STOCK = 150;

    @Autowired
    private EventStore eventStore;

    @Test
    void neverOversellsAndEveryShippedOrderHadExactlyItsReservation() throws Exception {
        String sku = unique("HOT");
        assertThat(api.post("/products", Api.product(sku, 2500, "EUR", INITIAL_STOCK))
                        .status())
                .isEqualTo(201);

        Map<String, Long> accepted = new ConcurrentHashMap<>();
        List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < THREADS; t++) {
            Random random = new Random(t);
            pool.submit(() -> {
                start.await();
                for (int i = 0; i < ORDERS_PER_THREAD; i++) {
                    long quantity = 1 + random.nextInt(3);
                    Api.Response response =
                            api.post("/orders", Api.order("hammer-" + random.nextInt(20), "EUR", sku, quantity));
                    if (response.status() == 202) {
                        accepted.put(response.json().path("orderId").asText(), quantity);
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
        assertThat(accepted).hasSize(THREADS * ORDERS_PER_THREAD);

        Map<String, String> endings = awaitEnded(accepted.keySet(), Duration.ofMinutes(3));
        assertThat(endings.values()).containsOnly("OrderShippedEvent", "OrderFailedEvent");
        Map<String, Long> shipped = new HashMap<>();
        endings.forEach((orderId, ending) -> {
            if (ending.equals("OrderShippedEvent")) {
                shipped.put(orderId, accepted.get(orderId));
            }
        });
        assertThat(shipped.size())
                .as("demand exceeds stock, so some orders must fail")
                .isLessThan(accepted.size());

        // the stock stream: levels never negative, one reservation per order; shipped orders committed
        // theirs, failed ones never held one
        Map<String, Long> reservedByOrder = new HashMap<>();
        Map<String, Long> committedByOrder = new HashMap<>();
        long available = -1;
        long reserved = -1;
        var stream = eventStore.readEvents(StockIds.of(sku), 0); // every event, not the latest snapshot
        while (stream.hasNext()) {
            Object payload = stream.next().getPayload();
            if (payload instanceof StockReservedEvent reservation) {
                assertThat(reservedByOrder.put(reservation.orderId(), reservation.quantity()))
                        .as("second reservation for " + reservation.orderId())
                        .isNull();
            }
            if (payload instanceof StockCommittedEvent commit) {
                committedByOrder.put(commit.orderId(), commit.quantity());
            }
            assertThat(payload).isNotInstanceOf(StockReleasedEvent.class);
            if (payload instanceof StockLevelChanged levels) {
                assertThat(levels.available()).isNotNegative();
                assertThat(levels.reserved()).isNotNegative();
                available = levels.available();
                reserved = levels.reserved();
            }
        }
        assertThat(reservedByOrder).isEqualTo(shipped);
        assertThat(committedByOrder).isEqualTo(shipped);
        long totalShipped = shipped.values().stream().mapToLong(Long::longValue).sum();
        assertThat(reserved).isZero();
        assertThat(available + totalShipped).isEqualTo(INITIAL_STOCK);
        assertThat(available).as("orders failed only while stock ran short").isLessThan(3);

        // every order was charged at most once, and only the shipped ones were charged at all
        for (String orderId : accepted.keySet()) {
            assertThat(paymentGateway.capturedCountFor(orderId)).isEqualTo(shipped.containsKey(orderId) ? 1 : 0);
        }

        // the read model agrees once caught up
        long expectedAvailable = available;
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            var product = api.get("/products/" + sku).json();
            assertThat(product.path("available").asLong()).isEqualTo(expectedAvailable);
            assertThat(product.path("reserved").asLong()).isZero();
        });
    }
}
