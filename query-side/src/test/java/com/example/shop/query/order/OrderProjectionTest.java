package com.example.shop.query.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.money.Money;
import com.example.shop.order.OrderCancelledEvent;
import com.example.shop.order.OrderFailedEvent;
import com.example.shop.order.OrderLine;
import com.example.shop.order.OrderPaidEvent;
import com.example.shop.order.OrderPaymentReversedEvent;
import com.example.shop.order.OrderPlacedEvent;
import com.example.shop.order.OrderRefund;
import com.example.shop.order.OrderStatus;
import com.example.shop.order.OrderStatusQuery;
import com.example.shop.order.OrderStatusUpdate;
import com.example.shop.order.OrderStockReservedEvent;
import com.example.shop.order.PaymentReversal;
import com.example.shop.query.support.InProcessMongo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.queryhandling.GenericSubscriptionQueryMessage;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OrderProjectionTest {

    private static final Instant PLACED_AT = Instant.parse("2026-11-20T10:00:00Z");
    private static final Money TOTAL = new Money(3998, "EUR");
    private static final OrderPlacedEvent PLACED = new OrderPlacedEvent(
            "o1", "c1", List.of(new OrderLine("SHIRT", "T-shirt", 2, new Money(1999, "EUR"), TOTAL)), TOTAL, PLACED_AT);
    private static final OrderCancelledEvent CANCELLED =
            new OrderCancelledEvent("o1", "changed my mind", PLACED_AT.plusSeconds(60));

    private final InProcessMongo mongo = new InProcessMongo();
    private final SimpleQueryUpdateEmitter updates =
            SimpleQueryUpdateEmitter.builder().build();
    private final OrderProjection projection = new OrderProjection(
            mongo.template(), mongo.collections(), mongo.writer(), OrderStatusBroadcast.local(updates));

    @AfterEach
    void close() {
        mongo.close();
    }

    private List<OrderStatusUpdate> subscribe(String orderId) {
        List<OrderStatusUpdate> heard = new ArrayList<>();
        updates.registerUpdateHandler(
                        new GenericSubscriptionQueryMessage<>(
                                new OrderStatusQuery(orderId),
                                ResponseTypes.instanceOf(OrderStatusUpdate.class),
                                ResponseTypes.instanceOf(OrderStatusUpdate.class)),
                        16)
                .getUpdates()
                .subscribe(update -> heard.add((OrderStatusUpdate) update.getPayload()));
        return heard;
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
        assertThat(view.history())
                .extracting(OrderView.StatusChange::status)
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

    /**
     * The customer's entry mirrors the order view and is written first: a batch that failed between the two
     * left the entry ahead of the view. Its retry writes both again and ends where an unbroken batch would.
     */
    @Test
    void aBatchRetriedAfterOnlyTheCustomerEntryWasWrittenEndsRight() {
        projection.on(PLACED, 0);
        projection.on(CANCELLED, 1);
        Document order = stored("orders");
        Document timeline = stored("customer_orders");
        mongo.template()
                .getCollection("orders")
                .replaceOne(
                        new Document("_id", "o1"),
                        stored("orders")
                                .append("status", "PLACED")
                                .append("version", 0L)
                                .append("updatedAt", order.get("placedAt"))
                                .append(
                                        "history",
                                        order.getList("history", Document.class).subList(0, 1)));

        projection.on(CANCELLED, 1);

        assertThat(stored("orders")).isEqualTo(order);
        assertThat(stored("customer_orders")).isEqualTo(timeline);
    }

    @Test
    void aRebuildTellsNoSubscriber() {
        List<OrderStatusUpdate> heard = subscribe("o1");
        projection.on(PLACED, 0);
        TrackingToken replaying =
                ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(9), new GlobalSequenceTrackingToken(1));
        DefaultUnitOfWork<TrackedEventMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(
                new GenericTrackedEventMessage<>(replaying, GenericEventMessage.asEventMessage(CANCELLED)));
        projection.on(CANCELLED, 1);
        unitOfWork.commit();

        assertThat(mongo.template().findById("o1", OrderView.class).status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(heard).isEmpty();
    }

    @Test
    void recordsEveryFulfilmentStepAndTellsSubscribers() {
        List<OrderStatusUpdate> heard = subscribe("o1");

        projection.on(PLACED, 0);
        projection.on(new OrderStockReservedEvent("o1", PLACED_AT.plusSeconds(1)), 1);
        projection.on(new OrderPaidEvent("o1", "pay-1", TOTAL, PLACED_AT.plusSeconds(2)), 2);
        projection.on(
                new OrderFailedEvent("o1", "shipping failed: address not serviceable", PLACED_AT.plusSeconds(3)), 3);
        projection.on(
                new OrderPaymentReversedEvent(
                        "o1", OrderStatus.FAILED, PaymentReversal.REFUNDED, PLACED_AT.plusSeconds(4)),
                4);

        OrderView view = mongo.template().findById("o1", OrderView.class);
        assertThat(view.status()).isEqualTo(OrderStatus.FAILED);
        assertThat(view.history())
                .extracting(OrderView.StatusChange::status)
                .containsExactly(
                        OrderStatus.PLACED,
                        OrderStatus.STOCK_RESERVED,
                        OrderStatus.PAID,
                        OrderStatus.FAILED,
                        OrderStatus.FAILED);
        assertThat(view.history())
                .extracting(OrderView.StatusChange::reason)
                .containsExactly(
                        null,
                        null,
                        "payment pay-1 captured",
                        "shipping failed: address not serviceable",
                        "payment refunded");
        assertThat(heard)
                .extracting(OrderStatusUpdate::status)
                .containsExactly(OrderStatus.STOCK_RESERVED, OrderStatus.PAID, OrderStatus.FAILED, OrderStatus.FAILED);
        assertThat(heard)
                .extracting(OrderStatusUpdate::refund)
                .containsExactly(
                        null,
                        null,
                        OrderRefund.pending(PLACED_AT.plusSeconds(3)),
                        new OrderRefund(
                                OrderRefund.Status.REFUNDED, PLACED_AT.plusSeconds(3), PLACED_AT.plusSeconds(4)));
        assertThat(projection.current(new OrderStatusQuery("o1")))
                .isEqualTo(new OrderStatusUpdate(
                        "o1",
                        OrderStatus.FAILED,
                        PLACED_AT.plusSeconds(4),
                        "payment refunded",
                        new OrderRefund(
                                OrderRefund.Status.REFUNDED, PLACED_AT.plusSeconds(3), PLACED_AT.plusSeconds(4))));
        assertThat(projection.current(new OrderStatusQuery("unknown"))).isNull();
    }

    @Test
    void aPaidOrderCancelledShowsItsRefundPendingUntilThePaymentIsReversed() {
        List<OrderStatusUpdate> heard = subscribe("o1");
        projection.on(PLACED, 0);
        projection.on(new OrderStockReservedEvent("o1", PLACED_AT.plusSeconds(1)), 1);
        projection.on(new OrderPaidEvent("o1", "pay-1", TOTAL, PLACED_AT.plusSeconds(2)), 2);
        // the cancellation in a unit of work, as the processor runs it: subscribers hear of it after the commit
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage(CANCELLED));
        projection.on(CANCELLED, 3);
        assertThat(heard).as("not before the commit").hasSize(2);
        unitOfWork.commit();

        OrderView cancelled = mongo.template().findById("o1", OrderView.class);
        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancelled.refund()).isEqualTo(OrderRefund.pending(CANCELLED.cancelledAt()));
        assertThat(heard.get(2).refund()).isEqualTo(OrderRefund.pending(CANCELLED.cancelledAt()));
        assertThat(heard.get(2).isFinal()).as("the stream stays open").isFalse();

        Instant refundedAt = CANCELLED.cancelledAt().plusSeconds(758);
        projection.on(
                new OrderPaymentReversedEvent("o1", OrderStatus.CANCELLED, PaymentReversal.REFUNDED, refundedAt), 4);

        OrderRefund refunded = new OrderRefund(OrderRefund.Status.REFUNDED, CANCELLED.cancelledAt(), refundedAt);
        assertThat(mongo.template().findById("o1", OrderView.class).refund()).isEqualTo(refunded);
        assertThat(heard).last().satisfies(update -> {
            assertThat(update.refund()).isEqualTo(refunded);
            assertThat(update.isFinal()).isTrue();
        });
        assertThat(projection.current(new OrderStatusQuery("o1")).refund()).isEqualTo(refunded);
    }

    @Test
    void anOrderCancelledBeforeItsPaymentStartedHasNoRefund() {
        List<OrderStatusUpdate> heard = subscribe("o1");
        projection.on(PLACED, 0);
        projection.on(CANCELLED, 1);

        assertThat(mongo.template().findById("o1", OrderView.class).refund()).isNull();
        assertThat(heard)
                .singleElement()
                .satisfies(update -> assertThat(update.isFinal()).isTrue());
    }

    @Test
    void aReversalStoredBeforeRefundsWereRecordedIsReadFromTheHistory() {
        projection.on(PLACED, 0);
        projection.on(new OrderStockReservedEvent("o1", PLACED_AT.plusSeconds(1)), 1);
        projection.on(CANCELLED, 2);
        projection.on(
                new OrderPaymentReversedEvent(
                        "o1", OrderStatus.CANCELLED, PaymentReversal.VOIDED, PLACED_AT.plusSeconds(90)),
                3);
        mongo.template()
                .getCollection("orders")
                .updateOne(new Document("_id", "o1"), new Document("$unset", new Document("reversal", "")));

        assertThat(mongo.template().findById("o1", OrderView.class).refund())
                .isEqualTo(
                        new OrderRefund(OrderRefund.Status.VOIDED, CANCELLED.cancelledAt(), PLACED_AT.plusSeconds(90)));
    }
}
