package com.example.shop.campaign;

import java.time.Instant;
import org.axonframework.serialization.Revision;

@Revision("1")
public record CampaignCreatedEvent(
        String campaignId, String name, int quota, int discountPercent, Instant startsAt, Instant endsAt) {}
