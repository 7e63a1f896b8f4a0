package com.example.shop.command.campaign;

import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/** Loads the {@link DiscountCampaign} into the caller's unit of work, so its events commit with the order's. */
@Component
public class AggregateCampaignDiscounts implements CampaignDiscounts {

    private final Repository<DiscountCampaign> campaigns;

    public AggregateCampaignDiscounts(Repository<DiscountCampaign> campaigns) {
        this.campaigns = campaigns;
    }

    @Override
    public int percentFor(String campaignId, String claimId, String customerId) {
        return load(campaignId, claimId).invoke(campaign -> campaign.discountPercentFor(claimId, customerId));
    }

    @Override
    public void consume(String campaignId, String claimId, String orderId) {
        load(campaignId, claimId).execute(campaign -> campaign.consume(claimId, orderId));
    }

    @Override
    public void release(String campaignId, String claimId, String orderId, String reason) {
        load(campaignId, claimId).execute(campaign -> campaign.release(claimId, reason, orderId));
    }

    private Aggregate<DiscountCampaign> load(String campaignId, String claimId) {
        try {
            return campaigns.load(campaignId);
        } catch (AggregateNotFoundException e) {
            throw DiscountCampaign.unknownClaim(campaignId, claimId);
        }
    }
}
