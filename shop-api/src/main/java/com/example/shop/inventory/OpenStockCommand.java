package com.example.shop.inventory;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Opens the stock of a SKU; product registration sends it in the same unit of work as the product. */
public record OpenStockCommand(String sku, long initialQuantity) {

    @TargetAggregateIdentifier
    public String stockId() {
        return StockIds.of(sku);
    }
}
