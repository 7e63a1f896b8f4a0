package com.example.shop.campaign;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A first-come discount: the first {@code quota} customers to claim get {@code discountPercent} off. */
public record CreateCampaignCommand(
        @TargetAggregateIdentifier String campaignId,
        String name,
        int quota,
        int discountPercent,
        Instant startsAt,
        Instant endsAt) {}
