package com.example.shop.catalog;

import com.example.shop.rules.DomainRuleViolation;
import java.util.Map;

public class ProductAlreadyExistsException extends DomainRuleViolation {
    public ProductAlreadyExistsException(String sku) {
        super(
                "product-already-exists",
                Category.CONFLICT,
                "A product with SKU " + sku + " already exists",
                Map.of("sku", sku));
    }
}
