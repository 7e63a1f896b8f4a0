package com.example.shop.order;

/** What the customer asks for: a SKU and a quantity. Prices come from the catalog, never from the client. */
public record OrderLineRequest(String sku, long quantity) {}
