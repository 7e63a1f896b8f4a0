package com.example.shop.simulator;

/**
 * Ledger entry of the shipping carrier: one per idempotency key.
 * The reference is null for a key that so far was only cancelled.
 */
public record Shipment(
        String idempotencyKey, String shipmentId, String reference, String destination, Status status, int attempts)
        implements LedgerEntry<Shipment> {

    public enum Status {
        ACCEPTED,
        REJECTED,
        CANCELLED
    }

    @Override
    public Shipment withAttempts(int attempts) {
        return new Shipment(idempotencyKey, shipmentId, reference, destination, status, attempts);
    }

    Shipment withStatus(Status status) {
        return new Shipment(idempotencyKey, shipmentId, reference, destination, status, attempts);
    }
}
