package com.example.shop.order;

import com.example.shop.common.InvalidCommandException;
import com.example.shop.common.Money;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A customer's order. Its lines are priced by the catalog before it exists; its status only moves
 * along the transitions {@link OrderStatus} allows, driven by the fulfilment saga. Commands reach it through
 * {@link OrderCommandHandler}, which moves the stock in the same unit of work.
 */
@Aggregate(cache = "orderCache")
public class Order {

    @AggregateIdentifier
    private String orderId;
    private String customerId;
    private OrderStatus status;
    private List<OrderLine> lines;
    private Money total;
    private OrderDiscount discount;
    private String paymentId;
    private boolean paymentReversed;

    protected Order() {
        // for event sourcing
    }

    Order(String orderId, String customerId, List<OrderLine> pricedLines, OrderDiscountTerms discountTerms,
          OrderPersonalData personalData) {
        Money gross = pricedLines.stream().map(OrderLine::lineTotal)
                .reduce(Money.zero(pricedLines.get(0).unitPrice().currency()), Money::plus);
        OrderDiscount discount = discountTerms == null ? null : discountTerms.on(gross);
        Money total = discount == null ? gross : gross.minus(discount.amount());
        apply(new OrderPlacedEvent(orderId, customerId, pricedLines, total, GenericEventMessage.clock.instant(), discount,
                personalData));
    }

    /** Whether a request restricted to {@code customer} (null: staff, unrestricted) may see or change this order. */
    boolean visibleTo(String customer) {
        return customer == null || customer.equals(customerId);
    }

    /** The rules an order must meet before anything is priced or reserved. */
    static void checkShape(PlaceOrderCommand command) {
        if (command.customerId() == null || command.customerId().isBlank()) {
            throw new InvalidCommandException("invalid-customer", "customerId is required", Map.of("field", "customerId"));
        }
        if (!Money.isIsoCurrency(command.currency())) {
            throw new InvalidCommandException("invalid-currency", "currency must be an ISO 4217 code",
                    Map.of("field", "currency"));
        }
        int lineCount = command.lines().size();
        if (lineCount < 1 || lineCount > PlaceOrderCommand.MAX_LINES) {
            throw new InvalidCommandException("invalid-line-count",
                    "an order has 1 to " + PlaceOrderCommand.MAX_LINES + " lines, this one has " + lineCount,
                    Map.of("field", "lines", "value", lineCount));
        }
        Set<String> seen = new HashSet<>();
        for (OrderLineRequest line : command.lines()) {
            InvalidCommandException.requirePositive("quantity", line.quantity(), PlaceOrderCommand.MAX_QUANTITY_PER_LINE);
            if (!seen.add(line.sku())) {
                throw new InvalidCommandException("duplicate-line", "SKU " + line.sku() + " appears on more than one line",
                        Map.of("sku", String.valueOf(line.sku())));
            }
        }
    }

    void cancel(String reason) {
        moveTo(OrderStatus.CANCELLED);
        apply(new OrderCancelledEvent(orderId, reason, GenericEventMessage.clock.instant()));
    }

    OrderDiscount discount() {
        return discount;
    }

    /** Whether the order holds stock (and its claim): between its reservation and its end. */
    boolean holdsReservation() {
        return status == OrderStatus.STOCK_RESERVED || status == OrderStatus.PAID;
    }

    /** Reserves nothing twice, and nothing for an order that has already ended. */
    boolean needsStock() {
        return status == OrderStatus.PLACED;
    }

    void stockReserved() {
        moveTo(OrderStatus.STOCK_RESERVED);
        apply(new OrderStockReservedEvent(orderId, GenericEventMessage.clock.instant()));
    }

    void paid(String paymentId, Money amount) {
        if (status == OrderStatus.PAID && paymentId.equals(this.paymentId)) {
            return;
        }
        moveTo(OrderStatus.PAID);
        if (!amount.equals(total)) {
            throw new InvalidCommandException("payment-amount-mismatch",
                    "order " + orderId + " totals " + total + " but the payment captured " + amount,
                    Map.of("orderId", orderId));
        }
        apply(new OrderPaidEvent(orderId, paymentId, amount, GenericEventMessage.clock.instant()));
    }

    /** @return false when the order had already ended, so there is nothing to release */
    boolean fail(String reason) {
        if (status == OrderStatus.FAILED || status == OrderStatus.CANCELLED) {
            return false;
        }
        moveTo(OrderStatus.FAILED);
        apply(new OrderFailedEvent(orderId, reason, GenericEventMessage.clock.instant()));
        return true;
    }

    /** @return false when the order had already shipped with this shipment */
    boolean ship(String shipmentId) {
        if (status == OrderStatus.SHIPPED) {
            return false;
        }
        moveTo(OrderStatus.SHIPPED);
        apply(new OrderShippedEvent(orderId, GenericEventMessage.clock.instant(), shipmentId));
        return true;
    }

    void paymentReversed(PaymentReversal reversal) {
        if (!status.isTerminal() || status == OrderStatus.SHIPPED) {
            throw new OrderStateException(orderId, status, "only a failed or cancelled order's payment is reversed");
        }
        if (paymentReversed) {
            return;
        }
        apply(new OrderPaymentReversedEvent(orderId, status, reversal, GenericEventMessage.clock.instant()));
    }

    List<OrderLine> lines() {
        return lines;
    }

    List<String> skus() {
        return lines.stream().map(OrderLine::sku).toList();
    }

    private void moveTo(OrderStatus target) {
        if (!status.canMoveTo(target)) {
            throw new OrderStateException(orderId, status, target);
        }
    }

    @EventSourcingHandler
    void on(OrderPlacedEvent event) {
        orderId = event.orderId();
        customerId = event.customerId();
        lines = List.copyOf(event.lines());
        total = event.total();
        discount = event.discount();
        status = OrderStatus.PLACED;
    }

    @EventSourcingHandler
    void on(OrderStockReservedEvent event) {
        status = OrderStatus.STOCK_RESERVED;
    }

    @EventSourcingHandler
    void on(OrderPaidEvent event) {
        status = OrderStatus.PAID;
        paymentId = event.paymentId();
    }

    @EventSourcingHandler
    void on(OrderFailedEvent event) {
        status = OrderStatus.FAILED;
    }

    @EventSourcingHandler
    void on(OrderPaymentReversedEvent event) {
        paymentReversed = true;
    }

    @EventSourcingHandler
    void on(OrderCancelledEvent event) {
        status = OrderStatus.CANCELLED;
    }

    @EventSourcingHandler
    void on(OrderShippedEvent event) {
        status = OrderStatus.SHIPPED;
    }
}
