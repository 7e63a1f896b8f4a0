package com.example.shop.campaign;

import com.example.shop.common.IdempotentWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Campaign counters and each customer's claim; versioned by the campaign's sequence number, so replays are harmless. */
@Component
@ProcessingGroup(CampaignProjection.GROUP)
public class CampaignProjection {

    public static final String GROUP = "campaigns";

    private final MongoTemplate mongo;
    private final IdempotentWrites writes;

    public CampaignProjection(MongoTemplate mongo, IdempotentWrites writes) {
        this.mongo = mongo;
        this.writes = writes;
    }

    @EventHandler
    void on(CampaignCreatedEvent event, @SequenceNumber long sequence) {
        writes.insertIfAbsent(event.campaignId(), new CampaignView(event.campaignId(), event.name(), event.quota(),
                event.discountPercent(), event.startsAt(), event.endsAt(), 0, sequence));
    }

    @EventHandler
    void on(DiscountClaimGrantedEvent event, @SequenceNumber long sequence) {
        count(event, sequence);
        claim(event.campaignId(), event.customerId(), sequence, new CampaignClaimView(
                CampaignClaimView.idOf(event.campaignId(), event.customerId()), event.campaignId(), event.customerId(),
                event.claimId(), CampaignClaimView.Status.GRANTED, event.discountPercent(), event.grantedAt(), null,
                sequence));
    }

    @EventHandler
    void on(DiscountClaimReleasedEvent event, @SequenceNumber long sequence) {
        count(event, sequence);
        writes.updateIfNewer(CampaignClaimView.idOf(event.campaignId(), event.customerId()), sequence,
                new Update().set("status", CampaignClaimView.Status.RELEASED), CampaignClaimView.class);
    }

    @EventHandler
    void on(DiscountClaimConsumedEvent event, @SequenceNumber long sequence) {
        writes.updateIfNewer(CampaignClaimView.idOf(event.campaignId(), event.customerId()), sequence,
                new Update().set("status", CampaignClaimView.Status.CONSUMED).set("orderId", event.orderId()),
                CampaignClaimView.class);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(CampaignView.class);
        mongo.dropCollection(CampaignClaimView.class);
    }

    private void count(CampaignCountChanged event, long sequence) {
        writes.updateIfNewer(event.campaignId(), sequence, new Update().set("granted", event.granted()), CampaignView.class);
    }

    /**
     * Most grants are a customer's first, so insert first (a lookup by id alone). A customer may claim again
     * after a release: then the newer grant replaces the older document.
     */
    private void claim(String campaignId, String customerId, long sequence, CampaignClaimView granted) {
        String id = CampaignClaimView.idOf(campaignId, customerId);
        if (writes.insertIfAbsent(id, granted)) {
            return;
        }
        Update replace = new Update().set("claimId", granted.claimId()).set("status", granted.status())
                .set("discountPercent", granted.discountPercent()).set("grantedAt", granted.grantedAt())
                .unset("orderId");
        writes.updateIfNewer(id, sequence, replace, CampaignClaimView.class);
    }
}
