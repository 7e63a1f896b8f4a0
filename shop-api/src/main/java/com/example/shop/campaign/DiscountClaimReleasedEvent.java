package com.example.shop.campaign;

import org.axonframework.serialization.Revision;

/** {@code orderId} names the failed order that gave the claim back, or is null when no order held it. */
@Revision("1")
public record DiscountClaimReleasedEvent(
        String campaignId, String claimId, String customerId, String reason, int granted, String orderId)
        implements CampaignCountChanged {

    public DiscountClaimReleasedEvent(
            String campaignId, String claimId, String customerId, String reason, int granted) {
        this(campaignId, claimId, customerId, reason, granted, null);
    }
}
