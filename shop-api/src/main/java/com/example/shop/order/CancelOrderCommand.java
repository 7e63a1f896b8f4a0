package com.example.shop.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Cancels an order that has not shipped. {@code requestedBy} is the customer who asks (the order must be
 * theirs, or it is reported as not found); null when staff or the system cancel.
 */
public record CancelOrderCommand(@TargetAggregateIdentifier String orderId, String reason, String requestedBy) {

    public CancelOrderCommand(String orderId, String reason) {
        this(orderId, reason, null);
    }
}
