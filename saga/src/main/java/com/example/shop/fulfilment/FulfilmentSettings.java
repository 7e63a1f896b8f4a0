package com.example.shop.fulfilment;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How patient the saga is. A step that has no outcome after {@code retryAfter} (doubling per attempt up to
 * {@code retryMax}, with {@code jitter} spread so parked orders do not return in one wave) is tried again;
 * an order whose payment is not settled within {@code paymentTimeout} is cancelled.
 */
@ConfigurationProperties("shop.fulfilment")
public record FulfilmentSettings(@DefaultValue("PT15M") Duration paymentTimeout,
                                 @DefaultValue("PT10S") Duration retryAfter,
                                 @DefaultValue("PT2M") Duration retryMax,
                                 @DefaultValue("0.2") double jitter) {

    public Duration retryDelay(int attempt) {
        long base = retryAfter.toMillis();
        long delay = Math.min(retryMax.toMillis(), base << Math.min(attempt, 20));
        long spread = (long) (delay * jitter);
        return Duration.ofMillis(spread == 0 ? delay : delay - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1));
    }
}
