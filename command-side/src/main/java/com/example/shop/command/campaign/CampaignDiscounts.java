package com.example.shop.command.campaign;

/**
 * Discount claims as orders use them, inside the order's own unit of work: checked when the order is
 * placed, consumed with its stock reservation, given back when it fails or is cancelled.
 */
public interface CampaignDiscounts {

    /** The discount the customer's claim gives; refuses a claim that is unknown, another's, or used. */
    int percentFor(String campaignId, String claimId, String customerId);

    void consume(String campaignId, String claimId, String orderId);

    void release(String campaignId, String claimId, String orderId, String reason);
}
