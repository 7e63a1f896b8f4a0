package com.example.shop.campaign;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/** A customer's latest claim on a campaign, keyed "campaignId/customerId". */
@Document("campaign_claims")
public record CampaignClaimView(@Id String id, String campaignId, String customerId, String claimId, Status status,
                                int discountPercent, Instant grantedAt, String orderId, long version) {

    public enum Status { GRANTED, RELEASED, CONSUMED }

    public static String idOf(String campaignId, String customerId) {
        return campaignId + "/" + customerId;
    }
}
