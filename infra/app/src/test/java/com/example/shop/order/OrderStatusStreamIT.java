package com.example.shop.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.simulator.Faults;
import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A client follows its order over server-sent events, through real HTTP, instead of polling. */
class OrderStatusStreamIT extends ServiceTest {

    @LocalServerPort
    private int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<Stream<String>> open(String orderId) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/orders/" + orderId + "/status-events"))
                        .header("Accept", "text/event-stream")
                        .header("Authorization", "Bearer " + adminToken)
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
    }

    @Test
    void streamsTheCurrentStepThenEveryChangeUntilTheOrderEnds() throws Exception {
        String sku = unique("SSE");
        api.post("/products", Api.product(sku, 990, "EUR", 3));
        paymentGateway.faults(Faults.none().withOutage(true)); // holds the order at its reservation
        String orderId = api.post("/orders", Api.order("sse", "EUR", sku, 1))
                .json()
                .path("orderId")
                .asText();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.get("/orders/" + orderId)
                        .json()
                        .path("status")
                        .asText()
                        .equals("STOCK_RESERVED"));

        HttpResponse<Stream<String>> stream = open(orderId);
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        CompletableFuture<List<String>> events = CompletableFuture.supplyAsync(
                () -> stream.body().filter(line -> line.startsWith("data:")).toList());

        paymentGateway.faults(Faults.none());

        // the stream ends by itself once the order has shipped
        List<String> data = events.get(30, TimeUnit.SECONDS);
        assertThat(data)
                .extracting(line -> Api.parse(line.substring(5)).path("status").asText())
                .containsExactly("STOCK_RESERVED", "PAID", "SHIPPED");
        assertThat(Api.parse(data.get(2).substring(5)).path("orderId").asText()).isEqualTo(orderId);
    }

    @Test
    void anUnknownOrderIsAProblemNotAStream() throws Exception {
        HttpResponse<Stream<String>> response = open(UUID.randomUUID().toString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
}
