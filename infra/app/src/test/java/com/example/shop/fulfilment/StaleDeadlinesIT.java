package com.example.shop.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every step of a fulfilment arms a persistent retry deadline, and a paid order a payment deadline. Once the
 * orders have ended (shipped, or cancelled and refunded) none of them is left in db-scheduler's table to
 * fire minutes later into nothing.
 */
class StaleDeadlinesIT extends ServiceTest {

    private static final int ORDERS = 12;

    @Test
    void endedOrdersLeaveNoDeadlineBehind() {
        String sku = unique("DEADLINES");
        assertThat(api.post("/products", Api.product(sku, 450, "EUR", ORDERS)).status())
                .isEqualTo(201);
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            Api.Response placed = api.post("/orders", Api.order(unique("punctual"), "EUR", sku, 1));
            assertThat(placed.status()).as(placed.toString()).isEqualTo(202);
            orders.add(placed.json().path("orderId").asText());
        }
        api.post("/orders/" + orders.get(0) + "/cancel", "{}");
        awaitEnded(orders, Duration.ofSeconds(60));
        awaitNoActiveSagas(Duration.ofSeconds(60));

        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(
                                jdbc.sql("select count(*) from scheduled_tasks where task_name = 'AxonDeadline'")
                                        .query(Long.class)
                                        .single())
                        .as("deadlines left in scheduled_tasks")
                        .isZero());
        Api.Response discarded = api.get("/actuator/metrics/shop.deadlines.discarded");
        assertThat(discarded.json().path("measurements").get(0).path("value").asDouble())
                .as("removed unfired")
                .isGreaterThanOrEqualTo(ORDERS * 3);
    }
}
