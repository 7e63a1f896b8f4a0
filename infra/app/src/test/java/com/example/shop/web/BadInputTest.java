package com.example.shop.web;

import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a precise 4xx problem+json and writes nothing to the event store. */
class BadInputTest extends ServiceTest {

    private String sku;

    @BeforeEach
    void product() {
        sku = unique("BAD");
        assertThat(api.post("/products", Api.product(sku, 1000, "EUR", 10)).status()).isEqualTo(201);
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

    @Test
    void malformedJson() {
        assertRefusedWithoutWriting("/orders", "{\"customerId\":\"x\",", 400, "/problems/malformed-request");
    }

    @Test
    void unknownField() {
        assertRefusedWithoutWriting("/orders", """
                {"customerId":"x","currency":"EUR","shippingAddress":{"name":"Ann Example","line1":"742 Evergreen Terrace","postalCode":"10115","city":"Berlin","country":"DE"},"payment":{"cardToken":"tok_visa_4242"},"lines":[{"sku":"%s","quantity":1}],"discount":100}""".formatted(sku),
                400, "/problems/malformed-request");
    }

    @Test
    void unknownFieldInALine() {
        assertRefusedWithoutWriting("/orders", """
                {"customerId":"x","currency":"EUR","shippingAddress":{"name":"Ann Example","line1":"742 Evergreen Terrace","postalCode":"10115","city":"Berlin","country":"DE"},"payment":{"cardToken":"tok_visa_4242"},"lines":[{"sku":"%s","quantity":1,"unitPrice":1}]}""".formatted(sku),
                400, "/problems/malformed-request");
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
                {"customerId":"x","currency":"EUR","shippingAddress":{"name":"Ann Example","line1":"742 Evergreen Terrace","postalCode":"10115","city":"Berlin","country":"DE"},"payment":{"cardToken":"tok_visa_4242"},"lines":[{"sku":"%s","quantity":99999999999999999999999}]}"""
                .formatted(sku), 400, "/problems/malformed-request");
    }

    @Test
    void quantityOfTheWrongType() {
        assertRefusedWithoutWriting("/orders", """
                {"customerId":"x","currency":"EUR","shippingAddress":{"name":"Ann Example","line1":"742 Evergreen Terrace","postalCode":"10115","city":"Berlin","country":"DE"},"payment":{"cardToken":"tok_visa_4242"},"lines":[{"sku":"%s","quantity":"many"}]}""".formatted(sku),
                400, "/problems/malformed-request");
    }

    @Test
    void tooManyLines() {
        String lines = IntStream.range(0, 101).mapToObj(i -> "{\"sku\":\"S" + i + "\",\"quantity\":1}")
                .collect(Collectors.joining(","));
        assertRefusedWithoutWriting("/orders", "{\"customerId\":\"x\",\"currency\":\"EUR\",\"lines\":[" + lines + "]," + Api.PERSONAL_DATA + "}",
                400, "/problems/validation");
    }

    @Test
    void personalDataIsRequiredAndChecked() {
        String order = "{\"customerId\":\"x\",\"currency\":\"EUR\",\"lines\":[{\"sku\":\"ANY-1\",\"quantity\":1}]";
        String address = "\"shippingAddress\":{\"name\":\"Ann\",\"line1\":\"1 Main St\",\"postalCode\":\"10115\",\"city\":\"Berlin\",\"country\":\"%s\"}";
        String card = "\"payment\":{\"cardToken\":\"%s\"}";
        for (String body : List.of(order + "}",
                order + "," + address.formatted("DE") + "}",
                order + "," + card.formatted("tok_visa_4242") + "}",
                order + "," + address.formatted("Germany") + "," + card.formatted("tok_visa_4242") + "}",
                order + "," + address.formatted("DE") + "," + card.formatted("4111111111111111") + "}",
                order + "," + address.formatted("DE").replace("1 Main St", "1 Main St\\u0000") + "," + card.formatted("tok_visa_4242") + "}")) {
            assertRefusedWithoutWriting("/orders", body, 400, "/problems/validation");
        }
    }

    @Test
    void noLines() {
        assertRefusedWithoutWriting("/orders", "{\"customerId\":\"x\",\"currency\":\"EUR\",\"lines\":[]," + Api.PERSONAL_DATA + "}",
                400, "/problems/validation");
    }

    @Test
    void hugePayload() {
        String filler = "x".repeat(200_000);
        assertRefusedWithoutWriting("/orders", "{\"customerId\":\"" + filler + "\"}", 413, "/problems/payload-too-large");
    }

    @Test
    void unknownSku() {
        assertRefusedWithoutWriting("/orders", Api.order("x", "EUR", unique("NOPE"), 1), 422, "/problems/unknown-product");
    }

    @Test
    void unknownSkuNextToAKnownOneReservesNothing() {
        assertRefusedWithoutWriting("/orders", """
                {"customerId":"x","currency":"EUR","shippingAddress":{"name":"Ann Example","line1":"742 Evergreen Terrace","postalCode":"10115","city":"Berlin","country":"DE"},"payment":{"cardToken":"tok_visa_4242"},"lines":[{"sku":"%s","quantity":1},{"sku":"%s","quantity":1}]}"""
                .formatted(sku, unique("NOPE")), 422, "/problems/unknown-product");
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
        assertRefusedWithoutWriting("/products", Api.product(unique("P"), 100, "XQZ", 1), 422, "/problems/invalid-currency");
    }

    @Test
    void lowerCaseCurrency() {
        assertRefusedWithoutWriting("/orders", Api.order("x", "eur", sku, 1), 400, "/problems/validation");
    }

    @Test
    void unknownDiscountClaim() {
        assertRefusedWithoutWriting("/orders", """
                {"customerId":"x","currency":"EUR","shippingAddress":{"name":"Ann Example","line1":"742 Evergreen Terrace","postalCode":"10115","city":"Berlin","country":"DE"},"payment":{"cardToken":"tok_visa_4242"},"lines":[{"sku":"%s","quantity":1}],
                 "discountClaim":{"campaignId":"no-such-campaign","claimId":"%s"}}""".formatted(sku, java.util.UUID.randomUUID()),
                422, "/problems/unknown-claim");
    }

    @Test
    void duplicateProduct() {
        assertRefusedWithoutWriting("/products", Api.product(sku, 1000, "EUR", 10), 409, "/problems/product-already-exists");
    }

    @Test
    void malformedSku() {
        assertRefusedWithoutWriting("/products", Api.product("lower case", 1000, "EUR", 10), 400, "/problems/validation");
    }

    @Test
    void negativeInitialStock() {
        assertRefusedWithoutWriting("/products", Api.product(unique("NEG"), 1000, "EUR", -1), 400, "/problems/validation");
    }

    @Test
    void restockOfAnUnknownProduct() {
        assertRefusedWithoutWriting("/products/" + unique("NOPE") + "/restock", "{\"quantity\":1}", 404,
                "/problems/unknown-product");
    }

    @Test
    void notJson() {
        long before = storedEvents();
        Api.Response response = api.postRaw("/orders", "text/plain", "hello");
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.isProblem()).isTrue();
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void unknownOrderAndProduct() {
        assertRefused(api.get("/orders/" + java.util.UUID.randomUUID()), 404, "/problems/order-not-found");
        assertRefused(api.get("/products/" + unique("NOPE")), 404, "/problems/unknown-product");
        assertRefused(api.post("/orders/" + java.util.UUID.randomUUID() + "/cancel", "{}"), 404, "/problems/order-not-found");
    }

    @Test
    void invalidCursorAndPaging() {
        Api.Response cursor = api.get("/customers/x/orders?cursor=not-a-cursor");
        assertThat(cursor.status()).isEqualTo(400);
        assertThat(cursor.isProblem()).isTrue();
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
