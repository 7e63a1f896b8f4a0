package com.example.shop.order;

import java.time.Instant;
import org.axonframework.serialization.Revision;

@Revision("1")
public record OrderFailedEvent(String orderId, String reason, Instant failedAt) {}
