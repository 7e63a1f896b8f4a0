package com.example.shop.campaign;

import org.axonframework.serialization.Revision;

@Revision("1")
public record DiscountClaimConsumedEvent(String campaignId, String claimId, String customerId, String orderId) {}
