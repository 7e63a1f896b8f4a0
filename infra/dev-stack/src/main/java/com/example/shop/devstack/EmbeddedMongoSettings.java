package com.example.shop.devstack;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code shop.embedded.mongo.*}: the in-process MongoDB wire server that {@link EmbeddedDefaults} starts when
 * {@code spring.data.mongodb.uri} is not set. Bound by the embedded defaults themselves (they run before any bean).
 *
 * @param persistent the read models are kept in {@code mongo.mv} under the data directory across restarts; false
 *                   keeps them in memory
 * @param port       the port the wire server listens on at 127.0.0.1; 0 takes any free one. A fixed port lets other
 *                   nodes on the machine share it ({@code spring.data.mongodb.uri=mongodb://127.0.0.1:<port>/shop})
 */
@ConfigurationProperties("shop.embedded.mongo")
public record EmbeddedMongoSettings(
        @DefaultValue("true") boolean persistent,
        @DefaultValue("0") int port) {

    public EmbeddedMongoSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("shop.embedded.mongo.port must be 0 to 65535, was " + port);
        }
    }
}
