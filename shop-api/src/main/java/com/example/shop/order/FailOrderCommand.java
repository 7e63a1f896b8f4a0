package com.example.shop.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Ends an order that cannot be fulfilled, with a reason the customer can read; its reserved stock is
 * released in the same unit of work. Failing a failed or cancelled order changes nothing.
 */
public record FailOrderCommand(@TargetAggregateIdentifier String orderId, String reason) {}
