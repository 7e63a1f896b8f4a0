package com.example.shop.admission;

import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import com.example.shop.infra.processors.EventProcessorSupervisor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Orders are refused while the orders read model is stale by more than the bound, measured as the age of
 * the oldest event it has not handled, and admitted again once it has caught up.
 */
@TestPropertySource(properties = {
        "shop.orders.admission.max-open-orders=1000000",
        "shop.orders.admission.max-projection-lag=PT0.5S"})
class ProjectionLagAdmissionTest extends ServiceTest {

    @Autowired
    private EventProcessorSupervisor supervisor;

    private double projectionLagSeconds() {
        return api.get("/actuator/metrics/shop.orders.projection-lag").json().path("measurements").get(0)
                .path("value").asDouble();
    }

    @Test
    void aStaleOrdersReadModelShedsNewOrdersUntilItCatchesUp() {
        String sku = unique("LAG");
        assertThat(api.post("/products", Api.product(sku, 300, "EUR", 100)).status()).isEqualTo(201);
        String customer = unique("lagging");
        supervisor.pause("orders");
        try {
            assertThat(api.post("/orders", Api.order(customer, "EUR", sku, 1)).status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> projectionLagSeconds() > 0.5);

            Api.Response refused = api.post("/orders", Api.order(customer, "EUR", sku, 1));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.problemType()).isEqualTo("/problems/overloaded");
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(ordersPlacedBy(customer)).isEqualTo(1);
        } finally {
            supervisor.resume("orders");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> projectionLagSeconds() < 0.5);
        assertThat(api.post("/orders", Api.order(customer, "EUR", sku, 1)).status()).isEqualTo(202);
        assertThat(ordersPlacedBy(customer)).isEqualTo(2);
    }
}
