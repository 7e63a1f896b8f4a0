package com.example.shop.campaign;

/** Why a claim was not granted. */
public enum ClaimRejection {
    SOLD_OUT("campaign-sold-out", "Every discount of this campaign has been granted"),
    ALREADY_CLAIMED("discount-already-claimed", "This customer already holds a discount of this campaign"),
    NOT_STARTED("campaign-not-started", "The campaign has not started yet"),
    ENDED("campaign-ended", "The campaign has ended");

    private final String code;
    private final String description;

    ClaimRejection(String code, String description) {
        this.code = code;
        this.description = description;
    }

    public String code() {
        return code;
    }

    public String description() {
        return description;
    }
}
