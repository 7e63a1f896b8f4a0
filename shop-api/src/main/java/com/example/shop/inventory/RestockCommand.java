package com.example.shop.inventory;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Adds received goods to the stock of a SKU. */
public record RestockCommand(String sku, long quantity) {

    @TargetAggregateIdentifier
    public String stockId() {
        return StockIds.of(sku);
    }
}
