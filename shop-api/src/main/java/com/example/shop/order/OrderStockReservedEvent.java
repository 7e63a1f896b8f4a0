package com.example.shop.order;

import java.time.Instant;
import org.axonframework.serialization.Revision;

@Revision("1")
public record OrderStockReservedEvent(String orderId, Instant reservedAt) {}
