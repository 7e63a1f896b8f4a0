package com.example.shop.web.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Each caller's budget per endpoint class ({@code shop.rate-limits.*}): {@code requests} per {@code period},
 * refilled gradually, a full budget usable as a burst. Without {@code redis-url} each node keeps its callers'
 * budgets in memory while they are active ({@code max-callers}, forgotten after a period without requests);
 * with it ({@code redis://host:port}) every node spends the same budgets, kept in Redis.
 */
@ConfigurationProperties("shop.rate-limits")
public record RateLimitSettings(@DefaultValue("true") boolean enabled,
                                @DefaultValue("100000") long maxCallers,
                                @DefaultValue("") String redisUrl,
                                @DefaultValue("PT0.5S") Duration redisTimeout,
                                Budget reads,
                                Budget orders,
                                Budget claims,
                                Budget login) {

    /** A class not configured gets these (an IP address may be a whole office behind one NAT). */
    public RateLimitSettings {
        reads = reads != null ? reads : new Budget(600, Duration.ofMinutes(1));
        orders = orders != null ? orders : new Budget(60, Duration.ofMinutes(1));
        claims = claims != null ? claims : new Budget(120, Duration.ofMinutes(1));
        login = login != null ? login : new Budget(30, Duration.ofMinutes(1));
    }

    public record Budget(long requests, @DefaultValue("PT1M") Duration period) {

        public Budget {
            if (requests < 1 || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("A budget needs at least one request over a positive period");
            }
        }
    }

    Budget budget(EndpointClass endpoints) {
        return switch (endpoints) {
            case READS -> reads;
            case ORDERS -> orders;
            case CLAIMS -> claims;
            case LOGIN -> login;
        };
    }
}
