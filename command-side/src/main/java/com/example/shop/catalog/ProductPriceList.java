package com.example.shop.catalog;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Reads prices from the {@link Product} aggregates (cached), never from a read model that may lag. */
@Component
public class ProductPriceList implements PriceList {

    private final Repository<Product> productRepository;

    public ProductPriceList(Repository<Product> productRepository) {
        this.productRepository = productRepository;
    }

    @Override
    public Optional<CatalogPrice> priceOf(String sku) {
        try {
            return Optional.of(productRepository.load(sku).invoke(Product::catalogPrice));
        } catch (AggregateNotFoundException e) {
            return Optional.empty();
        }
    }
}
