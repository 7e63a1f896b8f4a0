package com.example.shop.order;

import org.axonframework.serialization.Revision;

import java.time.Instant;

@Revision("1")
public record OrderFailedEvent(String orderId, String reason, Instant failedAt) {
}
