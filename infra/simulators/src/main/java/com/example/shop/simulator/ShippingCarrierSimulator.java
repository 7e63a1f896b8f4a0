package com.example.shop.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Simulated shipping carrier.
 * <ul>
 *   <li>{@code POST /shipments} with {@code Idempotency-Key} and {@code {"reference", "lines": [{"sku", "quantity"}]}}:
 *       201 ACCEPTED, 422 REJECTED (rejectRate) or 409 CANCELLED when the key was cancelled before.</li>
 *   <li>{@code POST /shipments/{shipmentKey}/cancellation}: 200 CANCELLED; for an unknown key it leaves a tombstone
 *       so that a shipment arriving later is not accepted.</li>
 * </ul>
 */
public final class ShippingCarrierSimulator
        extends SimulatedProvider<ShippingCarrierSimulator.ShipmentRequest, Shipment> {

    /** A validated shipment request; equal requests may share an idempotency key. */
    /** {@code destination} may be absent (orders placed before addresses were taken). */
    record ShipmentRequest(String reference, List<Line> lines, String destination) {}

    record Line(String sku, int quantity) {}

    public ShippingCarrierSimulator(int port) {
        this(port, new Random());
    }

    public ShippingCarrierSimulator(int port, Random random) {
        super("shipping-sim", "shipments", port, random);
    }

    @Override
    public ShippingCarrierSimulator start() {
        super.start();
        return this;
    }

    /** All ledger entries of an order reference. */
    public List<Shipment> shipmentsFor(String reference) {
        return entriesFor(reference);
    }

    @Override
    ShipmentRequest parseCreate(ObjectNode body) {
        String reference = Json.nonBlankText(body, "reference");
        List<Line> lines = new ArrayList<>();
        for (JsonNode line : Json.nonEmptyArray(body, "lines")) {
            if (!line.isObject()) {
                throw ProblemException.badRequest("every line must be an object with sku and quantity");
            }
            lines.add(new Line(Json.nonBlankText(line, "sku"), Json.positiveInt(line, "quantity")));
        }
        JsonNode address = body.path("address");
        String destination = address.isObject()
                ? String.join(
                        ", ",
                        address.path("name").asText(),
                        address.path("line1").asText(),
                        address.path("postalCode").asText() + " "
                                + address.path("city").asText(),
                        address.path("country").asText())
                : null;
        return new ShipmentRequest(reference, List.copyOf(lines), destination);
    }

    @Override
    Reply create(String key, ShipmentRequest request, Faults faults) {
        if (roll(faults.rejectRate())) {
            record(new Shipment(key, null, request.reference(), request.destination(), Shipment.Status.REJECTED, 0));
            return Reply.json(422, Json.object().put("status", "REJECTED").put("reason", "address not serviceable"));
        }
        String shipmentId = "shp_" + UUID.randomUUID();
        record(new Shipment(key, shipmentId, request.reference(), request.destination(), Shipment.Status.ACCEPTED, 0));
        return Reply.json(
                201,
                Json.object()
                        .put("shipmentId", shipmentId)
                        .put("status", "ACCEPTED")
                        .put("reference", request.reference()));
    }

    @Override
    Reply refuseCancelled(String key, ShipmentRequest request) {
        // fills in what the tombstone could not know yet, so the entry shows up for its reference
        record(new Shipment(key, null, request.reference(), request.destination(), Shipment.Status.CANCELLED, 0));
        return Reply.json(
                409, Json.object().put("status", "CANCELLED").put("reason", "cancelled before it was created"));
    }

    @Override
    Reply cancelBeforeCreate(String key) {
        record(new Shipment(key, null, null, null, Shipment.Status.CANCELLED, 0));
        return cancelled(null);
    }

    @Override
    Reply cancelAfterCreate(Shipment shipment) {
        // a rejected shipment has nothing to cancel; its ledger entry keeps saying what happened
        if (shipment.status() == Shipment.Status.ACCEPTED) {
            record(shipment.withStatus(Shipment.Status.CANCELLED));
        }
        return cancelled(shipment.shipmentId());
    }

    private static Reply cancelled(String shipmentId) {
        ObjectNode body = Json.object().put("status", "CANCELLED");
        if (shipmentId != null) {
            body.put("shipmentId", shipmentId);
        }
        return Reply.json(200, body);
    }
}
