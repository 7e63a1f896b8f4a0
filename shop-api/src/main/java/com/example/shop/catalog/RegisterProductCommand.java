package com.example.shop.catalog;

import com.example.shop.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Puts a new product into the catalog and opens its stock with an initial quantity. */
public record RegisterProductCommand(
        @TargetAggregateIdentifier String sku, String name, Money price, long initialStock) {}
