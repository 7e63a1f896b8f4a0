package com.example.shop.campaign;

/** What a claim is worth to the order that will use it. */
public record ClaimQuote(int discountPercent) {}
