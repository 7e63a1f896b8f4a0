package com.example.shop.campaign;

/** The answer to one claim: granted with its claim id, or rejected with the reason. */
public record ClaimDecision(
        String customerId, String claimId, ClaimRejection rejection, int remaining, int discountPercent) {

    public static ClaimDecision granted(String customerId, String claimId, int remaining, int discountPercent) {
        return new ClaimDecision(customerId, claimId, null, remaining, discountPercent);
    }

    public static ClaimDecision rejected(String customerId, ClaimRejection reason, int remaining) {
        return new ClaimDecision(customerId, null, reason, remaining, 0);
    }

    public boolean isGranted() {
        return rejection == null;
    }
}
