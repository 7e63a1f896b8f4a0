package com.example.shop.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.command.inventory.Stock;
import com.example.shop.simulator.Faults;
import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import java.time.Duration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A long stock stream gets snapshots, and a snapshot restores the aggregate exactly (JSON round trip). */
class SnapshotIT extends ServiceTest {

    @Autowired
    private EventStore eventStore;

    @Test
    void aLongStreamIsLoadedFromItsSnapshot() {
        String sku = unique("SNAP");
        api.post("/products", Api.product(sku, 100, "EUR", 0));
        for (int i = 0; i < 520; i++) {
            assertThat(api.post("/products/" + sku + "/restock", "{\"quantity\":2}")
                            .status())
                    .isEqualTo(202);
        }
        paymentGateway.faults(Faults.none().withOutage(true)); // the order waits, holding its reservation
        String placed = api.post("/orders", Api.order("snap", "EUR", sku, 5))
                .json()
                .path("orderId")
                .asText();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.get("/products/" + sku).json().path("reserved").asLong() == 5);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("select count(*) from snapshot_event_entry where aggregate_identifier = :id")
                                .param("id", StockIds.of(sku))
                                .query(Long.class)
                                .single()
                        > 0);

        DomainEventStream stream = eventStore.readEvents(StockIds.of(sku));
        DomainEventMessage<?> first = stream.next();
        assertThat(first.getPayload()).isInstanceOf(Stock.class);
        assertThat(first.getSequenceNumber()).isGreaterThanOrEqualTo(499);
        long remainingEvents = 0;
        while (stream.hasNext()) {
            stream.next();
            remainingEvents++;
        }
        assertThat(remainingEvents).as("events read after the snapshot").isLessThan(30);

        // the restored aggregate still knows the order's reservation: a repeat is absorbed, a release works
        Stock restored = (Stock) first.getPayload();
        assertThat(restored.available() + restored.reserved()).isLessThanOrEqualTo(1040);
        Api.Response cancel = api.post("/orders/" + placed + "/cancel", "{}");
        assertThat(cancel.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var product = api.get("/products/" + sku).json();
            assertThat(product.path("available").asLong()).isEqualTo(1040);
            assertThat(product.path("reserved").asLong()).isZero();
        });
    }
}
