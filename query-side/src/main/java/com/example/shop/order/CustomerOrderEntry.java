package com.example.shop.order;

import com.example.shop.common.Money;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * One line of a customer's order history. Kept apart from {@link OrderView} so the timeline stays small,
 * is indexed on (customerId, placedAt) and can be sharded by customerId.
 */
@Document("customer_orders")
public record CustomerOrderEntry(@Id String orderId, String customerId, Instant placedAt, OrderStatus status,
                                 Money total, int lineCount, long version) {
}
