package com.example.shop.query.order;

import com.example.shop.order.OrderCancelledEvent;
import com.example.shop.order.OrderFailedEvent;
import com.example.shop.order.OrderPaidEvent;
import com.example.shop.order.OrderPaymentReversedEvent;
import com.example.shop.order.OrderPlacedEvent;
import com.example.shop.order.OrderShippedEvent;
import com.example.shop.order.OrderStatus;
import com.example.shop.order.OrderStatusQuery;
import com.example.shop.order.OrderStatusUpdate;
import com.example.shop.order.OrderStockReservedEvent;
import com.example.shop.order.PaymentReversal;
import com.example.shop.query.projection.ProjectionCollections;
import com.example.shop.query.projection.ProjectionWriter;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Builds the order view and the customer's order history. Each change is applied only if its sequence
 * number is newer than the document's version, so a replayed or repeated event changes nothing; a batch's
 * changes reach MongoDB together when the batch commits ({@link ProjectionWriter}). The customer's history
 * entry mirrors the order view: the view's version decides for both, one look-up per batch instead of two.
 */
@Component
@ProcessingGroup(OrderProjection.GROUP)
public class OrderProjection {

    public static final String GROUP = "orders";

    private final MongoTemplate mongo;
    private final ProjectionCollections collections;
    private final ProjectionWriter writes;
    private final OrderStatusBroadcast updates;

    public OrderProjection(
            MongoTemplate mongo,
            ProjectionCollections collections,
            ProjectionWriter writes,
            OrderStatusBroadcast updates) {
        this.mongo = mongo;
        this.collections = collections;
        collections.declare(GROUP, OrderView.class, CustomerOrderEntry.class);
        mongo.indexOps(collections.serving(CustomerOrderEntry.class)).createIndex(CustomerOrderHistory.TIMELINE);
        this.writes = writes;
        this.updates = updates;
    }

    /** The order's latest step; null (no initial result) while the projection has not seen the order. */
    @QueryHandler
    OrderStatusUpdate current(OrderStatusQuery query) {
        OrderView view = mongo.findById(query.orderId(), OrderView.class, collections.serving(OrderView.class));
        if (view == null || view.history().isEmpty()) {
            return null;
        }
        return latest(view);
    }

    private static OrderStatusUpdate latest(OrderView view) {
        OrderView.StatusChange last = view.history().get(view.history().size() - 1);
        return new OrderStatusUpdate(view.orderId(), last.status(), last.at(), last.reason(), view.refund());
    }

    @EventHandler
    void on(OrderPlacedEvent event, @SequenceNumber long sequence) {
        var placed = new OrderView.StatusChange(OrderStatus.PLACED, event.placedAt(), null);
        writes.insertIfAbsent(
                event.orderId(),
                sequence,
                new OrderView(
                        event.orderId(),
                        event.customerId(),
                        OrderStatus.PLACED,
                        event.lines(),
                        event.total(),
                        event.discount(),
                        event.placedAt(),
                        event.placedAt(),
                        List.of(placed),
                        sequence,
                        event.personalData(),
                        null),
                new CustomerOrderEntry(
                        event.orderId(),
                        event.customerId(),
                        event.placedAt(),
                        OrderStatus.PLACED,
                        event.total(),
                        event.lines().size(),
                        sequence));
    }

    /** An order that ends after its payment was started shows its refund as pending (see {@link OrderView#refund()}). */
    @EventHandler
    void on(OrderCancelledEvent event, @SequenceNumber long sequence) {
        endStatus(event.orderId(), OrderStatus.CANCELLED, event.cancelledAt(), event.reason(), sequence, null);
    }

    @EventHandler
    void on(OrderShippedEvent event, @SequenceNumber long sequence) {
        changeStatus(
                event.orderId(),
                OrderStatus.SHIPPED,
                event.shippedAt(),
                event.shipmentId() == null ? null : "shipment " + event.shipmentId(),
                sequence);
    }

