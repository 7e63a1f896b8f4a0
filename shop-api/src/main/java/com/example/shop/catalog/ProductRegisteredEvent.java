package com.example.shop.catalog;

import com.example.shop.money.Money;
import org.axonframework.serialization.Revision;

import java.time.Instant;

@Revision("1")
public record ProductRegisteredEvent(String sku, String name, Money price, Instant registeredAt) {
}
