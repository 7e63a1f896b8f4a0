package com.example.shop.campaign;

/** One customer's attempt, with the claim id it will carry if granted (chosen before the decision). */
public record ClaimRequest(String customerId, String claimId) {
}
