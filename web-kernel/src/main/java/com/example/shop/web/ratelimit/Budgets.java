package com.example.shop.web.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

/** Where the callers' budgets are kept: this node's memory, or Redis for budgets shared by every node. */
interface Budgets extends AutoCloseable {

    /** Takes one request from the budget of {@code caller} for {@code endpoints}. */
    ConsumptionProbe tryConsume(String caller, EndpointClass endpoints);

    @Override
    default void close() {}

    static BucketConfiguration configuration(RateLimitSettings.Budget budget) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(budget.requests())
                        .refillGreedy(budget.requests(), budget.period())
                        .build())
                .build();
    }
}
