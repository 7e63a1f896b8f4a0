package com.example.shop.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The gateway confirmed that a failed or cancelled order's payment is undone; recorded once. */
public record RecordPaymentReversalCommand(
        @TargetAggregateIdentifier String orderId, PaymentReversal reversal) {}
