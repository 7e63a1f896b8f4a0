package com.example.shop.command.order;

import com.example.shop.command.campaign.CampaignDiscounts;
import com.example.shop.rules.DomainRuleViolation;
import java.util.ArrayList;
import java.util.List;

/** Records what the order handler asked of the campaigns; gives every claim 50 % unless told to refuse. */
class RecordingDiscounts implements CampaignDiscounts {

    final List<String> calls = new ArrayList<>();
    DomainRuleViolation refuseWith;

    @Override
    public int percentFor(String campaignId, String claimId, String customerId) {
        refuseIfTold();
        return 50;
    }

    @Override
    public void consume(String campaignId, String claimId, String orderId) {
        refuseIfTold();
        calls.add("consume " + campaignId + "/" + claimId + " by " + orderId);
    }

    @Override
    public void release(String campaignId, String claimId, String orderId, String reason) {
        calls.add("release " + campaignId + "/" + claimId + " of " + orderId);
    }

    private void refuseIfTold() {
        if (refuseWith != null) {
            throw refuseWith;
        }
    }
}
