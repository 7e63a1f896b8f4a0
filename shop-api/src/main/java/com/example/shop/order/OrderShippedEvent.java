package com.example.shop.order;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** {@code shipmentId} is the carrier's; null in events written before the carrier existed. */
@Revision("1")
public record OrderShippedEvent(String orderId, Instant shippedAt, String shipmentId) {
}
