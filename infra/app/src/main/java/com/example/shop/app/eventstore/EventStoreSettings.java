package com.example.shop.app.eventstore;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code shop.event-store.*}: how this node reads the shared event store.
 *
 * @param fetchDelay how long this node's event streams wait before they look in the database again when they found
 *                   nothing new; events this node appends are seen at once, events other nodes append within this
 *                   (Axon's default of a second made every read model on another node up to a second late)
 */
@ConfigurationProperties("shop.event-store")
public record EventStoreSettings(@DefaultValue("PT0.1S") Duration fetchDelay) {

    public EventStoreSettings {
        if (fetchDelay.isNegative() || fetchDelay.isZero()) {
            throw new IllegalArgumentException("shop.event-store.fetch-delay must be positive, was " + fetchDelay);
        }
    }
}
