package com.example.shop.order;

/** The current status of one order; as a subscription query, every later change of it too. */
public record OrderStatusQuery(String orderId) {}
