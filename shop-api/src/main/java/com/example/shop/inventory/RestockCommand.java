package com.example.shop.inventory;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Adds received goods to the stock of a SKU. A restock that names its {@code deliveryId} (the sender's id of the
 * delivery, unique per sender) is applied once: the stock remembers the deliveries it applied last and absorbs a
 * repeat of one of them (ADR 0024). Without one (an operator's restock) every command adds.
 */
public record RestockCommand(String sku, long quantity, String deliveryId) {

    public RestockCommand(String sku, long quantity) {
        this(sku, quantity, null);
    }

    @TargetAggregateIdentifier
    public String stockId() {
        return StockIds.of(sku);
    }
}
