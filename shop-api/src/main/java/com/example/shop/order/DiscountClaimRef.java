package com.example.shop.order;

/** The discount claim an order wants to use: granted earlier by a campaign to the same customer. */
public record DiscountClaimRef(String campaignId, String claimId) {}
