package com.example.shop.provider;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

/**
 * The registries every provider adapter takes its breaker, retry and bulkhead from, all reporting to Micrometer,
 * and the observations its HTTP calls are traced by (they send the W3C {@code traceparent} of the step).
 */
public record ProviderResilience(
        CircuitBreakerRegistry breakers,
        RetryRegistry retries,
        BulkheadRegistry bulkheads,
        MeterRegistry meters,
        ObservationRegistry observations) {

    public static ProviderResilience reportingTo(MeterRegistry meters) {
        return reportingTo(meters, ObservationRegistry.NOOP);
    }

    public static ProviderResilience reportingTo(MeterRegistry meters, ObservationRegistry observations) {
        ProviderResilience resilience = new ProviderResilience(
                CircuitBreakerRegistry.ofDefaults(),
                RetryRegistry.ofDefaults(),
                BulkheadRegistry.ofDefaults(),
                meters,
                observations);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(resilience.breakers())
                .bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(resilience.retries()).bindTo(meters);
        TaggedBulkheadMetrics.ofBulkheadRegistry(resilience.bulkheads()).bindTo(meters);
        return resilience;
    }
}
