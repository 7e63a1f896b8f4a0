package com.example.shop.rules;

import java.util.Map;

/** Another customer's data is answered as if it did not exist, so that ids cannot be probed. */
public class CustomerNotFoundException extends DomainRuleViolation {

    public CustomerNotFoundException(String customerId) {
        super("customer-not-found", Category.NOT_FOUND, "No customer " + customerId, Map.of("customerId", customerId));
    }
}
