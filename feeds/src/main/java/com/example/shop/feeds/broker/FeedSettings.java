package com.example.shop.feeds.broker;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code shop.feeds.*}: the feeds that outside parties send through RabbitMQ (ADR 0024). The broker itself is
 * Spring Boot's {@code spring.rabbitmq.*} (host, port, username, password, virtual-host).
 *
 * @param enabled        whether this node consumes the feeds; off, nothing connects to a broker (the quick start
 *                       needs none)
 * @param names          what the feeds' exchanges and queues are named after: {@code <names>.restock} and
 *                       {@code <names>.restock.dead-letter}
 * @param confirmTimeout how long the broker may take to confirm a message published to a dead-letter queue or back
 *                       to its feed; the message it came from is acknowledged only after the confirm
 * @param reconnectMax   the longest wait between attempts to reach a broker that is down (the wait doubles from 1 s)
 * @param restock        the supplier restock feed
 */
@Validated
@ConfigurationProperties("shop.feeds")
public record FeedSettings(
        @DefaultValue("false") boolean enabled,

        @DefaultValue("shop.feeds") @Pattern(regexp = "[A-Za-z0-9._-]{1,200}")
        String names,

        @DefaultValue("PT5S") Duration confirmTimeout,
        @DefaultValue("PT30S") Duration reconnectMax,
        @DefaultValue @Valid @NestedConfigurationProperty FeedListenerSettings restock) {

    public FeedSettings {
        if (confirmTimeout.isNegative() || confirmTimeout.isZero()) {
            throw new IllegalArgumentException("shop.feeds.confirm-timeout must be positive, was " + confirmTimeout);
        }
        if (reconnectMax.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("shop.feeds.reconnect-max must be at least 1 s, was " + reconnectMax);
        }
    }
}
