package com.example.shop.order;

import com.example.shop.money.Money;
import java.time.Instant;
import org.axonframework.serialization.Revision;

@Revision("1")
public record OrderPaidEvent(String orderId, String paymentId, Money amount, Instant paidAt) {}
