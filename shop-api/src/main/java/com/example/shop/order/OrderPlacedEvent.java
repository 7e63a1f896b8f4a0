package com.example.shop.order;

import com.example.shop.money.Money;
import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * {@code discount} is null when the order uses none (and in every event written before discounts existed);
 * {@code personalData} (sealed address and card) is null in events written before it existed.
 */
@Revision("1")
public record OrderPlacedEvent(
        String orderId,
        String customerId,
        List<OrderLine> lines,
        Money total,
        Instant placedAt,
        OrderDiscount discount,
        OrderPersonalData personalData) {

    public OrderPlacedEvent(String orderId, String customerId, List<OrderLine> lines, Money total, Instant placedAt) {
        this(orderId, customerId, lines, total, placedAt, null, null);
    }

    public OrderPlacedEvent(
            String orderId,
            String customerId,
            List<OrderLine> lines,
            Money total,
            Instant placedAt,
            OrderDiscount discount) {
        this(orderId, customerId, lines, total, placedAt, discount, null);
    }
}
