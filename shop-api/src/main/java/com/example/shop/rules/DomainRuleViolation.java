package com.example.shop.rules;

import java.util.Map;

/**
 * A command refused by a business rule. Carries a stable machine-readable code and a category
 * so the web layer can answer with a precise problem type without knowing every exception.
 */
public abstract class DomainRuleViolation extends RuntimeException {

    public enum Category {
        NOT_FOUND,
        CONFLICT,
        UNPROCESSABLE,
        FORBIDDEN
    }

    private final String code;
    private final Category category;
    private final Map<String, Object> details;

    protected DomainRuleViolation(String code, Category category, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.code = code;
        this.category = category;
        this.details = Map.copyOf(details);
    }

    /** Stable identifier of the rule, used as the last segment of the problem type URI. */
    public String code() {
        return code;
    }

    public Category category() {
        return category;
    }

    /** Extra facts for the client, e.g. the SKU and the quantity still available. */
    public Map<String, Object> details() {
        return details;
    }
}
