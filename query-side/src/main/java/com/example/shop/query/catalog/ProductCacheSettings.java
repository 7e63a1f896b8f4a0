package com.example.shop.query.catalog;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The in-process product cache ({@code shop.catalog.cache.*}). The events keep it fresh; {@code timeToLive}
 * is only the safety net for an invalidation that never came (a node that missed events, a parked event).
 *
 * @param enabled     product detail and list reads come from the in-process cache; off, every read asks MongoDB
 * @param maxProducts product details kept in the cache
 * @param maxPages    pages of the product list kept in the cache
 * @param timeToLive  the longest a cached product is served without an event about it (a safety net only)
 */
@ConfigurationProperties("shop.catalog.cache")
public record ProductCacheSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("100000") long maxProducts,
        @DefaultValue("1000") long maxPages,
        @DefaultValue("PT10M") Duration timeToLive) {}
