package com.example.shop.order;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * One step of an order as a customer sees it: its status and, when there is one, what happened.
 * {@code refund} is null unless the order ended after its payment was started (see {@link OrderRefund}).
 */
public record OrderStatusUpdate(String orderId, OrderStatus status, Instant at, String detail, OrderRefund refund) {

    public OrderStatusUpdate(String orderId, OrderStatus status, Instant at, String detail) {
        this(orderId, status, at, detail, null);
    }

    /** Whether nothing more will happen to the order: it ended, and no money of it is still to go back. */
    @JsonIgnore
    public boolean isFinal() {
        return status.isTerminal() && (refund == null || !refund.isPending());
    }
}
