package com.example.shop.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Tells a shipped order that its stock left the warehouse; repeating it changes nothing. */
public record RecordStockCommittedCommand(
        @TargetAggregateIdentifier String orderId) {}
