package com.example.shop.order;

import com.example.shop.rules.DomainRuleViolation;
import java.util.Map;

public class OrderNotFoundException extends DomainRuleViolation {
    public OrderNotFoundException(String orderId) {
        super("order-not-found", Category.NOT_FOUND, "No order " + orderId, Map.of("orderId", orderId));
    }
}
