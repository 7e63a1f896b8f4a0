package com.example.shop.order;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Places an order; {@code discountClaim} is optional, {@code personalData} arrives sealed. */
public record PlaceOrderCommand(
        @TargetAggregateIdentifier String orderId,
        String customerId,
        String currency,
        List<OrderLineRequest> lines,
        DiscountClaimRef discountClaim,
        OrderPersonalData personalData) {

    public static final int MAX_LINES = 100;
    public static final long MAX_QUANTITY_PER_LINE = 1000;

    public PlaceOrderCommand {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    public PlaceOrderCommand(String orderId, String customerId, String currency, List<OrderLineRequest> lines) {
        this(orderId, customerId, currency, lines, null, null);
    }

    public PlaceOrderCommand(
            String orderId,
            String customerId,
            String currency,
            List<OrderLineRequest> lines,
            DiscountClaimRef discountClaim) {
        this(orderId, customerId, currency, lines, discountClaim, null);
    }
}
