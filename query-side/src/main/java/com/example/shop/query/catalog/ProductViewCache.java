package com.example.shop.query.catalog;

import com.example.shop.query.projection.ProjectionCollections;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Product detail and list reads from memory, kept fresh by the product and stock events this node sees
 * ({@link ProductCacheInvalidation}, ADR 0019).
 * <p>An event first records what MongoDB must show for its SKU before a read of it may be cached (the stock
 * version the event leaves, and that the product is registered), then evicts. A read that loads a document
 * older than that serves it but does not keep it: the projection, possibly on another node, has not written
 * the event yet. The check and the store of a loaded entry run inside the cache's own atomic compute, as does the
 * eviction, so a load that raced an event can never leave the older document behind.
 */
@Component
@EnableConfigurationProperties(ProductCacheSettings.class)
public class ProductViewCache {

    /** What MongoDB must show for a SKU before a read of it is kept. */
    record Expected(long stockVersion, boolean registered) {

        Expected and(Expected other) {
            return new Expected(Math.max(stockVersion, other.stockVersion), registered || other.registered);
        }

        boolean metBy(ProductView view) {
            return view != null && view.stockVersion() >= stockVersion && (!registered || view.name() != null);
        }
    }

    private static final int MAX_PENDING_LOOKUPS = 64;

    record PageKey(int page, int size) {}

    private final MongoTemplate mongo;
    private final ProjectionCollections collections;
    private final boolean enabled;
    private final Cache<String, ProductView> products;
    private final Cache<PageKey, List<ProductView>> pages;
    /** Events seen whose effect MongoDB has not been seen to show yet. Expires with the entries as a safety net. */
    private final Cache<String, Expected> pending;
    /** Counts events, so that a page loaded before one is not kept after it. */
    private final AtomicLong catalogChanges = new AtomicLong();
    /** The generation of the read model the entries come from: a finished rebuild replaces them all. */
    private volatile long generation;

    public ProductViewCache(
            MongoTemplate mongo,
            ProjectionCollections collections,
            ProductCacheSettings settings,
            MeterRegistry meters) {
        this.mongo = mongo;
        this.collections = collections;
        this.generation = collections.servingGeneration(ProductProjection.GROUP);
        this.enabled = settings.enabled();
        products = Caffeine.newBuilder()
                .maximumSize(settings.maxProducts())
                .expireAfterWrite(settings.timeToLive())
                .recordStats()
                .build();
        pages = Caffeine.newBuilder()
                .maximumSize(settings.maxPages())
                .expireAfterWrite(settings.timeToLive())
                .recordStats()
                .build();
        pending = Caffeine.newBuilder()
                .maximumSize(settings.maxProducts())
                .expireAfterWrite(settings.timeToLive())
                .build();
        CaffeineCacheMetrics.monitor(meters, products, "products");
        CaffeineCacheMetrics.monitor(meters, pages, "product-pages");
    }

    /** The product as the catalog shows it, or empty if there is none (or its registration is not projected yet). */
    public Optional<ProductView> product(String sku) {
        long servingBefore = servingGeneration();
        ProductView cached = enabled ? products.getIfPresent(sku) : null;
        if (cached != null) {
            return Optional.of(cached);
        }
        ProductView loaded = mongo.findById(sku, ProductView.class, collections.serving(ProductView.class));
        if (enabled && loaded != null && loaded.name() != null) {
            products.asMap().compute(sku, (key, current) -> {
                if (generation != servingBefore) {
                    return current; // loaded from a generation a rebuild has just replaced
                }
                Expected expected = pending.getIfPresent(key);
                if (expected == null) {
                    return loaded;
                }
                if (expected.metBy(loaded)) {
                    pending.asMap().remove(key, expected);
                    return loaded;
                }
                return current;
            });
        }
        return Optional.ofNullable(loaded).filter(view -> view.name() != null);
    }

    /** A page of the catalog in SKU order. */
    public List<ProductView> page(int page, int size) {
        servingGeneration();
        PageKey key = new PageKey(page, size);
        List<ProductView> cached = enabled ? pages.getIfPresent(key) : null;
        if (cached != null) {
            return cached;
        }
        long changesBefore = catalogChanges.get();
        List<ProductView> loaded = List.copyOf(mongo.find(
                new Query().with(Sort.by("_id")).skip((long) page * size).limit(size),
                ProductView.class,
                collections.serving(ProductView.class)));
        if (enabled && allPendingMet(loaded)) {
            pages.asMap().compute(key, (k, current) -> catalogChanges.get() == changesBefore ? loaded : current);
            if (catalogChanges.get() != changesBefore) {
                pages.invalidate(key); // an event's invalidateAll may have passed the key while it was being stored
            }
        }
        return loaded;
    }

    /**
     * Whether MongoDB shows every event this node has seen: a page is a window on the whole catalog (a new
     * product shifts every page after it), so it may be kept only then. While events are pending, their
     * documents are looked up one by one; that stops as soon as the projection has written them.
     */
    private boolean allPendingMet(List<ProductView> page) {
        if (pending.estimatedSize() > MAX_PENDING_LOOKUPS) {
            return false; // the projection is far behind (a bulk import): read through until it catches up
        }
        for (ProductView view : page) {
            Expected expected = pending.getIfPresent(view.sku());
            if (expected != null && expected.metBy(view)) {
                pending.asMap().remove(view.sku(), expected);
            }
        }
        for (var entry : pending.asMap().entrySet()) {
            if (!entry.getValue()
                    .metBy(mongo.findById(entry.getKey(), ProductView.class, collections.serving(ProductView.class)))) {
                return false;
            }
            pending.asMap().remove(entry.getKey(), entry.getValue());
        }
        return true;
    }

    /** An event changed {@code sku}: MongoDB will show at least {@code expected}; nothing older is served from memory. */
    void changed(String sku, Expected expected) {
        pending.asMap().merge(sku, expected, Expected::and);
        catalogChanges.incrementAndGet();
        products.invalidate(sku);
        pages.invalidateAll();
    }

    /**
     * The serving generation of the catalog, after forgetting every entry if a rebuild has switched it since
     * they were read (on this node or another: {@link ProjectionCollections} learns of it within a second).
     */
    private long servingGeneration() {
        long serving = collections.servingGeneration(ProductProjection.GROUP);
        if (serving != generation) {
            synchronized (this) {
                if (serving != generation) {
                    generation = serving;
                    clear();
                }
            }
        }
        return serving;
    }

    /** Forgets everything. */
    void clear() {
        catalogChanges.incrementAndGet();
        products.invalidateAll();
        pages.invalidateAll();
    }
}
