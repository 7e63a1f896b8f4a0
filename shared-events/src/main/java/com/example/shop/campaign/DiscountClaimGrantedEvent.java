package com.example.shop.campaign;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** {@code granted} is the number of claims held after this one, so projections can set it idempotently. */
@Revision("1")
public record DiscountClaimGrantedEvent(String campaignId, String claimId, String customerId, int discountPercent,
                                        int granted, Instant grantedAt) implements CampaignCountChanged {
}