    @EventHandler
    void on(OrderStockReservedEvent event, @SequenceNumber long sequence) {
        changeStatus(event.orderId(), OrderStatus.STOCK_RESERVED, event.reservedAt(), null, sequence);
    }

    @EventHandler
    void on(OrderPaidEvent event, @SequenceNumber long sequence) {
        changeStatus(
                event.orderId(),
                OrderStatus.PAID,
                event.paidAt(),
                "payment " + event.paymentId() + " captured",
                sequence);
    }

    @EventHandler
    void on(OrderFailedEvent event, @SequenceNumber long sequence) {
        endStatus(event.orderId(), OrderStatus.FAILED, event.failedAt(), event.reason(), sequence, null);
    }

    /** Not a new status: the history records that the ended order's money went back, and its refund is done. */
    @EventHandler
    void on(OrderPaymentReversedEvent event, @SequenceNumber long sequence) {
        String what = event.reversal() == PaymentReversal.REFUNDED ? OrderView.REFUNDED_NOTE : OrderView.VOIDED_NOTE;
        endStatus(
                event.orderId(),
                event.status(),
                event.reversedAt(),
                what,
                sequence,
                new OrderView.Reversal(event.reversal(), event.reversedAt()));
    }

    /** A rebuild writes a fresh, empty generation while queries go on reading the current one. */
    @ResetHandler
    void reset() {
        collections.startBuilding(GROUP);
        mongo.indexOps(collections.building(CustomerOrderEntry.class)).createIndex(CustomerOrderHistory.TIMELINE);
    }

    /**
     * Subscribers of the order's status hear of the change once this batch is committed; not during a rebuild,
     * whose events are old news.
     */
    private void changeStatus(String orderId, OrderStatus status, Instant at, String reason, long sequence) {
        writes.updateIfNewer(
                orderId,
                sequence,
                new Update()
                        .set("status", status)
                        .set("updatedAt", at)
                        .push("history", new OrderView.StatusChange(status, at, reason)),
                OrderView.class,
                CustomerOrderEntry.class,
                new Update().set("status", status));
        if (isReplay()) {
            return;
        }
        updates.announce(new OrderStatusUpdate(orderId, status, at, reason));
    }

    /**
     * The end of an order and the reversal of its payment: whether a refund is still due depends on the steps
     * before (see {@link OrderView#refund()}), which may be in this very batch. Subscribers therefore hear of
     * these from the stored view once the batch's writes are in: one read per batch and order.
     */
    private void endStatus(
            String orderId, OrderStatus status, Instant at, String reason, long sequence, OrderView.Reversal reversal) {
        Update update = new Update()
                .set("status", status)
                .set("updatedAt", at)
                .push("history", new OrderView.StatusChange(status, at, reason));
        if (reversal != null) {
            update.set("reversal", reversal);
        }
        writes.updateIfNewer(
                orderId,
                sequence,
                update,
                OrderView.class,
                CustomerOrderEntry.class,
                new Update().set("status", status));
        if (isReplay()) {
            return;
        }
        if (!CurrentUnitOfWork.isStarted()) {
            tellFromView(orderId);
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        unitOfWork
                .getOrComputeResource(OrderProjection.class.getName() + "/ended", key -> {
                    Set<String> ended = new LinkedHashSet<>();
                    unitOfWork.afterCommit(committed -> ended.forEach(this::tellFromView));
                    return ended;
                })
                .add(orderId);
    }

    /** Reads the view back where this batch wrote it. */
    private void tellFromView(String orderId) {
        OrderView view = mongo.findById(orderId, OrderView.class, collections.target(OrderView.class));
        if (view != null && !view.history().isEmpty()) {
            updates.announce(latest(view));
        }
    }

    private static boolean isReplay() {
        return CurrentUnitOfWork.isStarted()
                && ReplayToken.isReplay(CurrentUnitOfWork.get().getMessage());
    }
}
