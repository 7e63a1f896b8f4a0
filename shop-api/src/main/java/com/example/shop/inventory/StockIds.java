package com.example.shop.inventory;

/**
 * Stock streams are keyed "stock:SKU" so that they never share an aggregate identifier with the
 * product stream of the same SKU (the event store's uniqueness is per identifier, not per type).
 */
public final class StockIds {
    private static final String PREFIX = "stock:";

    private StockIds() {}

    public static String of(String sku) {
        return PREFIX + sku;
    }

    public static String skuOf(String stockId) {
        return stockId.substring(PREFIX.length());
    }
}
