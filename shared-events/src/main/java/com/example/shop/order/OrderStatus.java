package com.example.shop.order;

import java.util.Set;

/** The order's state machine: each status names the statuses it may move to, and nothing else is allowed. */
public enum OrderStatus {
    PLACED,
    CANCELLED,
    SHIPPED;

    public Set<OrderStatus> next() {
        return switch (this) {
            case PLACED -> Set.of(CANCELLED, SHIPPED);
            case CANCELLED, SHIPPED -> Set.of();
        };
    }

    public boolean canMoveTo(OrderStatus target) {
        return next().contains(target);
    }

    public boolean isTerminal() {
        return next().isEmpty();
    }
}
