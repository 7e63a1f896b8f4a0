package com.example.shop.campaign;

/** Events that change how many claims a campaign holds, and state the count they leave behind. */
public interface CampaignCountChanged {
    String campaignId();

    int granted();
}
