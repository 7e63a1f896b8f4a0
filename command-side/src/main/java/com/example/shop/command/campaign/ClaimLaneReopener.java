package com.example.shop.command.campaign;

import com.example.shop.campaign.DiscountClaimReleasedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Every node runs this for itself over the whole stream (its token in memory, not claimed in the shared store),
 * so a campaign that one node's lane knows as sold out is asked again as soon as a claim comes back, whichever
 * node released it.
 */
@Component
@ProcessingGroup(ClaimLaneReopener.GROUP)
@DisallowReplay
public class ClaimLaneReopener {

    public static final String GROUP = "campaign-admission";

    private final ClaimBatcher batcher;

    public ClaimLaneReopener(ClaimBatcher batcher) {
        this.batcher = batcher;
    }

    @EventHandler
    void on(DiscountClaimReleasedEvent event) {
        batcher.reopen(event.campaignId());
    }
}
