package com.example.shop.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Tells the order that every line's stock and its discount claim are held for it (the fulfilment saga
 * reserved them, each at its own aggregate). Repeating it changes nothing; an order that was cancelled or
 * failed in the meantime refuses it, and the saga gives back what it reserved.
 */
public record RecordStockReservedCommand(
        @TargetAggregateIdentifier String orderId) {}
