package com.example.shop.command.order;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.example.shop.catalog.UnknownProductException;
import com.example.shop.command.campaign.CampaignDiscounts;
import com.example.shop.command.catalog.CatalogPrice;
import com.example.shop.command.catalog.PriceList;
import com.example.shop.money.Money;
import com.example.shop.order.CancelOrderCommand;
import com.example.shop.order.CurrencyMismatchException;
import com.example.shop.order.DiscountClaimRef;
import com.example.shop.order.FailOrderCommand;
import com.example.shop.order.OrderCancelledEvent;
import com.example.shop.order.OrderDiscount;
import com.example.shop.order.OrderFailedEvent;
import com.example.shop.order.OrderLine;
import com.example.shop.order.OrderLineRequest;
import com.example.shop.order.OrderNotFoundException;
import com.example.shop.order.OrderPaidEvent;
import com.example.shop.order.OrderPaymentReversedEvent;
import com.example.shop.order.OrderPlacedEvent;
import com.example.shop.order.OrderShippedEvent;
import com.example.shop.order.OrderStateException;
import com.example.shop.order.OrderStatus;
import com.example.shop.order.OrderStockCommittedEvent;
import com.example.shop.order.OrderStockReleasedEvent;
import com.example.shop.order.OrderStockReservedEvent;
import com.example.shop.order.PlaceOrderCommand;
import com.example.shop.order.RecordPaymentCommand;
import com.example.shop.order.RecordPaymentReversalCommand;
import com.example.shop.order.RecordStockCommittedCommand;
import com.example.shop.order.RecordStockReleasedCommand;
import com.example.shop.order.RecordStockReservedCommand;
import com.example.shop.order.ShipOrderCommand;
import com.example.shop.rules.DomainRuleViolation;
import com.example.shop.rules.InvalidCommandException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A customer's order. It decides every command of its own: its lines are priced by the catalog and its
 * discount claim checked by the campaign when it is placed (the price list and the campaigns' discounts are
 * handed to its handler), and its status only moves along the transitions {@link OrderStatus} allows.
 * The stock and the claim it holds are each moved at their own aggregate by the fulfilment saga, which
 * tells the order when they are held, given back or gone out with the shipment.
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
    private boolean stockReleased;
    private boolean stockCommitted;

    protected Order() {
        // for event sourcing
    }

    @CommandHandler
    public Order(PlaceOrderCommand command, PriceList priceList, CampaignDiscounts campaignDiscounts) {
        checkShape(command);
        // products are loaded (and locked) in SKU order, as stock is: two orders never wait on each other
        Map<String, OrderLine> pricedBySku = new TreeMap<>();
        command.lines().stream()
                .sorted(Comparator.comparing(OrderLineRequest::sku))
                .forEach(line -> pricedBySku.put(line.sku(), price(line, command.currency(), priceList)));
        List<OrderLine> priced = command.lines().stream()
                .map(line -> pricedBySku.get(line.sku()))
                .toList();
        Money gross = priced.stream()
                .map(OrderLine::lineTotal)
                .reduce(Money.zero(priced.get(0).unitPrice().currency()), Money::plus);
        OrderDiscount discount = discountOf(command, campaignDiscounts, gross);
        Money total = discount == null ? gross : gross.minus(discount.amount());
        apply(new OrderPlacedEvent(
                command.orderId(),
                command.customerId(),
                priced,
                total,
                GenericEventMessage.clock.instant(),
                discount,
                command.personalData()));
    }

    @CommandHandler
    void handle(RecordStockReservedCommand command) {
        if (status.isTerminal()) {
            // ended while its stock was being reserved: the saga gives back what it reserved
            throw new OrderStateException(orderId, status, OrderStatus.STOCK_RESERVED);
        }
        if (status != OrderStatus.PLACED) {
            return;
        }
        moveTo(OrderStatus.STOCK_RESERVED);
        apply(new OrderStockReservedEvent(orderId, GenericEventMessage.clock.instant()));
    }

    @CommandHandler
    void handle(RecordStockReleasedCommand command) {
        if (status != OrderStatus.FAILED && status != OrderStatus.CANCELLED) {
            throw new OrderStateException(orderId, status, "only a failed or cancelled order gives its stock back");
        }
        if (!stockReleased) {
            apply(new OrderStockReleasedEvent(orderId, GenericEventMessage.clock.instant()));
        }
    }

    @CommandHandler
    void handle(RecordStockCommittedCommand command) {
        if (status != OrderStatus.SHIPPED) {
            throw new OrderStateException(orderId, status, "only a shipped order's stock leaves the warehouse");
        }
        if (!stockCommitted) {
            apply(new OrderStockCommittedEvent(orderId, GenericEventMessage.clock.instant()));
        }
    }

    @CommandHandler
    void handle(RecordPaymentCommand command) {
        if (status == OrderStatus.PAID && command.paymentId().equals(paymentId)) {
            return;
        }
        moveTo(OrderStatus.PAID);
        if (!command.amount().equals(total)) {
            throw new InvalidCommandException(
                    "payment-amount-mismatch",
                    "order " + orderId + " totals " + total + " but the payment captured " + command.amount(),
                    Map.of("orderId", orderId));
        }
        apply(new OrderPaidEvent(orderId, command.paymentId(), command.amount(), GenericEventMessage.clock.instant()));
    }

    @CommandHandler
    void handle(ShipOrderCommand command) {
        if (status == OrderStatus.SHIPPED) {
            return;
        }
        moveTo(OrderStatus.SHIPPED);
        apply(new OrderShippedEvent(orderId, GenericEventMessage.clock.instant(), command.shipmentId()));
    }

    @CommandHandler
    void handle(CancelOrderCommand command) {
        if (command.requestedBy() != null && !command.requestedBy().equals(customerId)) {
            throw new OrderNotFoundException(orderId); // another customer's order does not exist for them
        }
        String reason = command.reason() == null ? "cancelled by customer" : command.reason();
        moveTo(OrderStatus.CANCELLED);
        apply(new OrderCancelledEvent(orderId, reason, GenericEventMessage.clock.instant()));
    }

    @CommandHandler
    void handle(FailOrderCommand command) {
        if (status == OrderStatus.FAILED || status == OrderStatus.CANCELLED) {
            return; // it has ended already
        }
        moveTo(OrderStatus.FAILED);
        apply(new OrderFailedEvent(orderId, command.reason(), GenericEventMessage.clock.instant()));
    }

    @CommandHandler
    void handle(RecordPaymentReversalCommand command) {
        if (!status.isTerminal() || status == OrderStatus.SHIPPED) {
            throw new OrderStateException(orderId, status, "only a failed or cancelled order's payment is reversed");
        }
        if (paymentReversed) {
            return;
        }
        apply(new OrderPaymentReversedEvent(orderId, status, command.reversal(), GenericEventMessage.clock.instant()));
    }

    /** The rules an order must meet before anything is priced or reserved. */
    private static void checkShape(PlaceOrderCommand command) {
        if (command.customerId() == null || command.customerId().isBlank()) {
            throw new InvalidCommandException(
                    "invalid-customer", "customerId is required", Map.of("field", "customerId"));
        }
        if (!Money.isIsoCurrency(command.currency())) {
            throw new InvalidCommandException(
                    "invalid-currency", "currency must be an ISO 4217 code", Map.of("field", "currency"));
        }
        int lineCount = command.lines().size();
        if (lineCount < 1 || lineCount > PlaceOrderCommand.MAX_LINES) {
            throw new InvalidCommandException(
                    "invalid-line-count",
                    "an order has 1 to " + PlaceOrderCommand.MAX_LINES + " lines, this one has " + lineCount,
                    Map.of("field", "lines", "value", lineCount));
        }
        Set<String> seen = new HashSet<>();
        for (OrderLineRequest line : command.lines()) {
            InvalidCommandException.requirePositive(
                    "quantity", line.quantity(), PlaceOrderCommand.MAX_QUANTITY_PER_LINE);
            if (!seen.add(line.sku())) {
                throw new InvalidCommandException(
                        "duplicate-line",
                        "SKU " + line.sku() + " appears on more than one line",
                        Map.of("sku", String.valueOf(line.sku())));
            }
        }
    }

    private static OrderDiscount discountOf(
            PlaceOrderCommand command, CampaignDiscounts campaignDiscounts, Money gross) {
        DiscountClaimRef claim = command.discountClaim();
        if (claim == null) {
            return null;
        }
        int percent = campaignDiscounts.percentFor(claim.campaignId(), claim.claimId(), command.customerId());
        return new OrderDiscount(claim.campaignId(), claim.claimId(), percent, gross.percent(percent));
    }

    private static OrderLine price(OrderLineRequest line, String currency, PriceList priceList) {
        CatalogPrice catalogPrice = priceList
                .priceOf(line.sku())
                .orElseThrow(() -> new UnknownProductException(line.sku(), DomainRuleViolation.Category.UNPROCESSABLE));
        if (!catalogPrice.price().currency().equals(currency)) {
            throw new CurrencyMismatchException(line.sku(), catalogPrice.price().currency(), currency);
        }
        return new OrderLine(
                line.sku(),
                catalogPrice.name(),
                line.quantity(),
                catalogPrice.price(),
                catalogPrice.price().times(line.quantity()));
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

    @EventSourcingHandler
    void on(OrderStockReleasedEvent event) {
        stockReleased = true;
    }

    @EventSourcingHandler
    void on(OrderStockCommittedEvent event) {
        stockCommitted = true;
    }
}
