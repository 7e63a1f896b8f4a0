package com.example.shop.inventory;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Turns an order's reservation into goods that left the warehouse. */
public record CommitStockCommand(String sku, String orderId) {

    @TargetAggregateIdentifier
    public String stockId() {
        return StockIds.of(sku);
    }
}
