package com.example.shop.fulfilment;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How patient the saga is. A step that has no outcome after {@code retryAfter} (doubling per attempt up to
 * {@code retryMax}, with {@code jitter} spread so parked orders do not return in one wave) is tried again;
 * an order whose payment is not settled within {@code paymentTimeout} is cancelled. Compensation (refunding,
 * voiding, cancelling a shipment) backs off to {@code compensationRetryMax} at most: its calls are idempotent and
 * skip the breaker, and the customer's money should not wait on the longer back-off of a charge.
 */
@ConfigurationProperties("shop.fulfilment")
public record FulfilmentSettings(@DefaultValue("PT15M") Duration paymentTimeout,
                                 @DefaultValue("PT10S") Duration retryAfter,
                                 @DefaultValue("PT2M") Duration retryMax,
                                 @DefaultValue("0.2") double jitter,
                                 @DefaultValue("PT30S") Duration compensationRetryMax) {

    public Duration retryDelay(int attempt) {
        return delay(attempt, retryMax);
    }

    public Duration compensationRetryDelay(int attempt) {
        return delay(attempt, compensationRetryMax.compareTo(retryMax) < 0 ? compensationRetryMax : retryMax);
    }

    private Duration delay(int attempt, Duration max) {
        long base = retryAfter.toMillis();
        long delay = Math.min(max.toMillis(), base << Math.min(attempt, 20));
        long spread = (long) (delay * jitter);
        return Duration.ofMillis(spread == 0 ? delay : delay - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1));
    }
}
