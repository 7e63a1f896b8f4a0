package com.example.shop.inventory;

import org.axonframework.serialization.Revision;

/**
 * Carries the stock levels after the change, so a projection sets them instead of adding to them.
 * Revision 2 renamed {@code quantity} to {@code added}; revision 1 events are upcast on reading
 * ({@code StockRestockedEventUpcaster}). {@code deliveryId} names the delivery a feed restock applied (ADR 0024);
 * it is null for an operator's restock and absent from events stored before it existed, which read as null.
 */
@Revision("2")
public record StockRestockedEvent(String sku, long added, long available, long reserved, String deliveryId)
        implements StockLevelChanged {

    public StockRestockedEvent(String sku, long added, long available, long reserved) {
        this(sku, added, available, reserved, null);
    }
}
