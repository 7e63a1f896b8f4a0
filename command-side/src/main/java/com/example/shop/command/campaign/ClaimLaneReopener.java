package com.example.shop.command.campaign;

import com.example.shop.campaign.DiscountClaimReleasedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Runs in the releasing command's own unit of work (a subscribing processor), so a campaign that was
 * sold out is asked again as soon as a claim comes back.
 */
@Component
@ProcessingGroup(ClaimLaneReopener.GROUP)
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
