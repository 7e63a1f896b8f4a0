package com.example.shop.campaign;

import org.axonframework.serialization.Revision;

@Revision("1")
public record DiscountClaimReleasedEvent(String campaignId, String claimId, String customerId, String reason,
                                         int granted) implements CampaignCountChanged {
}
