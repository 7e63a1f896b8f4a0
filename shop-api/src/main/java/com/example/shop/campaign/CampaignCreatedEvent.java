package com.example.shop.campaign;

import org.axonframework.serialization.Revision;

import java.time.Instant;

@Revision("1")
public record CampaignCreatedEvent(String campaignId, String name, int quota, int discountPercent,
                                   Instant startsAt, Instant endsAt) {
}
