package com.example.shop.query.order;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code shop.orders.*} of the query side: the order status stream ({@link OrderStatusStream}).
 *
 * @param streamTimeout how long an order's status stream stays open at most; the client may open another
 */
@ConfigurationProperties("shop.orders")
public record OrderStreamSettings(@DefaultValue("PT10M") Duration streamTimeout) {

    public OrderStreamSettings {
        if (streamTimeout.isNegative() || streamTimeout.isZero()) {
            throw new IllegalArgumentException("shop.orders.stream-timeout must be positive, was " + streamTimeout);
        }
    }
}
