package com.example.shop.campaign;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Gives a claim back to the quota; the customer may claim again. Without an {@code orderId}, an unconsumed
 * claim is released. With one, the claim that order consumed is released because the order ended, and
 * anything else (a claim it never consumed, or one already given back) is left as it is.
 */
public record ReleaseClaimCommand(
        @TargetAggregateIdentifier String campaignId, String claimId, String reason, String orderId) {

    public ReleaseClaimCommand(String campaignId, String claimId, String reason) {
        this(campaignId, claimId, reason, null);
    }
}
