package com.example.shop.order;

import com.example.shop.common.DomainRuleViolation;

import java.util.Map;

/** Another customer's data is answered as if it did not exist, so that ids cannot be probed. */
class CustomerNotFoundException extends DomainRuleViolation {

    CustomerNotFoundException(String customerId) {
        super("customer-not-found", Category.NOT_FOUND, "No customer " + customerId, Map.of("customerId", customerId));
    }
}
