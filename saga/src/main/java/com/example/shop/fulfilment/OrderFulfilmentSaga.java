package com.example.shop.fulfilment;

import com.example.shop.money.Money;
import com.example.shop.order.OrderCancelledEvent;
import com.example.shop.order.OrderDiscount;
import com.example.shop.order.OrderFailedEvent;
import com.example.shop.order.OrderLine;
import com.example.shop.order.OrderPaidEvent;
import com.example.shop.order.OrderPaymentReversedEvent;
import com.example.shop.order.OrderPersonalData;
import com.example.shop.order.OrderPlacedEvent;
import com.example.shop.order.OrderShippedEvent;
import com.example.shop.order.OrderStockCommittedEvent;
import com.example.shop.order.OrderStockReleasedEvent;
import com.example.shop.order.OrderStockReservedEvent;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Drives one order from placed to shipped: reserve its stock and consume its discount claim (each at its own
 * aggregate) → charge the payment → request the shipment → ship → commit the stock. When the order fails or is
 * cancelled on the way, the saga gives back its stock and claim, then cancels the shipment and reverses the
 * payment at the providers (when it got that far) before it ends. So each aggregate is written only by
 * commands addressed to it, and all-or-nothing across them is kept by this compensation.
 *
 * <p>The saga never waits for an outcome: it starts a step through {@link FulfilmentActions} and arms a
 * retry deadline. The outcome arrives as an event of the order; a step without one (provider down, a
 * crash, a restart) runs again when the deadline fires, with growing delays. Deadlines are persistent; the
 * ones a saga no longer needs go to {@link StaleDeadlines}, so that an ended order leaves none behind.
 */
@Saga
@ProcessingGroup(OrderFulfilmentSaga.PROCESSING_GROUP)
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class OrderFulfilmentSaga {

    public static final String PROCESSING_GROUP = "order-fulfilment";
    static final String RETRY = "fulfilment-retry";
    static final String PAYMENT_DEADLINE = "payment-deadline";

    enum Step {
        RESERVE_STOCK,
        CHARGE,
        CANCEL,
        SHIP,
        COMMIT_STOCK,
        RELEASE_STOCK,
        COMPENSATE
    }

    /** A retry deadline's payload: only the latest one armed counts, older ones fire into nothing. */
    record RetryDue(int generation) {}

    private String orderId;
    private Money total;
    private List<OrderLine> lines;
    private OrderDiscount discount;
    /** sealed: the saga's stored state holds no plaintext either */
    private OrderPersonalData personalData;

    private Step step;
    private int attempt;
    private int retryGeneration;
    /** Whether the shipment is to be cancelled too; set when the order ends. */
    private boolean shipmentRequested;
    /** Whether a provider may hold something of the order (a charge, a shipment); set when the order ends. */
    private boolean providersHold;
    /** Why the order ended, for the claim it gives back. */
    private String endReason;

    private String retryDeadlineId;
    private String paymentDeadlineId;

    @Autowired
    private transient FulfilmentActions actions;

    @Autowired
    private transient DeadlineManager deadlines;

    @Autowired
    private transient FulfilmentSettings settings;

    @Autowired
    private transient StaleDeadlines staleDeadlines;

    @StartSaga
    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderPlacedEvent event) {
        orderId = event.orderId();
        total = event.total();
        lines = List.copyOf(event.lines());
        discount = event.discount();
        personalData = event.personalData();
        begin(Step.RESERVE_STOCK);
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderStockReservedEvent event) {
        paymentDeadlineId = deadlines.schedule(settings.paymentTimeout(), PAYMENT_DEADLINE);
        begin(Step.CHARGE);
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderPaidEvent event) {
        staleDeadlines.discard(paymentDeadlineId);
        paymentDeadlineId = null;
        if (step != Step.CHARGE) {
            return; // captured after its deadline or the order's end: the compensation refunds it
        }
        begin(Step.SHIP);
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderShippedEvent event) {
        begin(Step.COMMIT_STOCK);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderStockCommittedEvent event) {
        discardArmedDeadlines(); // nothing left to do
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderFailedEvent event) {
        ended(event.reason());
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderCancelledEvent event) {
        ended(event.reason());
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderStockReleasedEvent event) {
        if (!providersHold) {
            discardArmedDeadlines();
            SagaLifecycle.end();
            return;
        }
        begin(Step.COMPENSATE);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderPaymentReversedEvent event) {
        discardArmedDeadlines(); // the providers hold nothing more of this order
    }

    @DeadlineHandler(deadlineName = RETRY)
    void retry(RetryDue due) {
        if (due.generation() != retryGeneration) {
            return; // armed for a step that has since moved on
        }
        attempt++;
        act();
    }

    @DeadlineHandler(deadlineName = PAYMENT_DEADLINE)
    void paymentDeadlinePassed() {
        if (step == Step.CHARGE) {
            begin(Step.CANCEL);
        }
    }

    /**
     * The order ended before it shipped: first its stock and claim go back, then what the providers hold. The
     * step the order ended in tells what they hold: nothing before the charge, a shipment only from shipping on.
     */
    private void ended(String reason) {
        providersHold = step != Step.RESERVE_STOCK;
        shipmentRequested = step == Step.SHIP;
        endReason = reason;
        begin(Step.RELEASE_STOCK);
    }

    private void begin(Step next) {
        step = next;
        attempt = 0;
        act();
    }

    /**
     * Deadlines are not cancelled through the deadline manager: cancelling one that is firing at that moment
     * fails the whole event batch. A newer generation makes the older retry void, and it is discarded.
     */
    private void act() {
        retryGeneration++;
        String previous = retryDeadlineId;
        retryDeadlineId = deadlines.schedule(
                step == Step.COMPENSATE ? settings.compensationRetryDelay(attempt) : settings.retryDelay(attempt),
                RETRY,
                new RetryDue(retryGeneration));
        staleDeadlines.discard(previous);
        switch (step) {
            case RESERVE_STOCK -> actions.reserveStock(orderId, lines, discount);
            case CHARGE -> actions.charge(orderId, total, personalData);
            case CANCEL -> actions.cancel(orderId, "payment not settled within " + settings.paymentTimeout());
            case SHIP -> actions.ship(orderId, lines, personalData);
            case COMMIT_STOCK -> actions.commitStock(orderId, lines);
            case RELEASE_STOCK -> actions.releaseStock(orderId, lines, discount, endReason);
            case COMPENSATE -> actions.compensate(orderId, shipmentRequested);
        }
    }

    private void discardArmedDeadlines() {
        staleDeadlines.discard(retryDeadlineId);
        staleDeadlines.discard(paymentDeadlineId);
        retryDeadlineId = null;
        paymentDeadlineId = null;
    }
}
