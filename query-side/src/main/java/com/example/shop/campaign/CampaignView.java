package com.example.shop.campaign;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/** A campaign's public state. {@code granted} may trail the campaign by the projection's lag. */
@Document("campaigns")
public record CampaignView(@Id String campaignId, String name, int quota, int discountPercent, Instant startsAt,
                           Instant endsAt, int granted, long version) {
}
