package com.example.shop.campaign;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Gives a granted, unconsumed claim back to the quota (its order failed); the customer may claim again. */
public record ReleaseClaimCommand(@TargetAggregateIdentifier String campaignId, String claimId, String reason) {
}
