package com.example.shop.shipping;

import com.example.shop.order.OrderLine;
import com.example.shop.order.ShippingAddress;
import com.example.shop.provider.ProviderResilience;
import com.example.shop.provider.ProviderSettings;
import com.example.shop.provider.ResilientHttpProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The carrier's HTTP API: {@code POST /shipments} (201 accepted, 422 rejected, 409 cancelled before it was
 * created), {@code POST /shipments/{shipmentKey}/cancellation}.
 */
public class HttpShippingCarrier extends ResilientHttpProvider implements ShippingCarrier {

    public HttpShippingCarrier(ProviderSettings settings, ProviderResilience resilience) {
        super("shipping", settings, resilience);
    }

    @Override
    public ShipmentResult requestShipment(
            String idempotencyKey, String orderId, List<OrderLine> lines, ShippingAddress address) {
        List<Map<String, Object>> items = lines.stream()
                .map(line -> Map.<String, Object>of("sku", line.sku(), "quantity", line.quantity()))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>(Map.of("reference", orderId, "lines", items));
        if (address != null) {
            body.put("address", address);
        }
        return post("ship", "/shipments", idempotencyKey, body, answer -> switch (answer.status()) {
            case 200, 201 -> new Accepted(answer.text("shipmentId"));
            case 422 -> new Rejected(answer.text("reason"));
            case 409 -> new Rejected("the shipment was cancelled before it was created");
            default -> new Rejected("refused by the carrier (" + answer.status() + ")");
        });
    }

    @Override
    public void cancel(String shipmentKey) {
        postCompensation("cancel", "/shipments/" + shipmentKey + "/cancellation", Map.of(), answer -> {
            if (answer.status() != 200) {
                throw new IllegalStateException("carrier refused to cancel " + shipmentKey + ": " + answer.status());
            }
            return answer;
        });
    }
}
