package com.example.shop.query.campaign;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A customer's latest claim on a campaign, keyed "campaignId/customerId". */
// generation 0's name: queries and writes find their generation through ProjectionCollections
@Document(CampaignClaimView.COLLECTION)
public record CampaignClaimView(
        @Id String id,
        String campaignId,
        String customerId,
        String claimId,
        Status status,
        int discountPercent,
        Instant grantedAt,
        String orderId,
        long version) {

    /** The collection's name in the first generation; a rebuild adds a suffix ({@code _g1}, ...). */
    public static final String COLLECTION = "campaign_claims";

    public enum Status {
        GRANTED,
        RELEASED,
        CONSUMED
    }

    public static String idOf(String campaignId, String customerId) {
        return campaignId + "/" + customerId;
    }
}
