package com.example.shop.order;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** {@code status} is the order's (terminal) status when its payment was reversed; it does not change. */
@Revision("1")
public record OrderPaymentReversedEvent(
        String orderId, OrderStatus status, PaymentReversal reversal, Instant reversedAt) {}
