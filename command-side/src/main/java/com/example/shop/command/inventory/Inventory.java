package com.example.shop.command.inventory;

import java.util.Collection;
import java.util.Map;

/**
 * Stock movements that other features start as part of their own command. Every method runs in the
 * caller's unit of work, so the stock events and the caller's events commit together or not at all.
 */
public interface Inventory {

    void open(String sku, long initialQuantity);

    /** Reserves every line for the order, or nothing if any line cannot be reserved. */
    void reserve(String orderId, Map<String, Long> quantitiesBySku);

    void release(String orderId, Collection<String> skus);

    void commit(String orderId, Collection<String> skus);
}
