package com.example.shop.inventory;

import com.example.shop.rules.DomainRuleViolation;
import java.util.Map;

public class ReservationConflictException extends DomainRuleViolation {
    public ReservationConflictException(String sku, String orderId, String reason) {
        super("reservation-conflict", Category.CONFLICT, reason, Map.of("sku", sku, "orderId", orderId));
    }
}
