package com.example.shop.order;

import java.time.Instant;

/** One step of an order as a customer sees it: its status and, when there is one, what happened. */
public record OrderStatusUpdate(String orderId, OrderStatus status, Instant at, String detail) {
}
