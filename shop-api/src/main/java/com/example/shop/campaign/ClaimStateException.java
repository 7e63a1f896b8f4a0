package com.example.shop.campaign;

import com.example.shop.rules.DomainRuleViolation;
import java.util.Map;

public class ClaimStateException extends DomainRuleViolation {
    public ClaimStateException(String code, String campaignId, String claimId, String message) {
        super(code, Category.CONFLICT, message, Map.of("campaignId", campaignId, "claimId", claimId));
    }
}
