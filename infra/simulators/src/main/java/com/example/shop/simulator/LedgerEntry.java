package com.example.shop.simulator;

/** What every ledger entry of a simulated provider knows, so the shared machinery can count and filter entries. */
public interface LedgerEntry<E extends LedgerEntry<E>> {

    /** The idempotency key of the create request; identifies the entry. */
    String idempotencyKey();

    /** The caller's reference (order id); null while only a cancellation has arrived for the key. */
    String reference();

    /** How many create requests arrived with this key, replays included. */
    int attempts();

    E withAttempts(int attempts);
}
