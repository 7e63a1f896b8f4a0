package com.example.shop.inventory;

import org.axonframework.serialization.Revision;

@Revision("1")
public record StockCreatedEvent(String sku, long available) {}
