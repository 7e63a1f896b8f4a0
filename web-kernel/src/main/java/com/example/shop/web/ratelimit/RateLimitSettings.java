package com.example.shop.web.ratelimit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Each caller's budget per endpoint class ({@code shop.rate-limits.*}): {@code requests} per {@code period},
 * refilled gradually, a full budget usable as a burst. Without {@code redis-url} each node keeps its callers'
 * budgets in memory while they are active ({@code max-callers}, forgotten after a period without requests);
 * with it ({@code redis://host:port}) every node spends the same budgets, kept in Redis.
 *
 * @param enabled      each caller's requests are counted against the budget of its endpoint class; over it, 429
 * @param maxCallers   callers whose budgets one node keeps in memory at once (without Redis)
 * @param redisUrl     a Redis ({@code redis://host:port}) that keeps the budgets of every node; empty: each node its own
 * @param redisTimeout how long a request waits for Redis before it is let through unchecked
 * @param reads        the budget of GET and HEAD requests (600 a minute unless set)
 * @param orders       the budget of order placements (60 a minute unless set)
 * @param claims       the budget of discount claims (120 a minute unless set)
 * @param login        the budget of registrations, logins, refreshes and logouts (30 a minute unless set)
 */
@ConfigurationProperties("shop.rate-limits")
public record RateLimitSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("100000") long maxCallers,
        @DefaultValue("") String redisUrl,
        @DefaultValue("PT0.5S") Duration redisTimeout,
        Budget reads,
        Budget orders,
        Budget claims,
        Budget login) {

    /** A class not configured gets these (an IP address may be a whole office behind one NAT). */
    public RateLimitSettings {
        reads = Budget.orDefault(reads, 600);
        orders = Budget.orDefault(orders, 60);
        claims = Budget.orDefault(claims, 120);
        login = Budget.orDefault(login, 30);
    }

    /**
     * @param requests requests a caller may make per period, refilled gradually, all usable as a burst; unset: reads
     *                 600, orders 60, claims 120, login 30
     * @param period   the period the requests are counted over
     */
    public record Budget(
            Long requests, @DefaultValue("PT1M") Duration period) {

        /** Requests left unset take their endpoint class's default ({@link #orDefault}). */
        @ConstructorBinding
        public Budget {
            if (requests != null && requests < 1 || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("A budget needs at least one request over a positive period");
            }
        }

        public Budget(long requests, Duration period) {
            this(Long.valueOf(requests), period);
        }

        static Budget orDefault(Budget configured, long defaultRequests) {
            if (configured == null) {
                return new Budget(defaultRequests, Duration.ofMinutes(1));
            }
            return configured.requests() != null ? configured : new Budget(defaultRequests, configured.period());
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
