package com.example.shop.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.support.Api;
import com.example.shop.support.RawHttp;
import com.example.shop.support.ServiceTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadersAndCorsIT extends ServiceTest {

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        for (Api.Response answer : new Api.Response[] {
            api.get("/products"),
            anonymous.get("/products"),
            anonymous.post("/auth/login", "{}"),
            api.get("/orders/" + java.util.UUID.randomUUID())
        }) {
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(answer.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(answer.headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(csp ->
                            assertThat(csp).contains("default-src 'self'").contains("frame-ancestors 'none'"));
            assertThat(answer.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        }
        for (Api.Response answer : new Api.Response[] {
            anonymous.get("/products"),
            anonymous.post("/auth/login", "{}"),
            api.get("/orders/" + java.util.UUID.randomUUID()),
            api.get("/products/NO-SUCH-" + unique("SKU"))
        }) {
            assertThat(answer.headers().firstValue("Cache-Control"))
                    .hasValueSatisfying(value -> assertThat(value).contains("no-store"));
        }
        // the catalog may be kept by the browser, which asks again with its ETag (answered 304 while unchanged)
        assertThat(api.get("/products").headers().firstValue("Cache-Control")).hasValue("no-cache, private");
    }

    private HttpResponse<String> preflight(String origin) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders"))
                                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                                .header("Origin", origin)
                                .header("Access-Control-Request-Method", "POST")
                                .header("Access-Control-Request-Headers", "authorization,content-type")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void onlyTheConfiguredFrontEndMayCallFromABrowser() throws Exception {
        HttpResponse<String> allowed = preflight(FRONT_END);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(FRONT_END);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials"))
                .isEmpty();

        HttpResponse<String> refused = preflight("https://evil.example");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        Api.Response simple = api.get("/products", "Origin", "https://evil.example");
        assertThat(simple.status()).isEqualTo(403);
    }

    @Test
    void errorsLeakNoInternals() {
        for (Api.Response answer : new Api.Response[] {
            anonymous.get("/orders/x"),
            api.get("/no/such/path"),
            api.post("/orders", "{not json"),
            anonymous.post("/auth/refresh", "{\"refreshToken\":1e999999}"),
            api.get("/actuator/env")
        }) {
            assertThat(answer.status()).as(answer.toString()).isBetween(400, 499);
            assertThat(answer.rawBody())
                    .doesNotContain("Exception")
                    .doesNotContain("at com.")
                    .doesNotContain("at org.")
                    .doesNotContainIgnoringCase("stack");
        }
    }

    @Test
    void answersGivenBeforeTheApplicationCarryACorrelationId() {
        Api.Response unauthenticated = anonymous.get("/orders/x", "X-Correlation-Id", "caller-chosen-42");
        assertThat(unauthenticated.status()).isEqualTo(401);
        assertThat(unauthenticated.headers().firstValue("X-Correlation-Id")).hasValue("caller-chosen-42");

        Customer customer = newCustomer();
        Api.Response forbidden = customer.api().get("/admin/projections");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.headers().firstValue("X-Correlation-Id")).isPresent();

        Api.Response tooLarge = api.post("/orders", "{\"customerId\":\"" + "x".repeat(100_000) + "\"}");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.headers().firstValue("X-Correlation-Id")).isPresent();

        RawHttp http = new RawHttp(port);
        for (RawHttp.Response answer : List.of(
                http.get("/orders/a;b"),
                http.get("/orders/a%00b"),
                http.get("/orders/x", "X-Correlation-Id", "not a valid id"),
                http.send(
                        "TRACE",
                        "/orders/x".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        java.util.Map.of(),
                        null))) {
            assertThat(answer.status()).as(answer.toString()).isIn(400, 401, 405);
            assertThat(answer.isProblem()).as(answer.toString()).isTrue();
            assertThat(answer.header("X-Correlation-Id")).as(answer.toString()).matches("[0-9a-f-]{36}");
        }
    }
}
