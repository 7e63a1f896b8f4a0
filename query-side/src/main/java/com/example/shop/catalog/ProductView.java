package com.example.shop.catalog;

import com.example.shop.common.Money;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * A product as shoppers see it, with its stock. {@code stockVersion} is the sequence number of the
 * last stock event applied: older or repeated events are ignored, so replays leave it unchanged.
 */
@Document("products")
public record ProductView(@Id String sku, String name, Money price, Instant registeredAt,
                          long available, long reserved, long stockVersion) {
}
