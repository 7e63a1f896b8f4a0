package com.example.shop.rules;

import java.util.Map;

/** A command whose content breaks a rule of its own shape: quantities, line counts, currencies. */
public class InvalidCommandException extends DomainRuleViolation {
    public InvalidCommandException(String code, String message, Map<String, Object> details) {
        super(code, Category.UNPROCESSABLE, message, details);
    }

    public static void requirePositive(String field, long value, long max) {
        if (value < 1 || value > max) {
            throw new InvalidCommandException(
                    "invalid-quantity",
                    field + " must be between 1 and " + max + ", was " + value,
                    Map.of("field", field, "value", value, "max", max));
        }
    }
}
