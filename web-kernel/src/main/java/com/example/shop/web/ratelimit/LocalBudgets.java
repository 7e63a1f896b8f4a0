package com.example.shop.web.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** Budgets in this node's memory: each node gives a caller the whole budget. */
final class LocalBudgets implements Budgets {

    private record CallerClass(String caller, EndpointClass endpoints) {}

    private final Map<EndpointClass, BucketConfiguration> configurations = new EnumMap<>(EndpointClass.class);
    private final Cache<CallerClass, Bucket> buckets;

    LocalBudgets(RateLimitSettings settings) {
        Duration longest = Duration.ZERO;
        for (EndpointClass endpoints : EndpointClass.values()) {
            RateLimitSettings.Budget budget = settings.budget(endpoints);
            configurations.put(endpoints, Budgets.configuration(budget));
            longest = budget.period().compareTo(longest) > 0 ? budget.period() : longest;
        }
        // a bucket left alone for its period is full again: forgetting it then changes nothing
        buckets = Caffeine.newBuilder()
                .maximumSize(settings.maxCallers())
                .expireAfterAccess(longest)
                .build();
    }

    @Override
    public ConsumptionProbe tryConsume(String caller, EndpointClass endpoints) {
        return buckets.get(
                        new CallerClass(caller, endpoints),
                        key -> Bucket.builder()
                                .addLimit(configurations.get(endpoints).getBandwidths()[0])
                                .build())
                .tryConsumeAndReturnRemaining(1);
    }
}
