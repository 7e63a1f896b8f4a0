package com.example.shop.fulfilment;

import com.example.shop.money.Money;
import com.example.shop.order.OrderCancelledEvent;
import com.example.shop.order.OrderFailedEvent;
import com.example.shop.order.OrderLine;
import com.example.shop.order.OrderPaidEvent;
import com.example.shop.order.OrderPaymentReversedEvent;
import com.example.shop.order.OrderPersonalData;
import com.example.shop.order.OrderPlacedEvent;
import com.example.shop.order.OrderShippedEvent;
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
 * Drives one order from placed to shipped: reserve its stock (and consume its discount claim) → charge
 * the payment → request the shipment → ship. When the order fails or is cancelled on the way, the order's
 * own command handler has already released its stock and claim; the saga then cancels the shipment and
 * reverses the payment at the providers before it ends.
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
        COMPENSATE
    }

    /** A retry deadline's payload: only the latest one armed counts, older ones fire into nothing. */
    record RetryDue(int generation) {}

    private String orderId;
    private Money total;
    private List<OrderLine> lines;
    /** sealed: the saga's stored state holds no plaintext either */
    private OrderPersonalData personalData;

    private Step step;
    private int attempt;
    private int retryGeneration;
    /** Whether the shipment is to be cancelled too; set when compensation begins. */
    private boolean shipmentRequested;

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
        if (step == Step.CANCEL) {
            return; // captured after its deadline: the cancellation goes on and refunds it
        }
        begin(Step.SHIP);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderShippedEvent event) {
        discardArmedDeadlines(); // nothing left to do
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderFailedEvent event) {
        compensate();
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderCancelledEvent event) {
        compensate();
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
     * Stock and claim went back with the order's failure; what remains is held by the providers. The step
     * the order failed in tells what they hold: nothing before the charge, a shipment only from shipping on.
     */
    private void compensate() {
        if (step == Step.RESERVE_STOCK) {
            discardArmedDeadlines();
            SagaLifecycle.end();
            return;
        }
        shipmentRequested = step == Step.SHIP;
        begin(Step.COMPENSATE);
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
            case RESERVE_STOCK -> actions.reserveStock(orderId);
            case CHARGE -> actions.charge(orderId, total, personalData);
            case CANCEL -> actions.cancel(orderId, "payment not settled within " + settings.paymentTimeout());
            case SHIP -> actions.ship(orderId, lines, personalData);
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
