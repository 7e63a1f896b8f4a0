package com.example.shop.order;

import org.axonframework.config.ProcessingGroup;
import org.bson.Document;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Builds the order view and the customer's order history. Each change is applied only if its sequence
 * number is newer than the document's version, so a replayed or repeated event changes nothing.
 */
@Component
@ProcessingGroup(OrderProjection.GROUP)
public class OrderProjection {

    public static final String GROUP = "orders";

    private final MongoTemplate mongo;

    public OrderProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(OrderPlacedEvent event, @SequenceNumber long sequence) {
        var placed = new OrderView.StatusChange(OrderStatus.PLACED, event.placedAt(), null);
        insertIfAbsent(event.orderId(), new OrderView(event.orderId(), event.customerId(), OrderStatus.PLACED,
                event.lines(), event.total(), event.placedAt(), event.placedAt(), List.of(placed), sequence));
        insertIfAbsent(event.orderId(), new CustomerOrderEntry(event.orderId(), event.customerId(), event.placedAt(),
                OrderStatus.PLACED, event.total(), event.lines().size(), sequence));
    }

    @EventHandler
    void on(OrderCancelledEvent event, @SequenceNumber long sequence) {
        changeStatus(event.orderId(), OrderStatus.CANCELLED, event.cancelledAt(), event.reason(), sequence);
    }

    @EventHandler
    void on(OrderShippedEvent event, @SequenceNumber long sequence) {
        changeStatus(event.orderId(), OrderStatus.SHIPPED, event.shippedAt(), null, sequence);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(OrderView.class);
        mongo.dropCollection(CustomerOrderEntry.class);
    }

    private void changeStatus(String orderId, OrderStatus status, Instant at, String reason, long sequence) {
        mongo.updateFirst(newerThanStored(orderId, sequence),
                new Update().set("status", status).set("updatedAt", at).set("version", sequence)
                        .push("history", new OrderView.StatusChange(status, at, reason)),
                OrderView.class);
        mongo.updateFirst(newerThanStored(orderId, sequence),
                new Update().set("status", status).set("version", sequence), CustomerOrderEntry.class);
    }

    /** A replayed first event must not overwrite a document that later events already moved on. */
    private void insertIfAbsent(String id, Object view) {
        Document fields = new Document();
        mongo.getConverter().write(view, fields);
        Update update = new Update();
        fields.forEach((key, value) -> {
            if (!"_id".equals(key) && !"_class".equals(key)) {
                update.setOnInsert(key, value);
            }
        });
        mongo.upsert(query(Criteria.where("_id").is(id)), update, view.getClass());
    }

    private static Query newerThanStored(String orderId, long sequence) {
        return query(Criteria.where("_id").is(orderId).and("version").lt(sequence));
    }
}
