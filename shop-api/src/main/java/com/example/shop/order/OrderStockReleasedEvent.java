package com.example.shop.order;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** An ended order holds no stock and no discount claim any more. */
@Revision("1")
public record OrderStockReleasedEvent(String orderId, Instant releasedAt) {}
