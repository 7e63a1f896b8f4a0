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
 * along the transitions {@link OrderStatus} allows. Commands reach it through {@link OrderCommandHandler},
 * which moves the stock in the same unit of work.
 */
@Aggregate
public class Order {

    @AggregateIdentifier
    private String orderId;
    private OrderStatus status;
    private List<OrderLine> lines;

    protected Order() {
        // for event sourcing
    }

    Order(String orderId, String customerId, List<OrderLine> pricedLines) {
        Money total = pricedLines.stream().map(OrderLine::lineTotal)
                .reduce(Money.zero(pricedLines.get(0).unitPrice().currency()), Money::plus);
        apply(new OrderPlacedEvent(orderId, customerId, pricedLines, total, GenericEventMessage.clock.instant()));
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

    void ship() {
        moveTo(OrderStatus.SHIPPED);
        apply(new OrderShippedEvent(orderId, GenericEventMessage.clock.instant()));
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
        lines = List.copyOf(event.lines());
        status = OrderStatus.PLACED;
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
