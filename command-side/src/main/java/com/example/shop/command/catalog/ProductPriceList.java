package com.example.shop.command.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Reads prices from the {@link Product} aggregates, never from a read model that may lag, and keeps them:
 * a product's price never changes after registration, and loading the aggregate would take its lock, so
 * every order of a hot product would wait for the one before it. A command that changes prices must
 * evict the SKU here.
 */
@Component
public class ProductPriceList implements PriceList {

    private final Repository<Product> productRepository;
    private final Cache<String, CatalogPrice> prices =
            Caffeine.newBuilder().maximumSize(100_000).build();

    public ProductPriceList(Repository<Product> productRepository) {
        this.productRepository = productRepository;
    }

    @Override
    public Optional<CatalogPrice> priceOf(String sku) {
        CatalogPrice known = prices.getIfPresent(sku);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            CatalogPrice price = productRepository.load(sku).invoke(Product::catalogPrice);
            prices.put(sku, price);
            return Optional.of(price);
        } catch (AggregateNotFoundException e) {
            return Optional.empty();
        }
    }
}
