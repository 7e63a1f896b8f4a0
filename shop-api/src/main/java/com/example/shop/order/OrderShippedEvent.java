package com.example.shop.order;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** {@code shipmentId} is the carrier's; null in events written before the carrier existed. */
@Revision("1")
public record OrderShippedEvent(String orderId, Instant shippedAt, String shipmentId) {}
