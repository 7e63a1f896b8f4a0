package com.example.shop.campaign;

import com.example.shop.rules.DomainRuleViolation;
import java.util.Map;

/** A claim that was decided and refused; answered as 409 with the precise reason. */
public class ClaimRejectedException extends DomainRuleViolation {
    public ClaimRejectedException(String campaignId, String customerId, ClaimRejection reason) {
        super(
                reason.code(),
                Category.CONFLICT,
                reason.description(),
                Map.of("campaignId", campaignId, "customerId", customerId, "reason", reason.name()));
    }
}
