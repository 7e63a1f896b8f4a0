package com.example.shop.payment;

import com.example.shop.money.Money;
import com.example.shop.order.PaymentReversal;

/**
 * The payment provider, as the saga needs it. Every call carries the idempotency key of the charge, so a
 * call repeated after a timeout or a restart never charges twice. Calls block; they throw
 * {@link com.example.shop.provider.ProviderUnavailableException} when no answer could be had.
 */
public interface PaymentGateway {

    /** {@code cardToken} is null for orders placed before cards were taken. */
    ChargeResult charge(String idempotencyKey, String orderId, Money amount, String cardToken);

    /** Refunds the charge made with this key, or makes sure it is never made; safe to repeat. */
    PaymentReversal reverse(String chargeKey);

    sealed interface ChargeResult {}

    record Captured(String paymentId) implements ChargeResult {}

    record Declined(String reason) implements ChargeResult {}
}
