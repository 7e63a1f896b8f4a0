package com.example.shop.query.campaign;

import com.example.shop.campaign.CampaignCountChanged;
import com.example.shop.campaign.CampaignCreatedEvent;
import com.example.shop.campaign.DiscountClaimConsumedEvent;
import com.example.shop.campaign.DiscountClaimReleasedEvent;
import com.example.shop.campaign.DiscountClaimsGrantedEvent;
import com.example.shop.query.projection.ProjectionCollections;
import com.example.shop.query.projection.ProjectionWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Campaign counters and each customer's claim; versioned by the campaign's sequence number, so replays are harmless. */
@Component
@ProcessingGroup(CampaignProjection.GROUP)
public class CampaignProjection {

    public static final String GROUP = "campaigns";

    private final ProjectionCollections collections;
    private final ProjectionWriter writes;

    public CampaignProjection(ProjectionCollections collections, ProjectionWriter writes) {
        this.collections = collections;
        collections.declare(GROUP, CampaignView.class, CampaignClaimView.class);
        this.writes = writes;
    }

    @EventHandler
    void on(CampaignCreatedEvent event, @SequenceNumber long sequence) {
        writes.insertIfAbsent(
                event.campaignId(),
                sequence,
                new CampaignView(
                        event.campaignId(),
                        event.name(),
                        event.quota(),
                        event.discountPercent(),
                        event.startsAt(),
                        event.endsAt(),
                        0,
                        sequence));
    }

    /**
     * Most grants are a customer's first, so their documents are created in one bulk insert (looked up by
     * id alone). A customer may claim again after a release: then the newer grant replaces the older document.
     */
    @EventHandler
    void on(DiscountClaimsGrantedEvent event, @SequenceNumber long sequence) {
        count(event, sequence);
        Map<String, CampaignClaimView> views = new LinkedHashMap<>();
        for (DiscountClaimsGrantedEvent.Grant grant : event.grants()) {
            String id = CampaignClaimView.idOf(event.campaignId(), grant.customerId());
            views.put(
                    id,
                    new CampaignClaimView(
                            id,
                            event.campaignId(),
                            grant.customerId(),
                            grant.claimId(),
                            CampaignClaimView.Status.GRANTED,
                            event.discountPercent(),
                            event.grantedAt(),
                            null,
                            sequence));
        }
        for (String existing : writes.insertAllIfAbsent(views, CampaignClaimView.class)) {
            CampaignClaimView granted = views.get(existing);
            writes.updateIfNewer(
                    existing,
                    sequence,
                    new Update()
                            .set("claimId", granted.claimId())
                            .set("status", granted.status())
                            .set("discountPercent", granted.discountPercent())
                            .set("grantedAt", granted.grantedAt())
                            .unset("orderId"),
                    CampaignClaimView.class);
        }
    }

    @EventHandler
    void on(DiscountClaimReleasedEvent event, @SequenceNumber long sequence) {
        count(event, sequence);
        writes.updateIfNewer(
                CampaignClaimView.idOf(event.campaignId(), event.customerId()),
                sequence,
                new Update().set("status", CampaignClaimView.Status.RELEASED),
                CampaignClaimView.class);
    }

    @EventHandler
    void on(DiscountClaimConsumedEvent event, @SequenceNumber long sequence) {
        writes.updateIfNewer(
                CampaignClaimView.idOf(event.campaignId(), event.customerId()),
                sequence,
                new Update().set("status", CampaignClaimView.Status.CONSUMED).set("orderId", event.orderId()),
                CampaignClaimView.class);
    }

    /** A rebuild writes a fresh, empty generation while queries go on reading the current one. */
    @ResetHandler
    void reset() {
        collections.startBuilding(GROUP);
    }

    private void count(CampaignCountChanged event, long sequence) {
        writes.updateIfNewer(
                event.campaignId(), sequence, new Update().set("granted", event.granted()), CampaignView.class);
    }
}
