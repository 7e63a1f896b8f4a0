package com.example.shop.campaign;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Many customers' claims on one campaign, decided in order within one unit of work and committed
 * together: one database commit for a whole batch of decisions. Answers a {@link ClaimDecision} per request.
 */
public record ClaimDiscountsCommand(
        @TargetAggregateIdentifier String campaignId, List<ClaimRequest> requests) {

    public ClaimDiscountsCommand {
        requests = List.copyOf(requests);
    }
}
