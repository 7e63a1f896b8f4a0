package com.example.shop.rules;

import java.util.Map;

/** A customer named another customer in a request: only staff act for others. */
public class ActingForOthersException extends DomainRuleViolation {

    public ActingForOthersException() {
        super(
                "acting-for-another-customer",
                Category.FORBIDDEN,
                "A customer can only act for themselves; leave customerId out or give your own",
                Map.of());
    }
}
