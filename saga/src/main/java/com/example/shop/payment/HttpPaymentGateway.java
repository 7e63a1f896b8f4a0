package com.example.shop.payment;

import com.example.shop.money.Money;
import com.example.shop.order.PaymentReversal;
import com.example.shop.provider.ProviderResilience;
import com.example.shop.provider.ProviderSettings;
import com.example.shop.provider.ResilientHttpProvider;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The payment gateway's HTTP API: {@code POST /payments} charges (201 captured, 402 declined, 409 voided
 * before it was charged), {@code POST /payments/{chargeKey}/cancellation} refunds or voids.
 */
public class HttpPaymentGateway extends ResilientHttpProvider implements PaymentGateway {

    public HttpPaymentGateway(ProviderSettings settings, ProviderResilience resilience) {
        super("payment", settings, resilience);
    }

    @Override
    public ChargeResult charge(String idempotencyKey, String orderId, Money amount, String cardToken) {
        Map<String, Object> body = new LinkedHashMap<>(
                Map.of("reference", orderId, "amountMinor", amount.amountMinor(), "currency", amount.currency()));
        if (cardToken != null) {
            body.put("cardToken", cardToken);
        }
        return post("charge", "/payments", idempotencyKey, body, answer -> switch (answer.status()) {
            case 200, 201 -> new Captured(answer.text("paymentId"));
            case 402 -> new Declined(answer.text("reason"));
            case 409 -> new Declined("the payment was cancelled before it was charged");
            default -> new Declined("refused by the payment gateway (" + answer.status() + ")");
        });
    }

    @Override
    public PaymentReversal reverse(String chargeKey) {
        return postCompensation("reverse", "/payments/" + chargeKey + "/cancellation", Map.of(), answer -> {
            if (answer.status() != 200) {
                throw new IllegalStateException(
                        "payment gateway refused to cancel " + chargeKey + ": " + answer.status());
            }
            return PaymentReversal.valueOf(answer.text("status"));
        });
    }
}
