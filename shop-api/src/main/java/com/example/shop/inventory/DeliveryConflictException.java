package com.example.shop.inventory;

import com.example.shop.rules.DomainRuleViolation;
import java.util.Map;

/** A delivery the stock has applied came again with another quantity: the sender reused its id. */
public class DeliveryConflictException extends DomainRuleViolation {
    public DeliveryConflictException(String sku, String deliveryId, long applied, long offered) {
        super(
                "delivery-conflict",
                Category.CONFLICT,
                "Delivery " + deliveryId + " of " + sku + " was applied with " + applied + ", not " + offered,
                Map.of("sku", sku, "deliveryId", deliveryId, "applied", applied, "offered", offered));
    }
}
