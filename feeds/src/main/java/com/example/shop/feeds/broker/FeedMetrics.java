package com.example.shop.feeds.broker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code shop.feeds.messages}, by feed and outcome: {@code acknowledged} (its command committed, or was absorbed as
 * a repeat), {@code dead-lettered}, {@code requeued} (handed back to the broker: the node stopping, or the dead-letter
 * queue unreachable); {@code shop.feeds.retries}: attempts made again after a failure that may pass.
 */
public final class FeedMetrics {

    private final Counter acknowledged;
    private final Counter deadLettered;
    private final Counter requeued;
    private final Counter retries;

    public FeedMetrics(MeterRegistry registry, String feed) {
        acknowledged = outcome(registry, feed, "acknowledged");
        deadLettered = outcome(registry, feed, "dead-lettered");
        requeued = outcome(registry, feed, "requeued");
        retries = Counter.builder("shop.feeds.retries")
                .description("attempts of a feed message made again after a failure that may pass")
                .tag("feed", feed)
                .register(registry);
    }

    private static Counter outcome(MeterRegistry registry, String feed, String outcome) {
        return Counter.builder("shop.feeds.messages")
                .description("feed messages handled, by outcome")
                .tag("feed", feed)
                .tag("outcome", outcome)
                .register(registry);
    }

    void acknowledged() {
        acknowledged.increment();
    }

    void deadLettered() {
        deadLettered.increment();
    }

    void requeued() {
        requeued.increment();
    }

    void retried() {
        retries.increment();
    }
}
