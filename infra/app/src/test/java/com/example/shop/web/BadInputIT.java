package com.example.shop.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.support.Api;
import com.example.shop.support.RawHttp;
import com.example.shop.support.ServiceTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input gets a precise 4xx problem+json and writes nothing to the event store. */
class BadInputIT extends ServiceTest {

    private String sku;

    @BeforeEach
    void product() {
        sku = unique("BAD");
        assertThat(api.post("/products", Api.product(sku, 1000, "EUR", 10)).status())
                .isEqualTo(201);
    }

    private void assertRefused(Api.Response response, int status, String type) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.isProblem()).as(response.toString()).isTrue();
        assertThat(response.problemType()).isEqualTo(type);
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.rawBody()).doesNotContain("Exception", "at com.", "org.axonframework");
    }

    private void assertRefusedWithoutWriting(String path, String body, int status, String type) {
        long before = storedEvents();
        assertRefused(api.post(path, body), status, type);
        assertThat(storedEvents()).as("events written by a refused request").isEqualTo(before);
    }

    /** Refused, naming the field at fault in the problem's {@code field} and in its detail. */
    private void assertRefusedWithoutWriting(String path, String body, int status, String type, String field) {
        long before = storedEvents();
        Api.Response response = api.post(path, body);
        assertRefused(response, status, type);
        assertThat(response.json().path("field").asText())
                .as(response.toString())
                .isEqualTo(field);
        assertThat(response.json().path("detail").asText()).contains("'" + field + "'");
        assertThat(storedEvents()).as("events written by a refused request").isEqualTo(before);
    }

    private String order(String quantity) {
        return """
                {"customerId":"x","currency":"EUR","shippingAddress":{"name":"Ann Example","line1":"742 Evergreen Terrace","postalCode":"10115","city":"Berlin","country":"DE"},"payment":{"cardToken":"tok_visa_4242"},"lines":[{"sku":"%s","quantity":%s}]}""".formatted(sku, quantity);
    }

    private void assertRawRefused(RawHttp.Response response, int status, String type) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.isProblem()).as(response.toString()).isTrue();
        assertThat(response.json().path("type").asText())
                .as(response.toString())
                .isEqualTo(type);
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.header("X-Correlation-Id"))
                .as("correlation id of " + response)
                .isNotBlank();
        assertThat(response.text()).doesNotContain("<html", "Exception", "Tomcat");
    }

    @Test
    void duplicateKeysAreRefusedOnEveryJsonEndpoint() {
        String order = "/orders/" + java.util.UUID.randomUUID();
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("/auth/login", "{\"email\":\"a@b.c\",\"password\":\"x\",\"password\":\"y\"}");
        bodies.put(
                "/auth/register", "{\"email\":\"a@b.c\",\"password\":\"a long enough password\",\"password\":\"y\"}");
        bodies.put("/auth/refresh", "{\"refreshToken\":\"x\",\"refreshToken\":\"y\"}");
        bodies.put("/auth/logout", "{\"refreshToken\":\"x\",\"refreshToken\":\"y\"}");
        bodies.put(
                "/products",
                Api.product(unique("DUP"), 100, "EUR", 1).replace("{\"sku\"", "{\"initialStock\":5,\"sku\""));
        bodies.put("/products/" + sku + "/restock", "{\"quantity\":1,\"quantity\":1000}");
        bodies.put("/orders", order("1").replace("\"quantity\":1", "\"quantity\":1,\"quantity\":9"));
        bodies.put(order + "/cancel", "{\"reason\":\"a\",\"reason\":\"b\"}");
        bodies.put("/campaigns/some-campaign/claims", "{\"customerId\":\"ann\",\"customerId\":\"bob\"}");
        bodies.put("/admin/campaigns", """
                {"campaignId":"dup","name":"Dup","quota":10,"quota":1000000,"discountPercent":10,
                 "startsAt":"2026-11-27T00:00:00Z","endsAt":"2026-11-28T00:00:00Z"}""");
        Map<String, String> fields = Map.of(
                "/auth/login",
                "password",
                "/auth/register",
                "password",
                "/auth/refresh",
                "refreshToken",
                "/auth/logout",
                "refreshToken",
                "/products",
                "initialStock",
                "/products/" + sku + "/restock",
                "quantity",
                "/orders",
                "lines[0].quantity",
                order + "/cancel",
                "reason",
                "/campaigns/some-campaign/claims",
                "customerId",
                "/admin/campaigns",
                "quota");
        long before = storedEvents();
        bodies.forEach((path, body) -> {
            Api.Response response = (path.startsWith("/auth/") ? anonymous : api).post(path, body);
            assertRefused(response, 400, "/problems/duplicate-field");
            assertThat(response.json().path("field").asText()).as(path).isEqualTo(fields.get(path));
        });
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void trailingDataAfterTheBody() {
        String order = order("1");
        assertRefusedWithoutWriting("/orders", order + " garbage", 400, "/problems/trailing-data");
        assertRefusedWithoutWriting("/orders", order + "}", 400, "/problems/trailing-data");
        assertRefusedWithoutWriting("/orders", order + order, 400, "/problems/trailing-data");
        assertRefusedWithoutWriting(
                "/products/" + sku + "/restock", "{\"quantity\":1} 2", 400, "/problems/trailing-data");
    }

    @Test
    void fractionalQuantitiesAreNotTruncated() {
        assertRefusedWithoutWriting("/orders", order("1.5"), 400, "/problems/not-an-integer", "lines[0].quantity");
        assertRefusedWithoutWriting("/orders", order("2.5"), 400, "/problems/not-an-integer", "lines[0].quantity");
        assertRefusedWithoutWriting("/orders", order("2.0"), 400, "/problems/not-an-integer", "lines[0].quantity");
        assertRefusedWithoutWriting(
                "/products/" + sku + "/restock", "{\"quantity\":2.5}", 400, "/problems/not-an-integer", "quantity");
    }

    @Test
    void numbersAreNotTakenForStrings() {
        assertRefusedWithoutWriting(
                "/orders",
                order("1").replace("\"customerId\":\"x\"", "\"customerId\":12"),
                400,
                "/problems/wrong-type",
                "customerId");
        assertRefusedWithoutWriting(
                "/orders",
                order("1").replace("\"currency\":\"EUR\"", "\"currency\":978"),
                400,
                "/problems/wrong-type",
                "currency");
        assertRefusedWithoutWriting("/orders", order("\"2\""), 400, "/problems/wrong-type", "lines[0].quantity");
        Api.Response login = anonymous.post("/auth/login", "{\"email\":12,\"password\":true}");
        assertRefused(login, 400, "/problems/wrong-type");
        assertThat(login.json().path("field").asText()).isEqualTo("email");
    }

    @Test
    void aBodyOfTheWrongShapeIsNotCalledMalformed() {
        assertRefusedWithoutWriting("/orders", "[]", 400, "/problems/wrong-type");
        assertRefusedWithoutWriting("/orders", "42", 400, "/problems/wrong-type");
        assertRefusedWithoutWriting(
                "/orders",
                order("1").replace("\"lines\":[", "\"lines\":{\"x\":").replace("}]}", "}}}"),
                400,
                "/problems/wrong-type",
                "lines");
    }

    @Test
    void tomcatRejectionsAreProblems() {
        RawHttp http = new RawHttp(port);
        for (String target : List.of(
                "/orders/a%2Fb",
                "/orders/a%00b", "/orders/%C3%28", "/orders/%FF", "/customers/x/orders?cursor=[1]", "/orders/a\\b")) {
            assertRawRefused(http.get(target, "Authorization", "Bearer " + adminToken), 400, "/problems/bad-request");
        }
        assertRawRefused(
                http.exchange(("GET /orders/x HTTP/1.1\r\nHost: x\r\nX-Odd: a\rb\r\nConnection: close\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)),
                400,
                "/problems/bad-request");
        assertRawRefused(
                http.exchange(("GET /orders/x HTTP/1.1\r\nHost: x\r\nX-\u00e9: a\r\nConnection: close\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)),
                400,
                "/problems/bad-request");
    }

    @Test
    void firewallRejectionsAreProblems() {
        RawHttp http = new RawHttp(port);
        for (String target : List.of(
                "/orders/a;b",
                "/orders/../products",
                "/orders/%2e%2e/products",
                "//orders",
                "/orders/a%0d%0ab",
                "/orders/%25")) {
            assertRawRefused(
                    http.get(target, "Authorization", "Bearer " + adminToken), 400, "/problems/rejected-request");
            assertRawRefused(http.get(target), 400, "/problems/rejected-request");
        }
    }

    @Test
    void springsOwnAnswersHaveStableTypes() {
        assertRefused(api.postRaw("/orders", "text/plain", "hello"), 415, "/problems/unsupported-media-type");
        assertRefused(api.postRaw("/orders", "application/*", order("1")), 415, "/problems/unsupported-media-type");
        assertRefused(api.delete("/orders"), 405, "/problems/method-not-allowed");
        assertRefused(api.get("/no/such/path"), 404, "/problems/not-found");
        assertRefused(api.get("/products", "Accept", "text/html"), 406, "/problems/not-acceptable");
        RawHttp.Response badAccept =
                new RawHttp(port).get("/products", "Authorization", "Bearer " + adminToken, "Accept", ";;");
        assertRawRefused(badAccept, 406, "/problems/not-acceptable");
        Api.Response conversion = api.get("/customers/x/orders?limit=abc");
        assertRefused(conversion, 400, "/problems/validation");
        assertThat(conversion.json().path("errors").get(0).path("field").asText())
                .isEqualTo("limit");
        assertRefused(api.get("/customers/x/orders?cursor=not-a-cursor"), 400, "/problems/invalid-cursor");
        assertRefused(api.get("/error"), 404, "/problems/not-found");
    }

    @Test
    void malformedJson() {
        assertRefusedWithoutWriting("/orders", "{\"customerId\":\"x\",", 400, "/problems/malformed-request");
    }

    @Test
    void unknownField() {
        assertRefusedWithoutWriting("/orders", """
                {"customerId":"x","currency":"EUR","shippingAddress":{"name":"Ann Example","line1":"742 Evergreen Terrace","postalCode":"10115","city":"Berlin","country":"DE"},"payment":{"cardToken":"tok_visa_4242"},"lines":[{"sku":"%s","quantity":1}],"discount":100}""".formatted(sku), 400, "/problems/unknown-field", "discount");
    }

    @Test
    void unknownFieldInALine() {
        assertRefusedWithoutWriting(
                "/orders", """
                {"customerId":"x","currency":"EUR","shippingAddress":{"name":"Ann Example","line1":"742 Evergreen Terrace","postalCode":"10115","city":"Berlin","country":"DE"},"payment":{"cardToken":"tok_visa_4242"},"lines":[{"sku":"%s","quantity":1,"unitPrice":1}]}""".formatted(sku), 400, "/problems/unknown-field", "lines[0].unitPrice");
    }

    @Test
    void negativeQuantity() {
        assertRefusedWithoutWriting("/orders", Api.order("x", "EUR", sku, -3), 400, "/problems/validation");
    }

    @Test
    void quantityAboveTheLimit() {
        assertRefusedWithoutWriting("/orders", Api.order("x", "EUR", sku, 1001), 400, "/problems/validation");
    }

    @Test
    void quantityThatOverflows() {
        assertRefusedWithoutWriting("/orders", """
                {"customerId":"x","currency":"EUR","shippingAddress":{"name":"Ann Example","line1":"742 Evergreen Terrace","postalCode":"10115","city":"Berlin","country":"DE"},"payment":{"cardToken":"tok_visa_4242"},"lines":[{"sku":"%s","quantity":99999999999999999999999}]}""".formatted(sku), 400, "/problems/out-of-range", "lines[0].quantity");
    }

    @Test
    void quantityOfTheWrongType() {
        assertRefusedWithoutWriting("/orders", """
                {"customerId":"x","currency":"EUR","shippingAddress":{"name":"Ann Example","line1":"742 Evergreen Terrace","postalCode":"10115","city":"Berlin","country":"DE"},"payment":{"cardToken":"tok_visa_4242"},"lines":[{"sku":"%s","quantity":"many"}]}""".formatted(sku), 400, "/problems/wrong-type", "lines[0].quantity");
    }

    @Test
    void tooManyLines() {
        String lines = IntStream.range(0, 101)
                .mapToObj(i -> "{\"sku\":\"S" + i + "\",\"quantity\":1}")
                .collect(Collectors.joining(","));
        assertRefusedWithoutWriting(
                "/orders",
                "{\"customerId\":\"x\",\"currency\":\"EUR\",\"lines\":[" + lines + "]," + Api.PERSONAL_DATA + "}",
                400,
                "/problems/validation");
    }

    @Test
    void personalDataIsRequiredAndChecked() {
        String order = "{\"customerId\":\"x\",\"currency\":\"EUR\",\"lines\":[{\"sku\":\"ANY-1\",\"quantity\":1}]";
        String address =
                "\"shippingAddress\":{\"name\":\"Ann\",\"line1\":\"1 Main St\",\"postalCode\":\"10115\",\"city\":\"Berlin\",\"country\":\"%s\"}";
        String card = "\"payment\":{\"cardToken\":\"%s\"}";
        for (String body : List.of(
                order + "}",
                order + "," + address.formatted("DE") + "}",
                order + "," + card.formatted("tok_visa_4242") + "}",
                order + "," + address.formatted("Germany") + "," + card.formatted("tok_visa_4242") + "}",
                order + "," + address.formatted("DE") + "," + card.formatted("4111111111111111") + "}",
                order + "," + address.formatted("DE").replace("1 Main St", "1 Main St\\u0000") + ","
                        + card.formatted("tok_visa_4242") + "}")) {
            assertRefusedWithoutWriting("/orders", body, 400, "/problems/validation");
        }
    }

    @Test
    void noLines() {
        assertRefusedWithoutWriting(
                "/orders",
                "{\"customerId\":\"x\",\"currency\":\"EUR\",\"lines\":[]," + Api.PERSONAL_DATA + "}",
                400,
                "/problems/validation");
    }

    @Test
    void hugePayload() {
        String filler = "x".repeat(200_000);
        assertRefusedWithoutWriting(
                "/orders", "{\"customerId\":\"" + filler + "\"}", 413, "/problems/payload-too-large");
    }

    @Test
    void unknownSku() {
        assertRefusedWithoutWriting(
                "/orders", Api.order("x", "EUR", unique("NOPE"), 1), 422, "/problems/unknown-product");
    }

    @Test
    void unknownSkuNextToAKnownOneReservesNothing() {
        assertRefusedWithoutWriting("/orders", """
                {"customerId":"x","currency":"EUR","shippingAddress":{"name":"Ann Example","line1":"742 Evergreen Terrace","postalCode":"10115","city":"Berlin","country":"DE"},"payment":{"cardToken":"tok_visa_4242"},"lines":[{"sku":"%s","quantity":1},{"sku":"%s","quantity":1}]}""".formatted(sku, unique("NOPE")), 422, "/problems/unknown-product");
    }

    @Test
    void wrongCurrency() {
        Api.Response response = api.post("/orders", Api.order("x", "USD", sku, 1));
        assertRefused(response, 422, "/problems/currency-mismatch");
        assertThat(response.json().path("productCurrency").asText()).isEqualTo("EUR");
    }

    @Test
    void currencyThatIsNotIso() {
        assertRefusedWithoutWriting("/orders", Api.order("x", "XQZ", sku, 1), 422, "/problems/invalid-currency");
        assertRefusedWithoutWriting(
                "/products", Api.product(unique("P"), 100, "XQZ", 1), 422, "/problems/invalid-currency");
    }

    @Test
    void lowerCaseCurrency() {
        assertRefusedWithoutWriting("/orders", Api.order("x", "eur", sku, 1), 400, "/problems/validation");
    }

    @Test
    void unknownDiscountClaim() {
        assertRefusedWithoutWriting(
                "/orders", """
                {"customerId":"x","currency":"EUR","shippingAddress":{"name":"Ann Example","line1":"742 Evergreen Terrace","postalCode":"10115","city":"Berlin","country":"DE"},"payment":{"cardToken":"tok_visa_4242"},"lines":[{"sku":"%s","quantity":1}],
                 "discountClaim":{"campaignId":"no-such-campaign","claimId":"%s"}}""".formatted(sku, java.util.UUID.randomUUID()), 422, "/problems/unknown-claim");
    }

    @Test
    void duplicateProduct() {
        assertRefusedWithoutWriting(
                "/products", Api.product(sku, 1000, "EUR", 10), 409, "/problems/product-already-exists");
    }

    @Test
    void malformedSku() {
        assertRefusedWithoutWriting(
                "/products", Api.product("lower case", 1000, "EUR", 10), 400, "/problems/validation");
    }

    @Test
    void negativeInitialStock() {
        assertRefusedWithoutWriting(
                "/products", Api.product(unique("NEG"), 1000, "EUR", -1), 400, "/problems/validation");
    }

    @Test
    void restockOfAnUnknownProduct() {
        assertRefusedWithoutWriting(
                "/products/" + unique("NOPE") + "/restock", "{\"quantity\":1}", 404, "/problems/unknown-product");
    }

    @Test
    void notJson() {
        long before = storedEvents();
        assertRefused(api.postRaw("/orders", "text/plain", "hello"), 415, "/problems/unsupported-media-type");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void unknownOrderAndProduct() {
        assertRefused(api.get("/orders/" + java.util.UUID.randomUUID()), 404, "/problems/order-not-found");
        assertRefused(api.get("/products/" + unique("NOPE")), 404, "/problems/unknown-product");
        assertRefused(
                api.post("/orders/" + java.util.UUID.randomUUID() + "/cancel", "{}"), 404, "/problems/order-not-found");
    }

    @Test
    void invalidCursorAndPaging() {
        assertRefused(api.get("/customers/x/orders?cursor=not-a-cursor"), 400, "/problems/invalid-cursor");
        assertRefused(api.get("/customers/x/orders?limit=0"), 400, "/problems/validation");
        assertRefused(api.get("/products?size=100000"), 400, "/problems/validation");
    }

    @Test
    void invalidPathAndBodyValuesNameTheirField() {
        Api.Response badPath = api.post("/campaigns/bad!id/claims", "{\"customerId\":\"ann\"}");
        assertRefused(badPath, 400, "/problems/validation");
        assertThat(badPath.json().path("errors").get(0).path("field").asText()).isEqualTo("campaignId");

        long before = storedEvents();
        Api.Response badBody = api.post("/campaigns/some-campaign/claims", "{\"customerId\":\"not valid\"}");
        assertRefused(badBody, 400, "/problems/validation");
        assertThat(badBody.json().path("errors").get(0).path("field").asText()).isEqualTo("customerId");
        assertThat(storedEvents()).isEqualTo(before);
    }
}
