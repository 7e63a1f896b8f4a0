package com.example.shop.order;

import com.example.shop.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The payment gateway captured the order's total; repeating it with the same payment id changes nothing. */
public record RecordPaymentCommand(
        @TargetAggregateIdentifier String orderId, String paymentId, Money amount) {}
