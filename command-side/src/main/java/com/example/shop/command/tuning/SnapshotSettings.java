package com.example.shop.command.tuning;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code shop.snapshots.*}: when stock and campaign aggregates are snapshotted.
 *
 * @param every events between two snapshots of a stock or campaign aggregate
 */
@Validated
@ConfigurationProperties("shop.snapshots")
public record SnapshotSettings(@DefaultValue("500") @Min(1) int every) {}
