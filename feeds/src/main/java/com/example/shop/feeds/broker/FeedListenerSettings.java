package com.example.shop.feeds.broker;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How one feed is consumed. A message whose command fails for a reason that may pass (the database down, a
 * timeout) is tried again after {@code retryBackoff}, doubling up to {@code retryBackoffMax}, at most
 * {@code maxAttempts} times in all; then it goes to the dead-letter queue with the last failure as its reason.
 *
 * @param concurrency     messages handled at once on this node (one consumer each)
 * @param prefetch        messages the broker hands each consumer ahead of its acknowledgements
 * @param maxAttempts     attempts of one message's command, the first included, while its failures may pass
 * @param retryBackoff    the wait before the second attempt
 * @param retryBackoffMax the longest wait between two attempts
 * @param commandTimeout  how long one attempt waits for a command that another node of the cluster handles; one that
 *                        outlives it may still commit, which the next attempt's delivery id absorbs. A command this
 *                        node handles runs in the consumer's thread, bounded by the database's own timeouts
 * @param maxMessageBytes a larger message is dead-lettered unread
 */
public record FeedListenerSettings(
        @DefaultValue("4") @Min(1) @Max(64) int concurrency,
        @DefaultValue("20") @Min(1) @Max(1000) int prefetch,
        @DefaultValue("5") @Min(1) @Max(20) int maxAttempts,
        @DefaultValue("PT0.5S") Duration retryBackoff,
        @DefaultValue("PT8S") Duration retryBackoffMax,
        @DefaultValue("PT30S") Duration commandTimeout,
        @DefaultValue("65536") @Min(256) @Max(16777216) int maxMessageBytes) {

    public FeedListenerSettings {
        if (retryBackoff.isNegative() || retryBackoff.isZero()) {
            throw new IllegalArgumentException("a feed's retry-backoff must be positive, was " + retryBackoff);
        }
        if (retryBackoffMax.compareTo(retryBackoff) < 0) {
            throw new IllegalArgumentException("a feed's retry-backoff-max (" + retryBackoffMax
                    + ") must not be below its retry-backoff (" + retryBackoff + ")");
        }
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("a feed's command-timeout must be positive, was " + commandTimeout);
        }
    }
}
