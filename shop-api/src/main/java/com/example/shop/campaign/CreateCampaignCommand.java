package com.example.shop.campaign;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** A first-come discount: the first {@code quota} customers to claim get {@code discountPercent} off. */
public record CreateCampaignCommand(@TargetAggregateIdentifier String campaignId, String name, int quota,
                                    int discountPercent, Instant startsAt, Instant endsAt) {
}
