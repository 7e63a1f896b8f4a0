package com.example.shop.command.catalog;

import com.example.shop.money.Money;

public record CatalogPrice(String sku, String name, Money price) {}
