package com.example.shop.inventory;

import org.axonframework.serialization.Revision;

/**
 * Carries the stock levels after the change, so a projection sets them instead of adding to them.
 * Revision 2 renamed {@code quantity} to {@code added}; revision 1 events are upcast on reading
 * ({@code StockRestockedEventUpcaster}).
 */
@Revision("2")
public record StockRestockedEvent(String sku, long added, long available, long reserved) implements StockLevelChanged {}
