package com.example.shop.operations.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.simulator.Faults;
import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Orders are refused with 503 + Retry-After, before anything is written, while the fulfilment backlog is full. */
@TestPropertySource(
        properties = {
            "shop.orders.admission.max-open-orders=" + AdmissionIT.MAX_OPEN,
            "shop.orders.admission.max-projection-lag=PT1H"
        })
class AdmissionIT extends ServiceTest {

    static final int MAX_OPEN = 5;

    private long openOrders() {
        return api.get("/actuator/metrics/shop.orders.open")
                .json()
                .path("measurements")
                .get(0)
                .path("value")
                .asLong();
    }

    @Test
    void aFullBacklogShedsNewOrdersUntilItDrains() {
        String sku = unique("ADMIT");
        assertThat(api.post("/products", Api.product(sku, 300, "EUR", 100)).status())
                .isEqualTo(201);
        String customer = unique("admitted");
        paymentGateway.faults(Faults.none().withOutage(true)); // charges fail, so the sagas stay open

        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < MAX_OPEN; i++) {
            Api.Response placed = api.post("/orders", Api.order(customer, "EUR", sku, 1));
            assertThat(placed.status()).as(placed.toString()).isEqualTo(202);
            accepted.add(placed.json().path("orderId").asText());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> openOrders() >= MAX_OPEN);

        for (int i = 0; i < 10; i++) {
            Api.Response refused = api.post("/orders", Api.order(customer, "EUR", sku, 1));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.problemType()).isEqualTo("/problems/overloaded");
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
        }
        Api.Response unread = api.post("/orders", "{\"lines\": \"not an order at all\"}");
        assertThat(unread.status())
                .as("refused before its body is parsed: " + unread)
                .isEqualTo(503);
        assertThat(ordersPlacedBy(customer))
                .as("nothing written for a refused order")
                .isEqualTo(MAX_OPEN);

        paymentGateway.faults(Faults.none());
        assertThat(awaitEnded(accepted, Duration.ofSeconds(30)).values()).containsOnly("OrderShippedEvent");
        await().atMost(Duration.ofSeconds(30)).until(() -> openOrders() == 0);
        assertThat(api.post("/orders", Api.order(customer, "EUR", sku, 1)).status())
                .isEqualTo(202);
        assertThat(api.get("/actuator/metrics/shop.orders.shed")
                        .json()
                        .path("measurements")
                        .get(0)
                        .path("value")
                        .asDouble())
                .isEqualTo(11.0);
    }
}
