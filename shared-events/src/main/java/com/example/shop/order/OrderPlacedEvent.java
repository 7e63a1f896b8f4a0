package com.example.shop.order;

import com.example.shop.common.Money;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

@Revision("1")
public record OrderPlacedEvent(String orderId, String customerId, List<OrderLine> lines, Money total,
                               Instant placedAt) {
}
