package com.example.shop.query.catalog;

import com.example.shop.money.Money;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A product as shoppers see it, with its stock. {@code stockVersion} is the sequence number of the
 * last stock event applied: older or repeated events are ignored, so replays leave it unchanged.
 */
// generation 0's name: queries and writes find their generation through ProjectionCollections
@Document(ProductView.COLLECTION)
public record ProductView(
        @Id String sku,
        String name,
        Money price,
        Instant registeredAt,
        long available,
        long reserved,
        long stockVersion) {

    /** The collection's name in the first generation; a rebuild adds a suffix ({@code _g1}, ...). */
    public static final String COLLECTION = "products";
}
