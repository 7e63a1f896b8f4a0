package com.example.shop.order;

import com.example.shop.common.IdempotentWrites;
import com.example.shop.common.Money;
import com.example.shop.support.InProcessMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OrderProjectionTest {

    private static final Instant PLACED_AT = Instant.parse("2026-11-20T10:00:00Z");
    private static final Money TOTAL = new Money(3998, "EUR");
    private static final OrderPlacedEvent PLACED = new OrderPlacedEvent("o1", "c1",
            List.of(new OrderLine("SHIRT", "T-shirt", 2, new Money(1999, "EUR"), TOTAL)), TOTAL, PLACED_AT);
    private static final OrderCancelledEvent CANCELLED =
            new OrderCancelledEvent("o1", "changed my mind", PLACED_AT.plusSeconds(60));

    private final InProcessMongo mongo = new InProcessMongo();
    private final OrderProjection projection = new OrderProjection(mongo.template(), new IdempotentWrites(mongo.template()));

    @AfterEach
    void close() {
        mongo.close();
    }

    private Document stored(String collection) {
        return mongo.template().getCollection(collection).find().first();
    }

    @Test
    void buildsTheOrderAndTheCustomerTimeline() {
        projection.on(PLACED, 0);
        projection.on(CANCELLED, 1);

        OrderView view = mongo.template().findById("o1", OrderView.class);
        assertThat(view.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(view.total()).isEqualTo(TOTAL);
        assertThat(view.history()).extracting(OrderView.StatusChange::status)
                .containsExactly(OrderStatus.PLACED, OrderStatus.CANCELLED);
        CustomerOrderEntry entry = mongo.template().findById("o1", CustomerOrderEntry.class);
        assertThat(entry.customerId()).isEqualTo("c1");
        assertThat(entry.status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void replayingEveryEventAgainLeavesTheSameDocuments() {
        projection.on(PLACED, 0);
        projection.on(CANCELLED, 1);
        Document order = stored("orders");
        Document timeline = stored("customer_orders");

        projection.on(PLACED, 0);
        projection.on(CANCELLED, 1);

        assertThat(stored("orders")).isEqualTo(order);
        assertThat(stored("customer_orders")).isEqualTo(timeline);
    }

    @Test
    void aLateDuplicateOfTheFirstEventDoesNotUndoLaterOnes() {
        projection.on(PLACED, 0);
        projection.on(CANCELLED, 1);
        Document order = stored("orders");

        projection.on(PLACED, 0);

        assertThat(stored("orders")).isEqualTo(order);
        assertThat(mongo.template().findById("o1", OrderView.class).status()).isEqualTo(OrderStatus.CANCELLED);
    }
}
