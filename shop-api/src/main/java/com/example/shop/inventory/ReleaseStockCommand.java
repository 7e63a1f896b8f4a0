package com.example.shop.inventory;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Gives an order's reservation back to the available stock; releasing twice is harmless. */
public record ReleaseStockCommand(String sku, String orderId) {

    @TargetAggregateIdentifier
    public String stockId() {
        return StockIds.of(sku);
    }
}
