package com.example.shop.privacy;

import com.example.shop.rules.DomainRuleViolation;
import java.util.Map;

/** New personal data for a customer whose data was erased: refused, the erasure is final. */
public class CustomerErasedException extends DomainRuleViolation {

    public CustomerErasedException(String customerId) {
        super(
                "customer-erased",
                Category.CONFLICT,
                "The personal data of customer " + customerId + " was erased; nothing new is stored for them",
                Map.of("customerId", customerId));
    }
}
