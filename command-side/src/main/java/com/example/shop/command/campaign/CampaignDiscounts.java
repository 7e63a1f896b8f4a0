package com.example.shop.command.campaign;

/**
 * Discount claims as an order sees them when it is placed. The claim is consumed and given back later, by the
 * fulfilment saga, with commands to the campaign ({@code ConsumeClaimCommand}, {@code ReleaseClaimCommand}).
 */
public interface CampaignDiscounts {

    /** The discount the customer's claim gives; refuses a claim that is unknown, another's, or used. */
    int percentFor(String campaignId, String claimId, String customerId);
}
