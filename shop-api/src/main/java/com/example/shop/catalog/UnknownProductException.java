package com.example.shop.catalog;

import com.example.shop.rules.DomainRuleViolation;
import java.util.Map;

public class UnknownProductException extends DomainRuleViolation {
    public UnknownProductException(String sku, Category category) {
        super("unknown-product", category, "No product with SKU " + sku, Map.of("sku", sku));
    }
}
