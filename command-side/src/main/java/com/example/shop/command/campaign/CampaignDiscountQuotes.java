package com.example.shop.command.campaign;

import com.example.shop.campaign.ClaimQuote;
import com.example.shop.campaign.QuoteClaimCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Asks the campaign itself, through the command bus: the node that writes a campaign is the only one whose
 * copy surely knows a claim granted a moment ago, so a claim is never refused because this node's copy is old.
 */
@Component
public class CampaignDiscountQuotes implements CampaignDiscounts {

    private final CommandGateway commands;

    public CampaignDiscountQuotes(CommandGateway commands) {
        this.commands = commands;
    }

    @Override
    public int percentFor(String campaignId, String claimId, String customerId) {
        try {
            ClaimQuote quote = commands.sendAndWait(new QuoteClaimCommand(campaignId, claimId, customerId));
            return quote.discountPercent();
        } catch (AggregateNotFoundException e) {
            throw DiscountCampaign.unknownClaim(campaignId, claimId);
        }
    }
}
