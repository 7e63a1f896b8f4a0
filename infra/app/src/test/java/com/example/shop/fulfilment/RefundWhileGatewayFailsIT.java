package com.example.shop.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.order.OrderPaymentReversedEvent;
import com.example.shop.provider.ProviderResilience;
import com.example.shop.simulator.Charge;
import com.example.shop.simulator.Faults;
import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A paid order is cancelled while the payment gateway fails every call. The order reads CANCELLED with its
 * refund PENDING, in {@code GET /orders/{id}} and in its status stream, which stays open; once the gateway
 * answers again the refund goes through within the saga's retry delay although the payment breaker is held
 * open the whole time (refunds are idempotent and skip it), and the gateway refunds exactly once.
 */
class RefundWhileGatewayFailsIT extends ServiceTest {

    @Autowired
    private ProviderResilience resilience;

    private final HttpClient http = HttpClient.newHttpClient();

    private CircuitBreaker paymentBreaker() {
        return resilience.breakers().circuitBreaker("payment");
    }

    @AfterEach
    void closeBreaker() {
        paymentBreaker().transitionToClosedState();
    }

    private JsonNode order(String orderId) {
        return api.get("/orders/" + orderId).json();
    }

    @Test
    void aCancelledPaidOrderShowsItsRefundPendingThenRefundedOnceTheGatewayHeals() throws Exception {
        String sku = unique("REFUND");
        assertThat(api.post("/products", Api.product(sku, 1500, "EUR", 3)).status())
                .isEqualTo(201);
        shippingCarrier.faults(Faults.none().withOutage(true)); // holds the order once paid
        String orderId = api.post("/orders", Api.order(unique("refund"), "EUR", sku, 1))
                .json()
                .path("orderId")
                .asText();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> order(orderId).path("status").asText().equals("PAID"));
        assertThat(order(orderId).has("refund"))
                .as("nothing to refund while the order goes on")
                .isFalse();

        paymentGateway.faults(Faults.none().withOutage(true));
        HttpResponse<Stream<String>> stream = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders/" + orderId + "/status-events"))
                        .header("Accept", "text/event-stream")
                        .header("Authorization", "Bearer " + adminToken)
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        CompletableFuture<List<JsonNode>> events = CompletableFuture.supplyAsync(() -> stream.body()
                .filter(line -> line.startsWith("data:"))
                .map(line -> Api.parse(line.substring(5)))
                .toList());

        assertThat(api.post("/orders/" + orderId + "/cancel", "{\"reason\":\"changed my mind\"}")
                        .status())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> order(orderId).path("status").asText().equals("CANCELLED"));
        shippingCarrier.faults(Faults.none()); // the shipment is cancelled; only the money is left to undo

        // the saga retries the refund (after 1 s, then at most every 4 s here) and the gateway keeps failing
        long requestsBefore = paymentGateway.requestCount();
        await().atMost(Duration.ofSeconds(15)).until(() -> paymentGateway.requestCount() > requestsBefore + 3);
        JsonNode pending = order(orderId);
        assertThat(pending.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(pending.path("refund").path("status").asText()).isEqualTo("PENDING");
        assertThat(pending.path("refund").path("since").asText()).isNotEmpty();
        assertThat(pending.path("refund").has("at")).isFalse();
        assertThat(paymentGateway.chargesFor(orderId))
                .singleElement()
                .extracting(Charge::status)
                .isEqualTo(Charge.Status.CAPTURED);
        assertThat(events)
                .as("the stream stays open while the refund is pending")
                .isNotDone();

        // the breaker held open far beyond the test (charges would be refused); refunds do not wait for it
        paymentBreaker().transitionToForcedOpenState();
        paymentGateway.faults(Faults.none());
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() ->
                        order(orderId).path("refund").path("status").asText().equals("REFUNDED"));
        assertThat(paymentBreaker().getState()).isEqualTo(CircuitBreaker.State.FORCED_OPEN);
        JsonNode refunded = order(orderId);
        assertThat(refunded.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(refunded.path("refund").path("since").asText())
                .isEqualTo(pending.path("refund").path("since").asText());
        assertThat(refunded.path("refund").path("at").asText()).isNotEmpty();

        // the stream told both and then ended by itself
        List<JsonNode> told = events.get(10, TimeUnit.SECONDS);
        assertThat(told).anySatisfy(update -> {
            assertThat(update.path("status").asText()).isEqualTo("CANCELLED");
            assertThat(update.path("refund").path("status").asText()).isEqualTo("PENDING");
        });
        assertThat(told.get(told.size() - 1).path("refund").path("status").asText())
                .isEqualTo("REFUNDED");

        // one charge, refunded once; one reversal recorded
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("select count(*) from association_value_entry where association_value = :id")
                                .param("id", orderId)
                                .query(Long.class)
                                .single()
                        == 0); // the order's saga ended
        assertThat(paymentGateway.chargesFor(orderId))
                .singleElement()
                .satisfies(charge -> assertThat(charge.status()).isEqualTo(Charge.Status.REFUNDED));
        assertThat(jdbc.sql(
                                "select count(*) from domain_event_entry where aggregate_identifier = :id and payload_type = :type")
                        .param("id", orderId)
                        .param("type", OrderPaymentReversedEvent.class.getName())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }
}
