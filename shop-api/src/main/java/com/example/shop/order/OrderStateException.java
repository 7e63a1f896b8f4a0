package com.example.shop.order;

import com.example.shop.rules.DomainRuleViolation;
import java.util.Map;

public class OrderStateException extends DomainRuleViolation {
    public OrderStateException(String orderId, OrderStatus current, OrderStatus requested) {
        super(
                "illegal-order-transition",
                Category.CONFLICT,
                "Order " + orderId + " is " + current + " and cannot become " + requested,
                Map.of("orderId", orderId, "status", current.name(), "requested", requested.name()));
    }

    public OrderStateException(String orderId, OrderStatus current, String message) {
        super(
                "illegal-order-transition",
                Category.CONFLICT,
                "Order " + orderId + " is " + current + ": " + message,
                Map.of("orderId", orderId, "status", current.name()));
    }
}
