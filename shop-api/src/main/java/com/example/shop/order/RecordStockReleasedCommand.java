package com.example.shop.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Tells an ended order that its stock and its claim went back; repeating it changes nothing. */
public record RecordStockReleasedCommand(
        @TargetAggregateIdentifier String orderId) {}
