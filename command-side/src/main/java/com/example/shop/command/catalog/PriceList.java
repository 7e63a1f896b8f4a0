package com.example.shop.command.catalog;

import java.util.Optional;

/** The catalog's current prices, as the command side sees them: strongly consistent with the event store. */
public interface PriceList {
    Optional<CatalogPrice> priceOf(String sku);
}
