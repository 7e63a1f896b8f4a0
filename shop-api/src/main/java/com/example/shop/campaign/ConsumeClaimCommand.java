package com.example.shop.campaign;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An order used the claim; from now on it cannot be released. */
public record ConsumeClaimCommand(@TargetAggregateIdentifier String campaignId, String claimId, String orderId) {}
