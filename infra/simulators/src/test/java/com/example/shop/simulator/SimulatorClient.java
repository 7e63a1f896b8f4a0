package com.example.shop.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Real HTTP calls against a started simulator, as the saga would make them. */
final class SimulatorClient {

    /** Generous, so that no test can hang, yet far below the 5 s default timeout delay. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String baseUrl;

    SimulatorClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    HttpResponse<String> post(String path, String idempotencyKey, String body)
            throws IOException, InterruptedException {
        return post(path, idempotencyKey, body, DEFAULT_TIMEOUT);
    }

    HttpResponse<String> post(String path, String idempotencyKey, String body, Duration timeout)
            throws IOException, InterruptedException {
        return HTTP.send(postRequest(path, idempotencyKey, body, timeout), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest postRequest(String path, String idempotencyKey, String body, Duration timeout) {
        HttpRequest.Builder builder = request(path, timeout).POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            builder.header("Idempotency-Key", idempotencyKey);
        }
        return builder.build();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path, DEFAULT_TIMEOUT).GET().build());
    }

    HttpResponse<String> put(String path, String body) throws IOException, InterruptedException {
        return send(request(path, DEFAULT_TIMEOUT)
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpClient http() {
        return HTTP;
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    static boolean replayed(HttpResponse<String> response) {
        return response.headers()
                .firstValue("Idempotent-Replayed")
                .map("true"::equals)
                .orElse(false);
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Content-Type", "application/json");
    }
}
