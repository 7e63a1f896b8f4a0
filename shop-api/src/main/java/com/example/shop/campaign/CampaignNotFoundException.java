package com.example.shop.campaign;

import com.example.shop.rules.DomainRuleViolation;
import java.util.Map;

public class CampaignNotFoundException extends DomainRuleViolation {
    public CampaignNotFoundException(String campaignId) {
        super("campaign-not-found", Category.NOT_FOUND, "No campaign " + campaignId, Map.of("campaignId", campaignId));
    }
}
