package com.example.shop.operations.projections;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code shop.processors.*}: how the event processors are kept running and when their health turns.
 *
 * @param supervisionInterval how often every processor is looked at
 * @param restartBackoff      how long a processor that stopped by itself waits before it is started again; doubled
 *                            for every further stop, up to {@code restart-backoff-max}
 * @param restartBackoffMax   the longest wait before a processor that keeps stopping is started again
 * @param healthMaxLag        a running processor whose oldest unhandled event has waited longer than this is
 *                            reported DEGRADED (a rebuild is not: its lag is expected)
 * @param maxWritesPerBatch   the read-model writes one unit of work may cause; bounds the batch size of a
 *                            processor whose events each cause many writes ({@code ProjectionBatchBound})
 */
@ConfigurationProperties("shop.processors")
public record ProcessorSupervisionSettings(
        @DefaultValue("PT1S") Duration supervisionInterval,
        @DefaultValue("PT1S") Duration restartBackoff,
        @DefaultValue("PT1M") Duration restartBackoffMax,
        @DefaultValue("PT1M") Duration healthMaxLag,
        @DefaultValue("10000") int maxWritesPerBatch) {

    public ProcessorSupervisionSettings {
        if (restartBackoff.isNegative() || restartBackoff.compareTo(restartBackoffMax) > 0) {
            throw new IllegalArgumentException(
                    "shop.processors.restart-backoff must lie between 0 and restart-backoff-max");
        }
        if (maxWritesPerBatch < 1) {
            throw new IllegalArgumentException("shop.processors.max-writes-per-batch must be at least 1");
        }
    }
}
