package com.example.shop.order;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * The money of an order that ended (cancelled or failed) after its payment was started: PENDING from the
 * end until the gateway has refunded or voided it, then how it went back. {@code since} is when the order
 * ended; {@code at} is when the money went back (null while pending).
 */
public record OrderRefund(Status status, Instant since, Instant at) {

    public enum Status {
        PENDING,
        REFUNDED,
        VOIDED
    }

    public static OrderRefund pending(Instant since) {
        return new OrderRefund(Status.PENDING, since, null);
    }

    public static OrderRefund done(PaymentReversal reversal, Instant since, Instant at) {
        return new OrderRefund(reversal == PaymentReversal.REFUNDED ? Status.REFUNDED : Status.VOIDED, since, at);
    }

    @JsonIgnore
    public boolean isPending() {
        return status == Status.PENDING;
    }
}
