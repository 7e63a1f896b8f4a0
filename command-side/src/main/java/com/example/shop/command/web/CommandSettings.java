package com.example.shop.command.web;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code shop.commands.*}: how many commands sent from requests run at once ({@link CommandDispatcher}).
 *
 * @param maxConcurrent commands running at once; each holds a database connection, so keep it, with the pool's other
 *                      users, within the pool size (25 per node: docs/operations.md)
 * @param maxWait       how long a request waits for a free slot before it is answered 503 with Retry-After
 */
@Validated
@ConfigurationProperties("shop.commands")
public record CommandSettings(
        @DefaultValue("8") @Min(1) int maxConcurrent,
        @DefaultValue("PT2S") @NotNull Duration maxWait) {

    public CommandSettings {
        if (maxWait != null && maxWait.isNegative()) {
            throw new IllegalArgumentException("shop.commands.max-wait must not be negative, was " + maxWait);
        }
    }
}
