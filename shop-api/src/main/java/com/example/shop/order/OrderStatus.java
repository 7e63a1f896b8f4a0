package com.example.shop.order;

import java.util.Set;

/**
 * The order's state machine: each status names the statuses it may move to, and nothing else is allowed.
 * The fulfilment saga moves an order forward; a customer may cancel it until it ships.
 */
public enum OrderStatus {
    PLACED,
    STOCK_RESERVED,
    PAID,
    SHIPPED,
    CANCELLED,
    FAILED;

    public Set<OrderStatus> next() {
        return switch (this) {
            case PLACED -> Set.of(STOCK_RESERVED, CANCELLED, FAILED);
            case STOCK_RESERVED -> Set.of(PAID, CANCELLED, FAILED);
            case PAID -> Set.of(SHIPPED, CANCELLED, FAILED);
            case SHIPPED, CANCELLED, FAILED -> Set.of();
        };
    }

    public boolean canMoveTo(OrderStatus target) {
        return next().contains(target);
    }

    public boolean isTerminal() {
        return next().isEmpty();
    }
}
