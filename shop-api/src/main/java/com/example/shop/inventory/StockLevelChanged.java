package com.example.shop.inventory;

/** Every stock event after creation states the levels it leaves behind. */
public interface StockLevelChanged {
    String sku();

    long available();

    long reserved();
}
