package com.example.shop.order;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A shipped order's stock has left the warehouse: the order is done. */
@Revision("1")
public record OrderStockCommittedEvent(String orderId, Instant committedAt) {}
