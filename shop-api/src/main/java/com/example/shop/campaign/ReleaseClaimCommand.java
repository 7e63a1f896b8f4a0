package com.example.shop.campaign;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Gives a claim back to the quota; the customer may claim again. An unconsumed claim can always be
 * released; a consumed one only by the order that consumed it ({@code orderId}), because that order failed.
 */
public record ReleaseClaimCommand(
        @TargetAggregateIdentifier String campaignId, String claimId, String reason, String orderId) {

    public ReleaseClaimCommand(String campaignId, String claimId, String reason) {
        this(campaignId, claimId, reason, null);
    }
}
