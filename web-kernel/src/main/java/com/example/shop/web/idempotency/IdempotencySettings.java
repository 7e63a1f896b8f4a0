package com.example.shop.web.idempotency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code shop.idempotency.*}: how long {@code Idempotency-Key}s are kept ({@link IdempotencyFilter}).
 *
 * @param retention     how long an idempotency key and its answer are remembered
 * @param purgeInterval how often keys older than the retention are deleted
 */
@ConfigurationProperties("shop.idempotency")
public record IdempotencySettings(
        @DefaultValue("PT24H") Duration retention,
        @DefaultValue("PT10M") Duration purgeInterval) {

    public IdempotencySettings {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("shop.idempotency.retention must be positive, was " + retention);
        }
        if (purgeInterval.isNegative() || purgeInterval.isZero()) {
            throw new IllegalArgumentException(
                    "shop.idempotency.purge-interval must be positive, was " + purgeInterval);
        }
    }
}
