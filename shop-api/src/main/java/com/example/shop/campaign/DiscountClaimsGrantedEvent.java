package com.example.shop.campaign;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * The claims granted by one decision round of a campaign, in the order they were decided. One event per
 * round rather than per claim: a flash sale decides thousands of claims a second, and every event costs a
 * row, a message on every event processor and a projection write. {@code granted} is the number of claims
 * held after the round, so projections can set it idempotently.
 *
 * <p>The event's metadata names the batch ({@code system:claim-batcher}); each grant names the principal
 * and the correlation id of the request that claimed it. Revision 2 added them; revision 1 events are
 * upcast on reading, their grants attributed to the batch that decided them
 * ({@code DiscountClaimsGrantedEventUpcaster}).
 */
@Revision("2")
public record DiscountClaimsGrantedEvent(
        String campaignId, int discountPercent, Instant grantedAt, List<Grant> grants, int granted)
        implements CampaignCountChanged {

    public DiscountClaimsGrantedEvent {
        grants = List.copyOf(grants);
    }

    public record Grant(String claimId, String customerId, String principal, String correlationId) {}
}
