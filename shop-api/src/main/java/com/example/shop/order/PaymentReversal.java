package com.example.shop.order;

/** How a payment was undone: refunded after capture, or voided before the gateway ever charged it. */
public enum PaymentReversal {
    REFUNDED,
    VOIDED
}
