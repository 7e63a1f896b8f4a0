package com.example.shop.operations.projections;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code shop.processors.*}: how the event processors are kept running, when their health turns, and how the
 * processors whose tokens live in the shared token store share their segments out across the nodes
 * (wired in {@code infra/app}, ADR 0021).
 *
 * @param supervisionInterval how often every processor is looked at
 * @param restartBackoff      how long a processor that stopped by itself waits before it is started again; doubled
 *                            for every further stop, up to {@code restart-backoff-max}
 * @param restartBackoffMax   the longest wait before a processor that keeps stopping is started again
 * @param healthMaxLag        a running processor whose oldest unhandled event has waited longer than this is
 *                            reported DEGRADED (a rebuild is not: its lag is expected)
 * @param maxWritesPerBatch   the read-model writes one unit of work may cause; bounds the batch size of a
 *                            processor whose events each cause many writes ({@code ProjectionBatchBound})
 * @param segments            the segments each shared processor is cut into (its events, by aggregate, are spread
 *                            over them); a token store created with fewer is split up to this at start, never merged
 * @param workerThreads       threads per shared processor and node that handle its segments' batches; each holds a
 *                            database connection while it works (docs/operations.md#connections)
 * @param claimTimeout        a segment whose claim has not been refreshed for this long is taken over by another
 *                            node: how soon the segments of a node that died are worked on again
 * @param claimInterval       how often a processor looks for segments it may claim
 */
@ConfigurationProperties("shop.processors")
public record ProcessorSupervisionSettings(
        @DefaultValue("PT1S") Duration supervisionInterval,
        @DefaultValue("PT1S") Duration restartBackoff,
        @DefaultValue("PT1M") Duration restartBackoffMax,
        @DefaultValue("PT1M") Duration healthMaxLag,
        @DefaultValue("10000") int maxWritesPerBatch,
        @DefaultValue("4") int segments,
        @DefaultValue("1") int workerThreads,
        @DefaultValue("PT2S") Duration claimTimeout,
        @DefaultValue("PT1S") Duration claimInterval) {

    public ProcessorSupervisionSettings {
        if (restartBackoff.isNegative() || restartBackoff.compareTo(restartBackoffMax) > 0) {
            throw new IllegalArgumentException(
                    "shop.processors.restart-backoff must lie between 0 and restart-backoff-max");
        }
        if (maxWritesPerBatch < 1) {
            throw new IllegalArgumentException("shop.processors.max-writes-per-batch must be at least 1");
        }
        if (segments < 1 || workerThreads < 1) {
            throw new IllegalArgumentException("shop.processors.segments and worker-threads must be at least 1");
        }
        if (claimInterval.toMillis() < 1 || claimTimeout.compareTo(claimInterval) < 0) {
            throw new IllegalArgumentException(
                    "shop.processors.claim-interval must be positive and no longer than claim-timeout");
        }
    }
}
