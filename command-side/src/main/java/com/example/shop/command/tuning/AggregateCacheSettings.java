package com.example.shop.command.tuning;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code shop.aggregate-cache.*}: how many aggregates of each kind stay in memory between commands, per node.
 * Each kind has a record of its own because each has its own default.
 *
 * @param stock    stock aggregates, one per SKU
 * @param product  product aggregates, one per SKU
 * @param order    order aggregates: an order takes a command at each step of its fulfilment, seconds apart
 * @param campaign discount campaign aggregates
 */
@Validated
@ConfigurationProperties("shop.aggregate-cache")
public record AggregateCacheSettings(
        @DefaultValue @Valid Stock stock,
        @DefaultValue @Valid Product product,
        @DefaultValue @Valid Order order,
        @DefaultValue @Valid Campaign campaign) {

    /** @param maxSize stock aggregates kept in memory */
    public record Stock(@DefaultValue("100000") @Min(1) long maxSize) {}

    /** @param maxSize product aggregates kept in memory */
    public record Product(@DefaultValue("100000") @Min(1) long maxSize) {}

    /** @param maxSize order aggregates kept in memory */
    public record Order(@DefaultValue("10000") @Min(1) long maxSize) {}

    /** @param maxSize campaign aggregates kept in memory */
    public record Campaign(@DefaultValue("1000") @Min(1) long maxSize) {}
}
