package com.example.shop.query.catalog;

import com.example.shop.catalog.ProductRegisteredEvent;
import com.example.shop.inventory.StockCreatedEvent;
import com.example.shop.inventory.StockLevelChanged;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/**
 * Keeps this node's {@link ProductViewCache} fresh from the event store. Every node runs this processor for itself
 * (`NodeLocalProcessors` in the app): its token lives in memory, not in the shared token store, so no node claims it away from another, and it
 * starts at the head of the stream, as the cache starts empty. A restart therefore misses nothing it needs.
 * It does no I/O, so it runs ahead of the projection; the cache does not keep a read MongoDB has not caught up
 * with (see {@link ProductViewCache}). ADR 0019.
 */
@Component
@ProcessingGroup(ProductCacheInvalidation.GROUP)
@DisallowReplay
public class ProductCacheInvalidation {

    public static final String GROUP = "product-cache";

    private final ProductViewCache cache;

    public ProductCacheInvalidation(ProductViewCache cache) {
        this.cache = cache;
    }

    @EventHandler
    void on(ProductRegisteredEvent event) {
        cache.changed(event.sku(), new ProductViewCache.Expected(Long.MIN_VALUE, true));
    }

    @EventHandler
    void on(StockCreatedEvent event, @SequenceNumber long sequence) {
        cache.changed(event.sku(), new ProductViewCache.Expected(sequence, false));
    }

    @EventHandler
    void on(StockLevelChanged event, @SequenceNumber long sequence) {
        cache.changed(event.sku(), new ProductViewCache.Expected(sequence, false));
    }
}
