package com.example.shop.simulator;

/**
 * Ledger entry of the payment gateway: one per idempotency key.
 * Reference, amount and currency are null for a key that so far was only cancelled.
 */
public record Charge(
        String idempotencyKey,
        String paymentId,
        String reference,
        Long amountMinor,
        String currency,
        String cardToken,
        Status status,
        int attempts)
        implements LedgerEntry<Charge> {

    public enum Status {
        CAPTURED,
        DECLINED,
        REFUNDED,
        VOIDED
    }

    /** True when money was taken at some point, even if it was refunded later. */
    public boolean wasCaptured() {
        return status == Status.CAPTURED || status == Status.REFUNDED;
    }

    @Override
    public Charge withAttempts(int attempts) {
        return new Charge(idempotencyKey, paymentId, reference, amountMinor, currency, cardToken, status, attempts);
    }

    Charge withStatus(Status status) {
        return new Charge(idempotencyKey, paymentId, reference, amountMinor, currency, cardToken, status, attempts);
    }
}
