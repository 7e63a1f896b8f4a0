package com.example.shop.order;

import com.example.shop.money.Money;

/** A discount priced into an order when it was placed; the order's total already has it taken off. */
public record OrderDiscount(String campaignId, String claimId, int percent, Money amount) {}
