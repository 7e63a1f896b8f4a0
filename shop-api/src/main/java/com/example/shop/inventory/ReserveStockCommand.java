package com.example.shop.inventory;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Holds quantity for one order; repeating it for the same order changes nothing. */
public record ReserveStockCommand(String sku, String orderId, long quantity) {

    @TargetAggregateIdentifier
    public String stockId() {
        return StockIds.of(sku);
    }
}
