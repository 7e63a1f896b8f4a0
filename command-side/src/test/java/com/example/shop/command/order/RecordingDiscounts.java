package com.example.shop.command.order;

import com.example.shop.command.campaign.CampaignDiscounts;
import com.example.shop.rules.DomainRuleViolation;
import java.util.ArrayList;
import java.util.List;

/** Records which claims the order handler asked about; gives every claim 50 % unless told to refuse. */
class RecordingDiscounts implements CampaignDiscounts {

    final List<String> calls = new ArrayList<>();
    DomainRuleViolation refuseWith;

    @Override
    public int percentFor(String campaignId, String claimId, String customerId) {
        calls.add("quote " + campaignId + "/" + claimId + " for " + customerId);
        if (refuseWith != null) {
            throw refuseWith;
        }
        return 50;
    }
}
