package com.example.shop.order;

import org.axonframework.serialization.Revision;

import java.time.Instant;

@Revision("1")
public record OrderShippedEvent(String orderId, Instant shippedAt) {
}
