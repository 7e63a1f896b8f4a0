package com.example.shop.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Reserves every line of the order in one unit of work, or none. Repeating it changes nothing, and an
 * order that was cancelled or failed in the meantime reserves nothing.
 */
public record ReserveOrderStockCommand(
        @TargetAggregateIdentifier String orderId) {}
