package com.example.shop.privacy.keys;

/**
 * Tells the other nodes that a customer's data key is gone, so that they forget the key they cached for that
 * customer at once instead of opening the customer's data for up to {@code CustomerDataKeys.CACHE_FOR} more.
 */
public interface DataKeyErasures {

    /** Called once the erasure is written (or, inside a transaction, delivered once it commits). */
    void erased(String customerId);

    /** A node alone: its own cache is all there is. */
    DataKeyErasures NONE = customerId -> {};
}
