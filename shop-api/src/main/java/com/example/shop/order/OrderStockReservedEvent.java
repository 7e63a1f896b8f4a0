package com.example.shop.order;

import org.axonframework.serialization.Revision;

import java.time.Instant;

@Revision("1")
public record OrderStockReservedEvent(String orderId, Instant reservedAt) {
}
