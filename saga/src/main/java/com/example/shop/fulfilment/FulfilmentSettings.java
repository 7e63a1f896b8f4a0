package com.example.shop.fulfilment;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code shop.fulfilment.*}: how patient the saga is, and how much it may run at once. Compensation
 * (refunding, voiding, cancelling a shipment) backs off less than a charge: its calls are idempotent and skip the
 * breaker, and the customer's money should not wait on the longer back-off of a charge.
 *
 * @param paymentTimeout        an order whose payment is not captured by then is cancelled
 * @param retryAfter            when a fulfilment step without an outcome runs again; doubles per attempt
 * @param retryMax              the longest wait between two attempts of a fulfilment step
 * @param jitter                the share by which a retry delay is spread at random, so parked orders do not
 *                              return in one wave
 * @param compensationRetryMax  the longest wait between two attempts of a refund, a void or a shipment
 *                              cancellation
 * @param actionThreads         threads running the saga's actions, which wait on the providers
 * @param maxConcurrentCommands commands the saga's actions send at once; they share the database pool with the web
 *                              commands ({@code shop.commands.max-concurrent}), the processors and the scheduler
 */
@Validated
@ConfigurationProperties("shop.fulfilment")
public record FulfilmentSettings(
        @DefaultValue("PT15M") Duration paymentTimeout,
        @DefaultValue("PT10S") Duration retryAfter,
        @DefaultValue("PT2M") Duration retryMax,

        @DefaultValue("0.2") @DecimalMin("0") @DecimalMax("1")
        double jitter,

        @DefaultValue("PT30S") Duration compensationRetryMax,
        @DefaultValue("32") @Min(1) int actionThreads,
        @DefaultValue("4") @Min(1) int maxConcurrentCommands) {

    public FulfilmentSettings {
        if (paymentTimeout.isNegative() || paymentTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "shop.fulfilment.payment-timeout must be positive, was " + paymentTimeout);
        }
        if (retryAfter.isNegative() || retryAfter.isZero() || retryAfter.compareTo(retryMax) > 0) {
            throw new IllegalArgumentException("shop.fulfilment.retry-after (" + retryAfter
                    + ") must be positive and not exceed shop.fulfilment.retry-max (" + retryMax + ")");
        }
        if (compensationRetryMax.isNegative() || compensationRetryMax.isZero()) {
            throw new IllegalArgumentException(
                    "shop.fulfilment.compensation-retry-max must be positive, was " + compensationRetryMax);
        }
    }

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
        return Duration.ofMillis(
                spread == 0
                        ? delay
                        : delay - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1));
    }
}
