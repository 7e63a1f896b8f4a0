package com.example.shop.command.campaign;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code shop.campaign.claims.*}: how discount claims are batched into commits ({@link ClaimBatcher}).
 *
 * @param maxBatch  claims decided in one commit; each granted claim is a read-model write of its own
 * @param maxQueued claims waiting per campaign; a claim beyond them is refused with 503
 * @param workers   threads deciding batches, across all campaigns
 */
@Validated
@ConfigurationProperties("shop.campaign.claims")
public record ClaimSettings(
        @DefaultValue("1000") @Min(1) int maxBatch,
        @DefaultValue("20000") @Min(1) int maxQueued,
        @DefaultValue("4") @Min(1) int workers) {}
