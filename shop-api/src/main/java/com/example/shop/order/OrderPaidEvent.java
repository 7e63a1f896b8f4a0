package com.example.shop.order;

import com.example.shop.money.Money;
import org.axonframework.serialization.Revision;

import java.time.Instant;

@Revision("1")
public record OrderPaidEvent(String orderId, String paymentId, Money amount, Instant paidAt) {
}
