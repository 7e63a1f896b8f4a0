package com.example.shop.operations.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.operations.projections.Projections;
import com.example.shop.order.OrderPlacedEvent;
import com.example.shop.query.order.OrderProjection;
import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * Orders are refused while the orders read model is stale by more than the bound, measured as the age of
 * the oldest event it has not handled, and admitted again once it has caught up. The read model is made
 * stale by a handler of its own processing group that holds the processor on one customer's order: the
 * processor keeps running and keeps its place, as a slow projection would.
 */
@Import(ProjectionLagAdmissionIT.StallConfiguration.class)
@TestPropertySource(
        properties = {"shop.orders.admission.max-open-orders=1000000", "shop.orders.admission.max-projection-lag=PT0.5S"
        })
class ProjectionLagAdmissionIT extends ServiceTest {

    /** Longer than admission control's sample interval (0.2 s) several times over. */
    private static final Duration SETTLED = Duration.ofMillis(700);

    @Autowired
    private Projections projections;

    @Autowired
    private Stall stall;

    @TestConfiguration
    static class StallConfiguration {
        @Bean
        Stall ordersProjectionStall() {
            return new Stall();
        }
    }

    /** Holds the orders processor on the orders of one customer until it is released. */
    @ProcessingGroup(OrderProjection.GROUP)
    static class Stall {
        volatile String customer;
        final CountDownLatch released = new CountDownLatch(1);

        @EventHandler
        void on(OrderPlacedEvent event) throws InterruptedException {
            if (event.customerId().equals(customer)) {
                released.await(60, TimeUnit.SECONDS);
            }
        }
    }

    private double projectionLagSeconds() {
        return api.get("/actuator/metrics/shop.orders.projection-lag")
                .json()
                .path("measurements")
                .get(0)
                .path("value")
                .asDouble();
    }

    /**
     * The orders projection has handled every stored event, and admission control has sampled it since: however
     * slowly a loaded machine runs the projection, the next order is judged on a read model that is current.
     */
    private void awaitOrdersProjectionCaughtUp() {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> projections.status(OrderProjection.GROUP).behind() == 0);
        await().atMost(Duration.ofSeconds(60))
                .during(SETTLED)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> projectionLagSeconds() == 0);
    }

    @Test
    void aStaleOrdersReadModelShedsNewOrdersUntilItCatchesUp() {
        String sku = unique("LAG");
        assertThat(api.post("/products", Api.product(sku, 300, "EUR", 100)).status())
                .isEqualTo(201);
        String customer = unique("lagging");
        stall.customer = customer;
        awaitOrdersProjectionCaughtUp();

        try {
            Api.Response first = api.post("/orders", Api.order(customer, "EUR", sku, 1));
            assertThat(first.status()).as(first.toString()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> projectionLagSeconds() > 0.5);
            assertThat(projections.status(OrderProjection.GROUP).running())
                    .as("stale, not stopped")
                    .isTrue();

            Api.Response refused = api.post("/orders", Api.order(customer, "EUR", sku, 1));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.problemType()).isEqualTo("/problems/overloaded");
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(ordersPlacedBy(customer)).isEqualTo(1);
        } finally {
            stall.released.countDown();
        }
        // the first order's fulfilment appends events of its own: let it end, then let the projection catch up
        awaitNoActiveSagas(Duration.ofSeconds(60));
        awaitOrdersProjectionCaughtUp();
        Api.Response admitted = api.post("/orders", Api.order(customer, "EUR", sku, 1));
        assertThat(admitted.status()).as(admitted.toString()).isEqualTo(202);
        assertThat(ordersPlacedBy(customer)).isEqualTo(2);
    }
}
