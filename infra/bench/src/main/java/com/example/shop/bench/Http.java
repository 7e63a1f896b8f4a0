package com.example.shop.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A plain HTTP/1.1 client against the service under test, as a load tool would be. */
final class Http {

    private static final Pattern CLAIM_ID = Pattern.compile("\"claimId\":\"([^\"]+)\"");
    private static final Pattern ORDER_ID = Pattern.compile("\"orderId\":\"([^\"]+)\"");

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"accessToken\":\"([^\"]+)\"");

    private final String base;
    private final String authorization;

    /** Logs in as the given staff account: staff may claim and order for any customer, as the load needs. */
    Http(int port, String email, String password) {
        this.base = "http://127.0.0.1:" + port;
        String credentials = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
        Answer login = send(
                HttpRequest.newBuilder(URI.create(base + "/auth/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(credentials)),
                null);
        Matcher token = ACCESS_TOKEN.matcher(login.body());
        if (login.status() != 200 || !token.find()) {
            throw new IllegalStateException("benchmark login refused: " + login);
        }
        this.authorization = "Bearer " + token.group(1);
    }

    /** The {@code Authorization} header this client sends, for other load tools. */
    String authorization() {
        return authorization;
    }

    /** @param retryAfterSeconds the Retry-After header, 0 without one */
    record Answer(int status, String body, long retryAfterSeconds) {
        String claimId() {
            return find(CLAIM_ID);
        }

        String orderId() {
            return find(ORDER_ID);
        }

        private String find(Pattern pattern) {
            Matcher matcher = pattern.matcher(body);
            return matcher.find() ? matcher.group(1) : null;
        }
    }

    Answer post(String path, String json) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)),
                authorization);
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), authorization);
    }

    private Answer send(HttpRequest.Builder request, String authorization) {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response =
                    client.send(request.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    response.statusCode(),
                    response.body(),
                    response.headers().firstValueAsLong("Retry-After").orElse(0));
        } catch (IOException e) {
            return new Answer(-1, e.toString(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted", 0);
        }
    }
}
