package com.example.shop.catalog;

import com.example.shop.money.Money;
import java.time.Instant;
import org.axonframework.serialization.Revision;

@Revision("1")
public record ProductRegisteredEvent(String sku, String name, Money price, Instant registeredAt) {}
