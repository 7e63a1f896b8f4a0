package com.example.shop.query.order;

import com.example.shop.money.Money;
import com.example.shop.order.OrderStatus;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One line of a customer's order history. Kept apart from {@link OrderView} so the timeline stays small,
 * is indexed on (customerId, placedAt) and can be sharded by customerId.
 */
// generation 0's name: queries and writes find their generation through ProjectionCollections
@Document(CustomerOrderEntry.COLLECTION)
public record CustomerOrderEntry(
        @Id String orderId,
        String customerId,
        Instant placedAt,
        OrderStatus status,
        Money total,
        int lineCount,
        long version) {

    /** The collection's name in the first generation; a rebuild adds a suffix ({@code _g1}, ...). */
    public static final String COLLECTION = "customer_orders";
}
