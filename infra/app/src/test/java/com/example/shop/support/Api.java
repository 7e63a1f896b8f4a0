package com.example.shop.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Real HTTP against the running service, the way a client would talk to it. */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final HttpClient client = CLIENT;
    private final String base;
    private final String accessToken;

    /** Without credentials: only login, registration, health and the docs answer. */
    public Api(int port) {
        this("http://127.0.0.1:" + port, null);
    }

    private Api(String base, String accessToken) {
        this.base = base;
        this.accessToken = accessToken;
    }

    /** The same service, each request carrying {@code Authorization: Bearer <accessToken>}. */
    public Api withToken(String token) {
        return new Api(base, token);
    }

    /** Logs in and answers an Api that sends the access token; fails the test when the login is refused. */
    public Api loggedInAs(String email, String password) {
        Response login = login(email, password);
        if (login.status() != 200) {
            throw new AssertionError("login of " + email + " refused: " + login);
        }
        return withToken(login.json().path("accessToken").asText());
    }

    public Response login(String email, String password) {
        return post("/auth/login", credentials(email, password));
    }

    public static String credentials(String email, String password) {
        ObjectNode body = JSON.createObjectNode().put("email", email).put("password", password);
        return body.toString();
    }

    public record Response(
            int status,
            String contentType,
            Optional<String> location,
            String rawBody,
            java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            return parse(rawBody);
        }

        /** The body without the fields that differ between two otherwise identical answers. */
        public JsonNode jsonWithout(String... fields) {
            return ((ObjectNode) json()).without(java.util.List.of(fields));
        }

        public boolean isProblem() {
            return "application/problem+json".equals(contentType);
        }

        public String problemType() {
            return json().path("type").asText();
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + rawBody;
        }
    }

    public Response get(String path, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    public Response post(String path, String json, String... headers) {
        return postRaw(path, "application/json", json, headers);
    }

    public Response postRaw(String path, String contentType, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    private Response send(HttpRequest.Builder request) {
        if (accessToken != null) {
            request.header("Authorization", "Bearer " + accessToken);
        }
        try {
            HttpResponse<String> response =
                    client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(
                    response.statusCode(),
                    response.headers()
                            .firstValue("Content-Type")
                            .map(v -> v.split(";")[0])
                            .orElse(null),
                    response.headers().firstValue("Location"),
                    response.body(),
                    response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String product(String sku, long priceMinor, String currency, long stock) {
        return """
                {"sku":"%s","name":"Product %s","price":{"amountMinor":%d,"currency":"%s"},"initialStock":%d}""".formatted(sku, sku, priceMinor, currency, stock);
    }

    /** The personal part of an order: a shipping address and a card token, as a fragment of its JSON. */
    public static final String PERSONAL_DATA = """
            "shippingAddress":{"name":"Ann Example","line1":"742 Evergreen Terrace","postalCode":"10115",\
            "city":"Berlin","country":"DE"},"payment":{"cardToken":"tok_visa_4242"}""";

    public static String order(String customer, String currency, String sku, long quantity) {
        return """
                {"customerId":"%s","currency":"%s","lines":[{"sku":"%s","quantity":%d}],%s}""".formatted(customer, currency, sku, quantity, PERSONAL_DATA);
    }
}
