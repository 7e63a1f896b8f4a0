package com.example.shop.query.campaign;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A campaign's public state. {@code granted} may trail the campaign by the projection's lag. */
// generation 0's name: queries and writes find their generation through ProjectionCollections
@Document(CampaignView.COLLECTION)
public record CampaignView(
        @Id String campaignId,
        String name,
        int quota,
        int discountPercent,
        Instant startsAt,
        Instant endsAt,
        int granted,
        long version) {

    /** The collection's name in the first generation; a rebuild adds a suffix ({@code _g1}, ...). */
    public static final String COLLECTION = "campaigns";
}
