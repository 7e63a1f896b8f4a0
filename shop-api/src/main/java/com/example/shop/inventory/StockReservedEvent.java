package com.example.shop.inventory;

import org.axonframework.serialization.Revision;

/** Carries the stock levels after the change, so a projection sets them instead of adding to them. */
@Revision("1")
public record StockReservedEvent(String sku, String orderId, long quantity, long available, long reserved)
        implements StockLevelChanged {}
