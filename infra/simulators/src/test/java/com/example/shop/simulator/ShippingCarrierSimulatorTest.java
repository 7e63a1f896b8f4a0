package com.example.shop.simulator;

import static com.example.shop.simulator.SimulatorClient.json;
import static com.example.shop.simulator.SimulatorClient.replayed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShippingCarrierSimulatorTest {

    private static final String ORDER = "order-7";
    private static final String SHIPMENT =
            "{\"reference\": \"order-7\", \"lines\": [{\"sku\": \"ABC-1\", \"quantity\": 2}, {\"sku\": \"XYZ-9\", \"quantity\": 1}]}";

    private ShippingCarrierSimulator carrier;
    private SimulatorClient client;

    @BeforeEach
    void startCarrier() {
        carrier = new ShippingCarrierSimulator(0, new Random(7)).start();
        client = new SimulatorClient(carrier.baseUrl());
    }

    @AfterEach
    void stopCarrier() {
        carrier.close();
    }

    @Test
    void acceptsOnceAndReplaysTheStoredAnswerForTheSameKey() throws Exception {
        HttpResponse<String> first = client.post("/shipments", "ship-1", SHIPMENT);
        HttpResponse<String> replay = client.post("/shipments", "ship-1", SHIPMENT);

        assertThat(first.statusCode()).isEqualTo(201);
        JsonNode body = json(first);
        assertThat(body.get("shipmentId").asText()).startsWith("shp_");
        assertThat(body.get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(body.get("reference").asText()).isEqualTo(ORDER);
        assertThat(replay.statusCode()).isEqualTo(201);
        assertThat(replayed(replay)).isTrue();
        assertThat(json(replay).get("shipmentId")).isEqualTo(body.get("shipmentId"));
        assertThat(carrier.shipmentsFor(ORDER)).singleElement().satisfies(shipment -> {
            assertThat(shipment.status()).isEqualTo(Shipment.Status.ACCEPTED);
            assertThat(shipment.shipmentId()).isEqualTo(body.get("shipmentId").asText());
            assertThat(shipment.attempts()).isEqualTo(2);
        });
    }

    @Test
    void reusingAKeyForOtherLinesIsRefused() throws Exception {
        client.post("/shipments", "ship-1", SHIPMENT);

        HttpResponse<String> reuse = client.post(
                "/shipments",
                "ship-1",
                "{\"reference\": \"order-7\", \"lines\": [{\"sku\": \"ABC-1\", \"quantity\": 3}]}");

        assertThat(reuse.statusCode()).isEqualTo(422);
        assertThat(json(reuse).get("type").asText()).endsWith("idempotency-key-reused");
        assertThat(carrier.ledger()).hasSize(1);
    }

    @Test
    void aMissingIdempotencyKeyIsABadRequest() throws Exception {
        HttpResponse<String> response = client.post("/shipments", null, SHIPMENT);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(carrier.ledger()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"reference\": \"order-7\", \"lines\": []}",
                "{\"reference\": \"order-7\"}",
                "{\"lines\": [{\"sku\": \"ABC-1\", \"quantity\": 1}]}",
                "{\"reference\": \"order-7\", \"lines\": [{\"sku\": \"ABC-1\", \"quantity\": 0}]}",
                "{\"reference\": \"order-7\", \"lines\": [{\"quantity\": 1}]}",
                "{\"reference\": \"order-7\", \"lines\": [\"ABC-1\"]}",
                "{\"reference\": \"order-7\", \"lines\": "
            })
    void aBadBodyIsAProblemAndShipsNothing(String body) throws Exception {
        HttpResponse<String> response = client.post("/shipments", "ship-1", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("status").asInt()).isEqualTo(400);
        assertThat(carrier.ledger()).isEmpty();
    }

    @Test
    void aRejectionIsStoredForTheKey() throws Exception {
        carrier.faults(Faults.none().withRejectRate(1.0));

        HttpResponse<String> rejected = client.post("/shipments", "ship-1", SHIPMENT);
        carrier.faults(Faults.none());
        HttpResponse<String> replay = client.post("/shipments", "ship-1", SHIPMENT);

        assertThat(rejected.statusCode()).isEqualTo(422);
        assertThat(json(rejected).get("status").asText()).isEqualTo("REJECTED");
        assertThat(json(rejected).get("reason").asText()).isEqualTo("address not serviceable");
        assertThat(replay.statusCode()).isEqualTo(422);
        assertThat(replayed(replay)).isTrue();
        assertThat(carrier.ledger())
                .singleElement()
                .satisfies(shipment -> assertThat(shipment.status()).isEqualTo(Shipment.Status.REJECTED));
    }

    @Test
    void cancellingAnAcceptedShipmentCancelsItIdempotently() throws Exception {
        String shipmentId = json(client.post("/shipments", "ship-1", SHIPMENT))
                .get("shipmentId")
                .asText();

        HttpResponse<String> cancelled = client.post("/shipments/ship-1/cancellation", null, "");
        HttpResponse<String> again = client.post("/shipments/ship-1/cancellation", null, "");

        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(json(cancelled).get("status").asText()).isEqualTo("CANCELLED");
        assertThat(json(cancelled).get("shipmentId").asText()).isEqualTo(shipmentId);
        assertThat(again.body()).isEqualTo(cancelled.body());
        assertThat(carrier.ledger())
                .singleElement()
                .satisfies(shipment -> assertThat(shipment.status()).isEqualTo(Shipment.Status.CANCELLED));
    }

    @Test
    void aCancellationBeforeTheShipmentRefusesTheLaterShipment() throws Exception {
        HttpResponse<String> cancelled = client.post("/shipments/ship-1/cancellation", null, "");

        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(json(cancelled).get("status").asText()).isEqualTo("CANCELLED");

        HttpResponse<String> late = client.post("/shipments", "ship-1", SHIPMENT);

        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(json(late).get("status").asText()).isEqualTo("CANCELLED");
        assertThat(carrier.shipmentsFor(ORDER)).singleElement().satisfies(shipment -> {
            assertThat(shipment.status()).isEqualTo(Shipment.Status.CANCELLED);
            assertThat(shipment.shipmentId()).isNull();
        });
    }

    @Test
    void anOutageProcessesNothing() throws Exception {
        carrier.faults(Faults.none().withOutage(true));

        HttpResponse<String> down = client.post("/shipments", "ship-1", SHIPMENT);

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(carrier.ledger()).isEmpty();
        assertThat(carrier.requestCount()).isEqualTo(1);
    }

    @Test
    void theControlApiWorksTheSameWay() throws Exception {
        client.post("/shipments", "ship-1", SHIPMENT);

        HttpResponse<String> put = client.put("/_sim/faults", "{\"rejectRate\": 0.25}");
        JsonNode ledger = json(client.get("/_sim/ledger"));

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(carrier.faults()).isEqualTo(Faults.none().withRejectRate(0.25));
        assertThat(ledger).hasSize(1);
        assertThat(ledger.get(0).get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(ledger.get(0).get("reference").asText()).isEqualTo(ORDER);

        assertThat(client.post("/_sim/reset", null, "").statusCode()).isEqualTo(204);
        assertThat(carrier.ledger()).isEmpty();
        assertThat(carrier.faults()).isEqualTo(Faults.none());
    }
}
