package com.example.shop.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Simulated payment gateway.
 * <ul>
 *   <li>{@code POST /payments} with {@code Idempotency-Key} and {@code {"reference", "amountMinor", "currency"}}:
 *       201 CAPTURED, 402 DECLINED (declineRate) or 409 VOIDED when the key was cancelled before.</li>
 *   <li>{@code POST /payments/{chargeKey}/cancellation}: refunds a captured charge (200 REFUNDED) or voids the key
 *       (200 VOIDED) so that a charge arriving later takes no money.</li>
 * </ul>
 */
public final class PaymentGatewaySimulator extends SimulatedProvider<PaymentGatewaySimulator.ChargeRequest, Charge> {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    /** A validated charge request; equal requests may share an idempotency key. */
    /** {@code cardToken} may be absent (orders placed before cards were taken); the ledger shows what came. */
    record ChargeRequest(String reference, long amountMinor, String currency, String cardToken) {}

    public PaymentGatewaySimulator(int port) {
        this(port, new Random());
    }

    public PaymentGatewaySimulator(int port, Random random) {
        super("payment-sim", "payments", port, random);
    }

    @Override
    public PaymentGatewaySimulator start() {
        super.start();
        return this;
    }

    /** All ledger entries of an order reference. */
    public List<Charge> chargesFor(String reference) {
        return entriesFor(reference);
    }

    /** How many charges of an order reference ever took money; more than one is a double charge. */
    public int capturedCountFor(String reference) {
        return (int) chargesFor(reference).stream().filter(Charge::wasCaptured).count();
    }

    @Override
    ChargeRequest parseCreate(ObjectNode body) {
        return new ChargeRequest(
                Json.nonBlankText(body, "reference"),
                Json.positiveLong(body, "amountMinor"),
                Json.textMatching(body, "currency", CURRENCY, "3 upper-case letters"),
                body.path("cardToken").isTextual() ? body.get("cardToken").asText() : null);
    }

    @Override
    Reply create(String key, ChargeRequest request, Faults faults) {
        if (roll(faults.declineRate())) {
            record(charge(key, null, request, Charge.Status.DECLINED));
            return Reply.json(402, Json.object().put("status", "DECLINED").put("reason", "card declined"));
        }
        String paymentId = "pay_" + UUID.randomUUID();
        record(charge(key, paymentId, request, Charge.Status.CAPTURED));
        return Reply.json(
                201,
                Json.object()
                        .put("paymentId", paymentId)
                        .put("status", "CAPTURED")
                        .put("reference", request.reference())
                        .put("amountMinor", request.amountMinor())
                        .put("currency", request.currency()));
    }

    @Override
    Reply refuseCancelled(String key, ChargeRequest request) {
        // fills in what the tombstone could not know yet, so the entry shows up for its reference
        record(charge(key, null, request, Charge.Status.VOIDED));
        return Reply.json(409, Json.object().put("status", "VOIDED").put("reason", "cancelled before it was charged"));
    }

    @Override
    Reply cancelBeforeCreate(String key) {
        record(new Charge(key, null, null, null, null, null, Charge.Status.VOIDED, 0));
        return voided();
    }

    @Override
    Reply cancelAfterCreate(Charge charge) {
        if (!charge.wasCaptured()) {
            return voided();
        }
        record(charge.withStatus(Charge.Status.REFUNDED));
        return Reply.json(
                200,
                Json.object()
                        .put("status", "REFUNDED")
                        .put("paymentId", charge.paymentId())
                        .put("refundedMinor", charge.amountMinor()));
    }

    private static Reply voided() {
        return Reply.json(200, Json.object().put("status", "VOIDED"));
    }

    private static Charge charge(String key, String paymentId, ChargeRequest request, Charge.Status status) {
        return new Charge(
                key,
                paymentId,
                request.reference(),
                request.amountMinor(),
                request.currency(),
                request.cardToken(),
                status,
                0);
    }
}
