package com.example.shop.shipping;

import com.example.shop.order.OrderLine;
import com.example.shop.order.ShippingAddress;
import java.util.List;

/**
 * The shipping carrier, as the saga needs it. Idempotency keys make every call safe to repeat; calls block
 * and throw {@link com.example.shop.provider.ProviderUnavailableException} when no answer could be had.
 */
public interface ShippingCarrier {

    /** {@code address} is null for orders placed before addresses were taken. */
    ShipmentResult requestShipment(
            String idempotencyKey, String orderId, List<OrderLine> lines, ShippingAddress address);

    /** Cancels the shipment requested with this key, or makes sure it is never created; safe to repeat. */
    void cancel(String shipmentKey);

    sealed interface ShipmentResult {}

    record Accepted(String shipmentId) implements ShipmentResult {}

    record Rejected(String reason) implements ShipmentResult {}
}
