package com.example.shop.catalog;

import com.example.shop.common.Money;

public record CatalogPrice(String sku, String name, Money price) {
}
