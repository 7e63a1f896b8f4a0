package com.example.shop.query.campaign;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/** A campaign's public state. {@code granted} may trail the campaign by the projection's lag. */
// the collection of the generation this thread reads or builds (ProjectionCollections)
@Document("#{@projectionCollections.name('" + CampaignProjection.GROUP + "', '" + CampaignView.COLLECTION + "')}")
public record CampaignView(@Id String campaignId, String name, int quota, int discountPercent, Instant startsAt,
                           Instant endsAt, int granted, long version) {

    /** The collection's name in the first generation; a rebuild adds a suffix ({@code _g1}, ...). */
    public static final String COLLECTION = "campaigns";
}
