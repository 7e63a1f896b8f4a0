package com.example.shop.order;

import org.axonframework.serialization.Revision;

import java.time.Instant;

@Revision("1")
public record OrderCancelledEvent(String orderId, String reason, Instant cancelledAt) {
}
