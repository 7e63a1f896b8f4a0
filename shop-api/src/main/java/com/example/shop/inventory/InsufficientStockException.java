package com.example.shop.inventory;

import com.example.shop.rules.DomainRuleViolation;
import java.util.Map;

public class InsufficientStockException extends DomainRuleViolation {
    public InsufficientStockException(String sku, long requested, long available) {
        super(
                "insufficient-stock",
                Category.CONFLICT,
                "Only " + available + " of " + sku + " available, " + requested + " requested",
                Map.of("sku", sku, "requested", requested, "available", available));
    }
}
